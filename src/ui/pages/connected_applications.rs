//! Connected applications: the Finance instances that use service
//! environments, with the two values Finance needs for each environment it
//! uses (service endpoint URL and environment name), ready to copy.

use domain::model::ConnectedAppFormField as F;
use domain::model::{ConnectedApplication, ConnectedApplicationDraft, Id};
use leptos::prelude::*;

use crate::routes::Page;
use crate::state::AppState;
use crate::ui::components::{
    ConfirmDelete, Editor, ErrorList, Form, FormHeading, Mode, Naming, Outcome, TextField,
};

#[component]
pub fn ConnectedApplicationsPage() -> impl IntoView {
    let state = AppState::get();
    let editor = Editor::from_context(Naming {
        page: Page::ConnectedApplications,
        name_of: |ws, id| ws.connected_application(id).map(|a| a.name().to_string()),
        id_of: |ws, name| ws.connected_application_by_name(name).map(|a| a.id()),
        what: "connected application",
    });
    let rows = Memo::new(move |_| {
        state.workspace.with(|ws| {
            ws.connected_applications()
                .iter()
                .map(|a| a.id())
                .collect::<Vec<_>>()
        })
    });
    let cell = move |id: Id, get: fn(&ConnectedApplication) -> String| {
        move || {
            state
                .workspace
                .with(|ws| ws.connected_application(id).map(get))
        }
    };
    let linked = move |id: Id| {
        move || {
            state.workspace.with(|ws| {
                ws.connected_application(id)
                    .map(|a| {
                        a.environments()
                            .iter()
                            .filter_map(|e| ws.environment(*e))
                            .map(|e| e.name().to_string())
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .unwrap_or_default()
            })
        }
    };

    view! {
        <section class="page" aria-labelledby="apps-title">
            <h2 id="apps-title">"Connected applications"</h2>
            <p class="page-intro">
                "The Dynamics 365 Finance instances that submit electronic invoices through your service environments."
            </p>
            <div class="toolbar">
                <button type="button" node_ref=editor.new_button on:click=move |_| editor.open(Mode::New)>"New"</button>
            </div>
            <Show when=move || editor.mode.get() == Mode::Closed>
                <Outcome editor=editor/>
            </Show>
            <Show
                when=move || rows.with(|r| !r.is_empty())
                fallback=|| view! { <p class="empty">"No connected applications yet. Select New to add one."</p> }
            >
                <table class="grid" aria-label="Connected applications">
                    <thead>
                        <tr>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Type"</th>
                            <th scope="col">"Application"</th>
                            <th scope="col">"Tenant"</th>
                            <th scope="col">"Service environments"</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || rows.get() key=|id| *id let:id>
                            <tr class:selected=move || editor.is_editing(id)>
                                <td data-label="Name">
                                    <button
                                        type="button"
                                        class="link"
                                        on:click=move |_| editor.open(Mode::Edit(id))
                                    >
                                        {cell(id, |a| a.name().to_string())}
                                    </button>
                                </td>
                                <td data-label="Type">{ConnectedApplication::TYPE}</td>
                                <td data-label="Application" class="mono">{cell(id, |a| a.url().to_string())}</td>
                                <td data-label="Tenant" class="mono">{cell(id, |a| a.tenant().to_string())}</td>
                                <td data-label="Service environments">{linked(id)}</td>
                            </tr>
                        </For>
                    </tbody>
                </table>
            </Show>
            {move || match editor.mode.get() {
                Mode::Closed => ().into_any(),
                mode => view! { <ApplicationForm editing=mode.editing() editor=editor/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn ApplicationForm(editing: Option<Id>, editor: Editor) -> impl IntoView {
    let state = AppState::get();
    let initial = state.workspace.with_untracked(|ws| {
        editing
            .and_then(|id| ws.connected_application(id))
            .map(|a| ConnectedApplicationDraft {
                name: a.name().to_string(),
                url: a.url().to_string(),
                tenant: a.tenant().to_string(),
            })
            .unwrap_or_default()
    });
    let form = Form::new(initial, move |d: &ConnectedApplicationDraft| {
        state.workspace.with(|ws| d.check(ws, editing))
    });

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        editor.clear();
        let Some(input) = form.submit() else { return };
        let what = format!("Connected application '{}'", input.name);
        editor.report_save(what, |ws| match editing {
            Some(id) => ws.update_connected_application(id, input).map(|_| id),
            None => ws.add_connected_application(input),
        });
    };
    let delete = move |_: ()| {
        if let Some(id) = editing {
            editor.report_delete(id, |ws| ws.delete_connected_application(id));
        }
    };

    view! {
        <form class="editor" on:submit=save novalidate aria-labelledby="app-form-title">
            <FormHeading id="app-form-title" editing=editing.is_some()>
                {if editing.is_some() { "Connected application" } else { "New connected application" }}
            </FormHeading>
            <Outcome editor=editor/>
            <ErrorList title="Correct these fields before saving:" items=form.all_errors()/>
            <TextField
                id="app-name"
                autofocus=editing.is_none()
                label="Name"
                required=true
                value=form.value(F::Name)
                on_input=form.setter(F::Name)
                error=form.error(F::Name)
            />
            <div class="field">
                <span class="label">"Type"</span>
                <p class="readonly">{ConnectedApplication::TYPE}</p>
            </div>
            <TextField
                id="app-url"
                label="Application"
                required=true
                hint="The Finance instance's URL, for example https://contoso.operations.dynamics.com/"
                value=form.value(F::Url)
                on_input=form.setter(F::Url)
                error=form.error(F::Url)
            />
            <TextField
                id="app-tenant"
                label="Tenant"
                required=true
                hint="The Microsoft Entra tenant: its ID (a GUID) or a verified domain such as contoso.onmicrosoft.com"
                value=form.value(F::Tenant)
                on_input=form.setter(F::Tenant)
                error=form.error(F::Tenant)
            />
            {editing.map(|id| view! { <EnvironmentLinks application=id editor=editor/> })}
            <div class="actions">
                <button type="submit" class="primary">"Save"</button>
                {editing.map(|id| view! { <ConfirmDelete what=editor.label(id) on_confirm=Callback::new(delete)/> })}
                <button type="button" on:click=move |_| editor.close()>"Close"</button>
            </div>
        </form>
    }
}

/// Which environments the application uses (one checkbox each), and for
/// each linked one the values to enter in Finance.
#[component]
fn EnvironmentLinks(application: Id, editor: Editor) -> impl IntoView {
    let state = AppState::get();
    let environments = Memo::new(move |_| {
        state.workspace.with(|ws| {
            let linked = ws
                .connected_application(application)
                .map(|a| a.environments().to_vec())
                .unwrap_or_default();
            ws.environments()
                .iter()
                .map(|e| (e.id(), e.name().to_string(), linked.contains(&e.id())))
                .collect::<Vec<_>>()
        })
    });
    let values = Memo::new(move |_| {
        state.workspace.with(|ws| {
            ws.finance_values(application)
                .into_iter()
                .map(|(_, v)| {
                    (
                        v.service_endpoint_url.to_string(),
                        v.environment_name.to_string(),
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    let endpoint_missing =
        Memo::new(move |_| state.workspace.with(|ws| ws.settings().endpoint.is_none()));
    let toggle = move |env: Id, on: bool| {
        let result = if on {
            state.apply(|ws| ws.link_environment(application, env))
        } else {
            state.apply(|ws| ws.unlink_environment(application, env))
        };
        if let Err(e) = result {
            editor.failed(e.to_string());
        }
    };

    view! {
        <fieldset class="links">
            <legend>"Service environments"</legend>
            <Show
                when=move || environments.with(|e| !e.is_empty())
                fallback=|| view! { <p class="empty">"No service environments yet."</p> }
            >
                {move || {
                    environments
                        .get()
                        .into_iter()
                        .map(|(id, name, on)| {
                            let (box_id, label_for) = (format!("link-{id}"), format!("link-{id}"));
                            view! {
                                <label class="check" for=label_for>
                                    <input
                                        id=box_id
                                        type="checkbox"
                                        prop:checked=on
                                        on:change=move |ev| toggle(id, event_target_checked(&ev))
                                    />
                                    {name}
                                </label>
                            }
                        })
                        .collect_view()
                }}
            </Show>
        </fieldset>
        <Show when=move || endpoint_missing.get()>
            <p class="field-hint">"Choose the service endpoint in Settings to see the values Finance needs."</p>
        </Show>
        <Show when=move || values.with(|v| !v.is_empty())>
            <table class="grid" aria-label="Values for Finance">
                <caption>"Enter these in Finance: Organization administration > Setup > Electronic document parameters > Submission services"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Electronic invoicing URL"</th>
                        <th scope="col">"Environment"</th>
                    </tr>
                </thead>
                <tbody>
                    {move || values.get().into_iter().map(|(url, name)| view! {
                        <tr>
                            <td data-label="Electronic invoicing URL"><input class="copy mono" readonly aria-label="Electronic invoicing URL" prop:value=url/></td>
                            <td data-label="Environment"><input class="copy mono" readonly aria-label="Environment" prop:value=name/></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </Show>
    }
}
