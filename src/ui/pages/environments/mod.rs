//! Service environments: the list with each environment's Status at a
//! glance, and the form for its own fields (Name, Description, Storage SAS
//! token secret) with what still blocks Publish.

mod applications;
mod bulk_users;
mod changes;
mod clone;
mod held;
mod publish;
mod sequences;
mod users;

use applications::Applications;
use bulk_users::BulkUsers;
use changes::ChangesSincePublish;
use clone::CloneEnvironment;
use domain::model::EnvironmentField;
use domain::model::EnvironmentFormField as F;
use domain::model::{EnvironmentDraft, Id, SecretRef, ServiceEnvironment};
use domain::publish::compare;
use domain::status::Status;
use domain::values::DataverseUri;
pub use held::{AdoptOutcome, StartFromService};
use held::{OnlyOnService, ServiceCell};
use leptos::prelude::*;
use publish::{service_error, service_errors, PublishButton, PublishPanel, RunNotice};
use sequences::NumberSequences;
use users::Users;

use crate::routes::Page;
use crate::service::Service;
use crate::state::AppState;
use crate::ui::components::{
    AfterPaint, ConfirmDelete, Editor, ErrorList, Form, FormHeading, Mode, Naming, Notice, Outcome,
    SelectField, TextField,
};

/// The select's value for a secret choice (`reference:entry`), `""` for
/// none.
fn choice_value(secret: Option<SecretRef>) -> String {
    secret
        .map(|s| format!("{}:{}", s.reference, s.entry))
        .unwrap_or_default()
}

/// The badge's classes: one colour per status (the label says it too).
fn status_class(status: Status) -> &'static str {
    match status {
        Status::NotPublished => "status status-not-published",
        Status::Published => "status status-published",
        Status::Changed => "status status-changed",
    }
}

#[component]
pub fn EnvironmentsPage() -> impl IntoView {
    let state = AppState::get();
    let held = Service::get().held;
    // The environment last published from this list, whose outcome shows
    // above it.
    let published_here = RwSignal::new(None::<Id>);
    let comparison = Memo::new(move |_| {
        held.with_list(|list| {
            list.map(|list| {
                (
                    state.workspace.with(|ws| compare(ws, &list.environments)),
                    list.read_at.clone(),
                )
            })
        })
    });
    let held_error = Memo::new(move |_| held.error());
    let checking = Memo::new(move |_| held.reading());
    // The list is on screen and answers clicks (effects run after mount).
    Effect::new(move |_| crate::perf::mark(crate::perf::LIST_RENDERED));
    let editor = Editor::from_context(Naming {
        page: Page::Environments,
        name_of: |ws, id| ws.environment(id).map(|e| e.name().to_string()),
        id_of: |ws, name| ws.environment_by_name(name).map(|e| e.id()),
        what: "service environment",
    });
    let rows = Memo::new(move |_| {
        state
            .workspace
            .with(|ws| ws.environments().iter().map(|e| e.id()).collect::<Vec<_>>())
    });
    let cell = move |id: Id, get: fn(&ServiceEnvironment) -> String| {
        move || state.workspace.with(|ws| ws.environment(id).map(get))
    };
    let status = move |id: Id| {
        Memo::new(move |_| {
            state
                .workspace
                .with(|ws| ws.status(id))
                .unwrap_or(Status::NotPublished)
        })
    };

    view! {
        <section class="page" aria-labelledby="env-title">
            <h2 id="env-title">"Service environments"</h2>
            <p class="page-intro">
                "A service environment is published to the Electronic invoicing service before Finance can use it. Create at least two: one for UAT, one for production."
            </p>
            <div class="toolbar">
                <button type="button" node_ref=editor.new_button on:click=move |_| editor.open(Mode::New)>"New"</button>
                <button
                    type="button"
                    disabled=move || checking.get()
                    on:click=move |_| held.refresh()
                >
                    {move || if checking.get() { "Reading the service…" } else { "Check what the service holds" }}
                </button>
            </div>
            {move || held_error.get().map(|m| view! { <Notice kind="error">{m}</Notice> })}
            {move || comparison.get().map(|(c, at)| {
                let attention = c.environments.iter().filter(|(_, v)| v.needs_attention()).count();
                let kind = if attention > 0 { "warning" } else { "info" };
                view! {
                    <Notice kind=kind>
                        {format!("What the service holds, read at {at}: ")}
                        {if attention == 0 {
                            "every environment published from this browser is as published here.".to_string()
                        } else {
                            format!("{attention} environment(s) differ from what this browser published; see the Service column.")
                        }}
                        {(!c.only_on_service.is_empty()).then(|| view! { <p>{format!("{} environment(s) held by the service are not in this workspace; see below.", c.only_on_service.len())}</p> })}
                    </Notice>
                }
            })}
            <OnlyOnService comparison=comparison/>
            <AdoptOutcome/>
            {move || published_here.get().map(|id| view! { <RunNotice environment=id brief=true/> })}
            <Show when=move || editor.mode.get() == Mode::Closed>
                <Outcome editor=editor/>
            </Show>
            <Show
                when=move || rows.with(|r| !r.is_empty())
                fallback=|| view! {
                    <p class="empty">"No service environments yet. Select New to create one."</p>
                    <StartFromService/>
                }
            >
                <table class="grid" aria-label="Service environments">
                    <thead>
                        <tr>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Description"</th>
                            <th scope="col">"Status"</th>
                            <Show when=move || comparison.with(Option::is_some)>
                                <th scope="col">"Service"</th>
                            </Show>
                            <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || rows.get() key=|id| *id let:id>
                            {
                                let status = status(id);
                                view! {
                                    <tr class:selected=move || editor.is_editing(id)>
                                        <td data-label="Name">
                                            <button
                                                type="button"
                                                class="link"
                                                on:click=move |_| editor.open(Mode::Edit(id))
                                            >
                                                {cell(id, |e| e.name().to_string())}
                                            </button>
                                        </td>
                                        <td data-label="Description">{cell(id, |e| e.description().to_string())}</td>
                                        <td data-label="Status">
                                            <span class=move || status_class(status.get())>
                                                {move || status.get().label()}
                                            </span>
                                        </td>
                                        {move || comparison.with(|c| c.as_ref().map(|(c, _)| {
                                            view! { <ServiceCell environment=id view=c.view(id).cloned() status=status/> }
                                        }))}
                                        <td on:click=move |_| published_here.set(Some(id))>
                                            <PublishButton
                                                environment=id
                                                label=format!("Publish {}", state.workspace.with_untracked(|ws| ws.environment(id).map(|e| e.name().to_string()).unwrap_or_default()))
                                            />
                                        </td>
                                    </tr>
                                }
                            }
                        </For>
                    </tbody>
                </table>
            </Show>
            {move || match (editor.generation.get(), editor.mode.get()).1 {
                Mode::Closed => ().into_any(),
                mode => view! { <EnvironmentForm editing=mode.editing() editor=editor/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn EnvironmentForm(editing: Option<Id>, editor: Editor) -> impl IntoView {
    let state = AppState::get();
    let placed = editing.map(service_errors);
    let (initial, initial_secret) = state.workspace.with_untracked(|ws| {
        editing
            .and_then(|id| ws.environment(id))
            .map(|e| {
                (
                    EnvironmentDraft {
                        name: e.name().to_string(),
                        description: e.description().to_string(),
                        dataverse_endpoint: e
                            .dataverse_endpoint()
                            .map(ToString::to_string)
                            .unwrap_or_default(),
                    },
                    e.storage_sas_secret(),
                )
            })
            .unwrap_or_default()
    });
    let form = Form::new(initial, move |d: &EnvironmentDraft| {
        state.workspace.with(|ws| d.check(ws, editing))
    });
    // A field shows its own validation first, else what the service said
    // of the same field at the last publish.
    // The full Web API URI offered for an organization URL pasted alone.
    let dataverse = form.value(F::DataverseEndpoint);
    let set_dataverse = form.setter(F::DataverseEndpoint);
    let dataverse_suggestion = Signal::derive(move || {
        let text = dataverse.get();
        (!text.trim().is_empty())
            .then(|| DataverseUri::parse(&text).err())
            .flatten()
            .and_then(|e| DataverseUri::suggestion(&e).map(str::to_string))
    });
    let field_error = move |field: F| {
        let own = form.error(field);
        let Some(placed) = placed else { return own };
        let field = EnvironmentField::from(field);
        let service = service_error(placed, move |p| p.field == field);
        Signal::derive(move || own.get().or_else(|| service.get()))
    };
    let secret = RwSignal::new(initial_secret);
    let choices = Memo::new(move |_| state.workspace.with(|ws| ws.secret_choices()));
    let options = Signal::derive(move || {
        std::iter::once((String::new(), "(none)".to_string()))
            .chain(
                choices
                    .get()
                    .into_iter()
                    .map(|c| (choice_value(Some(c.secret)), c.label)),
            )
            .collect::<Vec<_>>()
    });
    let choose = Callback::new(move |value: String| {
        let chosen = choices.with_untracked(|c| {
            c.iter()
                .find(|c| choice_value(Some(c.secret)) == value)
                .map(|c| c.secret)
        });
        secret.set(chosen);
    });
    let problems = Signal::derive(move || {
        editing
            .map(|id| {
                state.workspace.with(|ws| {
                    crate::perf::measure(crate::perf::VALIDATE, || ws.problems(id))
                        .into_iter()
                        .map(|p| p.message)
                        .collect()
                })
            })
            .unwrap_or_default()
    });

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        editor.clear();
        let Some(input) = form.submit() else { return };
        let what = format!("Service environment '{}'", input.name);
        let chosen = secret.get_untracked();
        editor.report_save(what, |ws| {
            let id = match editing {
                Some(id) => ws.update_environment(id, input).map(|_| id)?,
                None => ws.add_environment(input)?,
            };
            ws.set_storage_sas_secret(id, chosen).map(|_| id)
        });
    };
    let delete = move |_: ()| {
        if let Some(id) = editing {
            editor.report_delete(id, |ws| ws.delete_environment(id));
        }
    };

    view! {
        <form class="editor" on:submit=save novalidate aria-labelledby="env-form-title">
            <FormHeading id="env-form-title" editing=editing.is_some()>
                {if editing.is_some() { "Service environment" } else { "New service environment" }}
            </FormHeading>
            <Outcome editor=editor/>
            <ErrorList title="Correct these fields before saving:" items=form.all_errors()/>
            <TextField
                id="env-name"
                autofocus=editing.is_none()
                label="Name"
                required=true
                hint="Typed into Finance's Environment field: letters, digits, - and _ only."
                value=form.value(F::Name)
                on_input=form.setter(F::Name)
                error=field_error(F::Name)
            />
            <TextField
                id="env-description"
                label="Description"
                multiline=true
                value=form.value(F::Description)
                on_input=form.setter(F::Description)
                error=field_error(F::Description)
            />
            <TextField
                id="env-dataverse"
                label="Dataverse endpoint URI"
                hint="Optional: for the Electronic invoicing plug-in for Power Platform, https://{Dataverse organization URL}/api/data/v9.1/ (the organization URL is on the Power Platform admin center's environment page)."
                value=dataverse
                on_input=set_dataverse
                error=field_error(F::DataverseEndpoint)
            />
            {move || dataverse_suggestion.get().map(|s| {
                let label = format!("Use {s}");
                view! {
                    <button type="button" class="suggestion" on:click=move |_| set_dataverse.run(s.clone())>
                        {label}
                    </button>
                }
            })}
            <SelectField
                id="env-sas"
                label="Storage SAS token secret"
                hint="The name of the Key Vault secret that holds the storage account's SAS URL (a Secret entry of a Key Vault reference), never the token itself."
                options=options
                value=Signal::derive(move || choice_value(secret.get()))
                on_change=choose
            />
            <ErrorList title="Before this environment can be published:" items=problems/>
            <div class="actions">
                <button type="submit" class="primary">"Save"</button>
                {editing.map(|id| view! { <ConfirmDelete what=editor.label(id) on_confirm=Callback::new(delete)/> })}
                {editing.map(|id| view! { <CloneEnvironment environment=id editor=editor/> })}
                <button type="button" on:click=move |_| editor.close()>"Close"</button>
            </div>
        </form>
        {editing.map(|id| view! {
            <PublishPanel environment=id editor=editor/>
            <ChangesSincePublish environment=id editor=editor/>
            <Users environment=id/>
            <AfterPaint>
                <BulkUsers environment=id/>
                <Applications environment=id/>
                <NumberSequences environment=id/>
            </AfterPaint>
        })}
    }
}
