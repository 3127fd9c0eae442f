//! An environment's Applications: programs other than Finance allowed to
//! call the service. Microsoft must register each one, so next to the
//! list sits the registration request the seed describes, ready to copy or
//! to open as an email.

use domain::model::ApplicationFormField as F;
use domain::model::{ApplicationDraft, Id, Workspace};
use domain::values::Name;
use leptos::prelude::*;

use crate::state::AppState;
use crate::ui::components::{ConfirmDelete, Form, OutcomeNotice, Report, TextField};

/// Where the seed says to send the request.
const REGISTRATION_ADDRESS: &str = "DGXRegulatoryservicesengineering@service.microsoft.com";

/// The request for one application, in the seed's terms.
fn registration_request(
    ws: &Workspace,
    environment: Id,
    application: Id,
) -> Option<(String, String)> {
    let env = ws.environment(environment)?;
    let app = env.applications().iter().find(|a| a.id() == application)?;
    let name = app.name().map(|n| n.as_str()).unwrap_or("(no name yet)");
    let subject = format!(
        "Electronic invoicing: register application {name} ({}) for environment {}",
        app.application_id(),
        env.name()
    );
    let body = format!(
        "Hello,\n\nPlease register the following application so that it can call the Electronic invoicing service (service environment {env}).\n\n\
         Name: {name}\n\
         AAD Tenant ID: {tenant}\n\
         LCS Environment ID: {lcs}\n\
         Application ID (Client ID): {client}\n\
         Object ID (enterprise application / service principal): {object}\n\
         Justification: {why}\n\nThank you.\n",
        env = env.name(),
        tenant = app.tenant_id(),
        lcs = app.lcs_environment_id(),
        client = app.application_id(),
        object = app.object_id(),
        why = app.justification(),
    );
    Some((subject, body))
}

/// Percent-encodes text for a `mailto:` query (RFC 6068): everything but
/// unreserved characters.
fn mailto_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[component]
pub fn Applications(environment: Id) -> impl IntoView {
    let state = AppState::get();
    let outcome = RwSignal::new(None::<Report>);
    let selected = RwSignal::new(None::<Id>);
    let rows = Memo::new(move |_| {
        state.workspace.with(|ws| {
            ws.environment(environment)
                .map(|e| {
                    e.applications()
                        .iter()
                        .map(|a| {
                            (
                                a.id(),
                                a.name().map(ToString::to_string),
                                a.application_id().to_string(),
                                a.object_id().to_string(),
                                a.justification().to_string(),
                            )
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let request = Memo::new(move |_| {
        let app = selected.get()?;
        state
            .workspace
            .with(|ws| registration_request(ws, environment, app))
    });

    let form = Form::new(ApplicationDraft::default(), move |d: &ApplicationDraft| {
        state.workspace.with(|ws| d.check(ws, environment))
    });
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        outcome.set(None);
        let Some(input) = form.submit() else { return };
        let label = format!(
            "Application '{}' added. Send its registration request to Microsoft.",
            input
                .name
                .as_ref()
                .map_or_else(|| input.application_id.to_string(), ToString::to_string)
        );
        match state.apply(|ws| ws.add_application(environment, input)) {
            Ok(id) => {
                outcome.set(Some(Report::Done(label)));
                selected.set(Some(id));
                form.restart(ApplicationDraft::default());
            }
            Err(e) => outcome.set(Some(Report::refused(e))),
        }
    };
    let delete = move |id: Id| match state.apply(|ws| ws.remove_application(environment, id)) {
        Ok(()) => {
            if selected.get_untracked() == Some(id) {
                selected.set(None);
            }
            outcome.set(Some(Report::Done("Application deleted.".into())));
        }
        Err(e) => outcome.set(Some(Report::refused(e))),
    };

    view! {
        <section class="subsection" aria-labelledby="apps-section-title">
            <h4 id="apps-section-title">"Applications"</h4>
            <p class="field-hint">
                "Applications other than Finance that may call the service (to submit documents or read their status). Microsoft must register each one: add it here, then send the registration request."
            </p>
            <OutcomeNotice outcome=outcome/>
            <Show when=move || rows.with(|r| !r.is_empty())>
                <table class="grid" aria-label="Applications">
                    <thead>
                        <tr>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Application (client) ID"</th>
                            <th scope="col">"Object ID"</th>
                            <th scope="col">"Justification"</th>
                            <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || rows.get() key=|row| row.0 let:row>
                            {
                                let (id, name, client, object, why) = row;
                                let what = format!("application '{}'", name.clone().unwrap_or_else(|| client.clone()));
                                let unnamed = name.is_none();
                                view! {
                                    <tr class:selected=move || selected.get() == Some(id)>
                                        <td data-label="Name" class:attention=unnamed>
                                            <button type="button" class="link" on:click=move |_| selected.set(Some(id))>
                                                {name.unwrap_or_else(|| "(no name: name it)".into())}
                                            </button>
                                        </td>
                                        <td data-label="Application (client) ID" class="mono">{client}</td>
                                        <td data-label="Object ID" class="mono">{object}</td>
                                        <td data-label="Justification">{why}</td>
                                        <td>
                                            <ConfirmDelete what=what on_confirm=Callback::new(move |_| delete(id))/>
                                        </td>
                                    </tr>
                                }
                            }
                        </For>
                    </tbody>
                </table>
            </Show>
            {move || selected.get().map(|app| view! { <NameApplication environment=environment application=app outcome=outcome/> })}
            {move || request.get().map(|(subject, body)| {
                let href = format!("mailto:{REGISTRATION_ADDRESS}?subject={}&body={}", mailto_encode(&subject), mailto_encode(&body));
                view! {
                    <div class="editor nested">
                        <h5>"Registration request"</h5>
                        <p class="field-hint">{format!("Send to {REGISTRATION_ADDRESS}. Subject: {subject}")}</p>
                        <label for="registration-request" class="visually-hidden">"Registration request"</label>
                        <textarea id="registration-request" class="request" rows="10" readonly prop:value=body></textarea>
                        <div class="actions">
                            <a class="button" href=href>"Open as an email"</a>
                        </div>
                    </div>
                }
            })}
            <form class="editor nested" on:submit=add novalidate aria-label="Add an application">
                <h5>"Add an application"</h5>
                <TextField id="app-name" label="Name" required=true hint="The application's display name, as its app registration shows it." value=form.value(F::Name) on_input=form.setter(F::Name) error=form.error(F::Name)/>
                <TextField id="app-tenant-id" label="AAD Tenant ID" hint="The Microsoft Entra tenant's ID (a GUID)." value=form.value(F::TenantId) on_input=form.setter(F::TenantId) error=form.error(F::TenantId)/>
                <TextField id="app-lcs-id" label="LCS Environment ID" hint="The Lifecycle Services environment's ID (a GUID)." value=form.value(F::LcsEnvironmentId) on_input=form.setter(F::LcsEnvironmentId) error=form.error(F::LcsEnvironmentId)/>
                <TextField id="app-client-id" label="Application (client) ID" hint="From the app registration's Overview page." value=form.value(F::ApplicationId) on_input=form.setter(F::ApplicationId) error=form.error(F::ApplicationId)/>
                <TextField
                    id="app-object-id"
                    label="Object ID"
                    hint="The object ID of the application's enterprise application (service principal) in your tenant: Enterprise applications > the application > Object ID. Not the app registration's object ID, which differs."
                    value=form.value(F::ObjectId)
                    on_input=form.setter(F::ObjectId)
                    error=form.error(F::ObjectId)
                />
                <TextField id="app-justification" label="Justification" multiline=true hint="Why the application needs access, and what it does (sent to Microsoft with the request)." value=form.value(F::Justification) on_input=form.setter(F::Justification) error=form.error(F::Justification)/>
                <div class="actions"><button type="submit" class="primary">"Add"</button></div>
            </form>
        </section>
    }
}

/// The selected application's name: given one it lacks (kept from a
/// console that had none), or changed.
#[component]
fn NameApplication(
    environment: Id,
    application: Id,
    outcome: RwSignal<Option<Report>>,
) -> impl IntoView {
    let state = AppState::get();
    let current = state.workspace.with_untracked(|ws| {
        ws.environment(environment)
            .and_then(|e| e.applications().iter().find(|a| a.id() == application))
            .and_then(|a| a.name().map(ToString::to_string))
    });
    let unnamed = current.is_none();
    let text = RwSignal::new(current.unwrap_or_default());
    let error = RwSignal::new(None::<String>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = match Name::parse(&text.get_untracked()) {
            Ok(name) => name,
            Err(e) => return error.set(Some(e.to_string())),
        };
        error.set(None);
        let said = format!("Application named '{name}'.");
        match state.apply(|ws| ws.name_application(environment, application, name)) {
            Ok(()) => outcome.set(Some(Report::Done(said))),
            Err(e) => outcome.set(Some(Report::refused(e))),
        }
    };
    view! {
        <form class="editor nested" on:submit=save novalidate aria-label="Application name">
            {unnamed.then(|| view! {
                <p class="field-hint">"This application was added before applications had names. Enter its display name: the environment cannot be published until it has one."</p>
            })}
            <div class="inline">
                <TextField id="app-rename" label="Name" value=text on_input=Callback::new(move |v| text.set(v)) error=error/>
                <button type="submit">"Save name"</button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::mailto_encode;

    #[test]
    fn mailto_text_is_percent_encoded() {
        assert_eq!(mailto_encode("a b&c=d\n?é"), "a%20b%26c%3Dd%0A%3F%C3%A9");
        assert_eq!(mailto_encode("Az09-._~"), "Az09-._~");
    }
}
