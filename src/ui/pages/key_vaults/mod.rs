//! Key Vault parameters: the list of Key Vault references and the form that
//! creates, edits and deletes them (Name, Description, Key Vault URI), with
//! each reference's certificates and secrets and its chains of
//! certificates.

mod certificates;
mod chain;
mod chains;
mod grid;

use certificates::Certificates;
use chains::Chains;
use domain::model::ReferenceFormField as F;
use domain::model::{Id, KeyVaultReference, KeyVaultReferenceDraft};
use domain::values::KeyVaultUri;
use leptos::prelude::*;

use crate::routes::Page;
use crate::state::AppState;
use crate::ui::components::{
    ConfirmDelete, Editor, ErrorList, Form, FormHeading, Mode, Naming, Notice, Outcome, TextField,
};

#[component]
pub fn KeyVaultsPage() -> impl IntoView {
    let state = AppState::get();
    let editor = Editor::from_context(Naming {
        page: Page::KeyVaults,
        name_of: |ws, id| ws.reference(id).map(|r| r.name().to_string()),
        id_of: |ws, name| ws.reference_by_name(name).map(|r| r.id()),
        what: "Key Vault reference",
    });
    let rows = Memo::new(move |_| {
        state.workspace.with(|ws| {
            ws.key_vault_references()
                .iter()
                .map(|r| r.id())
                .collect::<Vec<_>>()
        })
    });
    let cell = move |id: Id, get: fn(&KeyVaultReference) -> String| {
        move || state.workspace.with(|ws| ws.reference(id).map(get))
    };

    view! {
        <section class="page" aria-labelledby="kv-title">
            <h2 id="kv-title">"Key Vault parameters"</h2>
            <p class="page-intro">
                "A Key Vault reference names an Azure Key Vault and the certificates and secrets in it that the service may use. Only names are entered here, never a secret's value."
            </p>
            <div class="toolbar">
                <button type="button" node_ref=editor.new_button on:click=move |_| editor.open(Mode::New)>"New"</button>
            </div>
            <Show when=move || editor.mode.get() == Mode::Closed>
                <Outcome editor=editor/>
            </Show>
            <Show
                when=move || rows.with(|r| !r.is_empty())
                fallback=|| view! { <p class="empty">"No Key Vault references yet. Select New to add one."</p> }
            >
                <table class="grid" aria-label="Key Vault references">
                    <thead>
                        <tr>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Description"</th>
                            <th scope="col">"Key Vault URI"</th>
                            <th scope="col">"Certificates"</th>
                            <th scope="col">"Chains"</th>
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
                                        {cell(id, |r| r.name().to_string())}
                                    </button>
                                </td>
                                <td data-label="Description">{cell(id, |r| r.description().to_string())}</td>
                                <td
                                    data-label="Key Vault URI"
                                    class="mono"
                                    class:attention=move || state.workspace.with(|ws| ws.reference(id).is_some_and(|r| r.uri().refusal().is_some()))
                                >
                                    {cell(id, |r| r.uri().to_string())}
                                    {move || state.workspace.with(|ws| ws.reference(id).is_some_and(|r| r.uri().refusal().is_some())).then(|| view! {
                                        <span class="refused">" (refused: open the reference to correct it)"</span>
                                    })}
                                </td>
                                <td data-label="Certificates">{cell(id, |r| r.certificates().len().to_string())}</td>
                                <td data-label="Chains">{cell(id, |r| r.chains().len().to_string())}</td>
                            </tr>
                        </For>
                    </tbody>
                </table>
            </Show>
            {move || match editor.mode.get() {
                Mode::Closed => ().into_any(),
                mode => view! { <ReferenceForm editing=mode.editing() editor=editor/> }.into_any(),
            }}
        </section>
    }
}

/// The form for one reference. Re-created whenever the mode changes, so it
/// always starts from the saved values (or empty for New).
#[component]
fn ReferenceForm(editing: Option<Id>, editor: Editor) -> impl IntoView {
    let state = AppState::get();
    let initial = editing
        .and_then(|id| {
            state
                .workspace
                .with_untracked(|ws| KeyVaultReferenceDraft::of(ws, id))
        })
        .unwrap_or_default();
    let form = Form::new(initial, move |d: &KeyVaultReferenceDraft| {
        state.workspace.with(|ws| d.check(ws, editing))
    });
    let uri = form.value(F::Uri);
    let set_uri = form.setter(F::Uri);
    // A URI stored before a rule that refuses it now (a Managed HSM): said
    // at once, before anything is typed.
    let stored_refusal = editing.and_then(|id| {
        state.workspace.with_untracked(|ws| {
            ws.reference(id)
                .and_then(|r| r.uri().refusal().map(ToString::to_string))
        })
    });
    // What the domain offers beyond pass/fail: the vault part of a pasted
    // object identifier, and the warning for a retired cloud.
    let suggestion = Signal::derive(move || {
        KeyVaultUri::parse(&uri.get())
            .err()
            .and_then(|e| e.suggestion().map(str::to_string))
    });
    let warnings = Signal::derive(move || {
        KeyVaultUri::parse(&uri.get())
            .map(|u| {
                u.warnings()
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        editor.clear();
        let Some(input) = form.submit() else { return };
        let what = format!("Key Vault reference '{}'", input.name);
        editor.report_save(what, |ws| match editing {
            Some(id) => ws.update_reference(id, input).map(|_| id),
            None => ws.add_reference(input),
        });
    };
    let delete = move |_: ()| {
        if let Some(id) = editing {
            editor.report_delete(id, |ws| ws.delete_reference(id));
        }
    };

    view! {
        <form class="editor" on:submit=save novalidate aria-labelledby="kv-form-title">
            <FormHeading id="kv-form-title" editing=editing.is_some()>
                {if editing.is_some() { "Key Vault reference" } else { "New Key Vault reference" }}
            </FormHeading>
            <Outcome editor=editor/>
            <ErrorList title="Correct these fields before saving:" items=form.all_errors()/>
            {stored_refusal.map(|why| view! {
                <Notice kind="error">
                    {format!("This reference's Key Vault URI, kept from before, is refused now: {why} The service environments that use this reference cannot be published until you correct it.")}
                </Notice>
            })}
            <TextField
                id="kv-name"
                autofocus=editing.is_none()
                label="Name"
                required=true
                value=form.value(F::Name)
                on_input=form.setter(F::Name)
                error=form.error(F::Name)
            />
            <TextField
                id="kv-description"
                label="Description"
                multiline=true
                value=form.value(F::Description)
                on_input=form.setter(F::Description)
                error=form.error(F::Description)
            />
            <TextField
                id="kv-uri"
                label="Key Vault URI"
                required=true
                hint="The vault's DNS name as a URL: in the Azure portal, the vault's Overview shows it as Vault URI, for example https://contoso-einvoicing.vault.azure.net/. Not the address of one secret (…/secrets/…)."
                value=uri
                on_input=set_uri
                error=form.error(F::Uri)
            />
            {move || suggestion.get().map(|s| {
                let label = format!("Use {s}");
                view! {
                    <button type="button" class="suggestion" on:click=move |_| set_uri.run(s.clone())>
                        {label}
                    </button>
                }
            })}
            {move || warnings.get().into_iter().map(|w| view! { <Notice kind="warning">{w}</Notice> }).collect_view()}
            <div class="actions">
                <button type="submit" class="primary">"Save"</button>
                {editing.map(|id| view! { <ConfirmDelete what=editor.label(id) on_confirm=Callback::new(delete)/> })}
                <button type="button" on:click=move |_| editor.close()>"Close"</button>
            </div>
        </form>
        {editing.map(|id| view! {
            <Certificates reference=id/>
            <Chains reference=id/>
        })}
    }
}
