//! A Key Vault reference's Certificates grid: its entries (Name,
//! Description, Type: Certificate or Secret), added, edited and deleted
//! here, with the chains of certificates each one is in.

use domain::model::EntryFormField as F;
use domain::model::{EntryDraft, EntryType, Id};
use leptos::prelude::*;

use super::grid::{names_view, ReferenceGrid};
use crate::state::AppState;
use crate::ui::components::{ConfirmDelete, Form, OutcomeNotice, Report, SelectField, TextField};

/// Which entry the entry form shows: a new one (Add) or one being edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EntryMode {
    Add,
    Edit(Id),
}

#[component]
pub fn Certificates(reference: Id) -> impl IntoView {
    let state = AppState::get();
    let mode = RwSignal::new(EntryMode::Add);
    let outcome = RwSignal::new(None::<Report>);
    let grid = ReferenceGrid::new(state, reference);
    let rows = grid.rows(|r| r.certificates().iter().map(|e| e.id()).collect());
    let cell = move |entry: Id, get| grid.cell(entry, get);
    let delete = move |entry: Id| {
        let name = cell(entry, |r, e| r.entry(e).map(|e| e.name().to_string()))();
        match state.apply(|ws| ws.delete_entry(reference, entry)) {
            Ok(()) => {
                outcome.set(Some(Report::Done(format!(
                    "'{}' deleted.",
                    name.unwrap_or_default()
                ))));
                if mode.get_untracked() == EntryMode::Edit(entry) {
                    mode.set(EntryMode::Add);
                }
            }
            Err(e) => outcome.set(Some(Report::refused(e))),
        }
    };

    view! {
        <section class="subsection" aria-labelledby="certs-title">
            <h4 id="certs-title">"Certificates"</h4>
            <p class="field-hint">
                "Each line names an object in this vault: a secret (such as the one holding the storage account's SAS URL) or a certificate. Only names, never values. Chains of certificates are listed below."
            </p>
            <OutcomeNotice outcome=outcome/>
            <Show
                when=move || rows.with(|r| !r.is_empty())
                fallback=|| view! { <p class="empty">"No certificates or secrets yet."</p> }
            >
                <table class="grid" aria-label="Certificates">
                    <thead>
                        <tr>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Description"</th>
                            <th scope="col">"Type"</th>
                            <th scope="col">"In chains"</th>
                            <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || rows.get() key=|id| *id let:entry>
                            {
                                let name = Signal::derive(cell(entry, |r, e| r.entry(e).map(|e| e.name().to_string())));
                                let chains = grid.cell(entry, |r, e| Some(r.chains_with(e)));
                                view! {
                                    <tr class:selected=move || mode.get() == EntryMode::Edit(entry)>
                                        <td data-label="Name">
                                            <button
                                                type="button"
                                                class="link"
                                                on:click=move |_| {
                                                    outcome.set(None);
                                                    mode.set(EntryMode::Edit(entry));
                                                }
                                            >
                                                {move || name.get()}
                                            </button>
                                        </td>
                                        <td data-label="Description">{cell(entry, |r, e| r.entry(e).map(|e| e.description().to_string()))}</td>
                                        <td data-label="Type">{cell(entry, |r, e| r.entry(e).map(|e| e.entry_type().label().to_string()))}</td>
                                        <td data-label="In chains">{move || names_view(chains(), ", ")}</td>
                                        <td>
                                            <ConfirmDelete
                                                what=Signal::derive(move || format!("'{}'", name.get().unwrap_or_default()))
                                                on_confirm=Callback::new(move |_| delete(entry))
                                            />
                                        </td>
                                    </tr>
                                }
                            }
                        </For>
                    </tbody>
                </table>
            </Show>
            {move || {
                let m = mode.get();
                view! { <EntryForm reference=reference mode=m set_mode=mode outcome=outcome/> }
            }}
        </section>
    }
}

/// Adds an entry, or edits the selected one.
#[component]
fn EntryForm(
    reference: Id,
    mode: EntryMode,
    set_mode: RwSignal<EntryMode>,
    outcome: RwSignal<Option<Report>>,
) -> impl IntoView {
    let state = AppState::get();
    let editing = match mode {
        EntryMode::Edit(id) => Some(id),
        EntryMode::Add => None,
    };
    let initial = state.workspace.with_untracked(|ws| {
        editing
            .and_then(|id| ws.reference(reference)?.entry(id).cloned())
            .map(|e| EntryDraft {
                name: e.name().to_string(),
                description: e.description().to_string(),
                entry_type: e.entry_type(),
            })
            .unwrap_or_default()
    });
    let form = Form::new(initial, move |d: &EntryDraft| {
        state.workspace.with(|ws| d.check(ws, reference, editing))
    });
    let type_options: Vec<(String, String)> = EntryType::ALL
        .into_iter()
        .map(|t| (t.wire().to_string(), t.label().to_string()))
        .collect();
    let entry_type = Signal::derive(move || form.draft.with(|d| d.entry_type.wire().to_string()));
    let set_type = Callback::new(move |v: String| {
        if let Some(t) = EntryType::parse(&v) {
            form.draft.update(|d| d.entry_type = t);
        }
    });

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        outcome.set(None);
        let Some(input) = form.submit() else { return };
        let name = input.name.to_string();
        let result = match editing {
            Some(id) => state
                .apply(|ws| ws.update_entry(reference, id, input))
                .map(|_| id),
            None => state.apply(|ws| ws.add_entry(reference, input)),
        };
        match result {
            Ok(id) => {
                outcome.set(Some(Report::Done(format!("'{name}' saved."))));
                // A new entry opens for editing; an edited one stays.
                set_mode.set(EntryMode::Edit(id));
            }
            Err(e) => outcome.set(Some(Report::refused(e))),
        }
    };

    view! {
        <form class="editor nested" on:submit=save novalidate aria-label="Certificate or secret">
            <h5>{if editing.is_some() { "Edit certificate or secret" } else { "Add a certificate or secret" }}</h5>
            <TextField
                id="entry-name"
                label="Name"
                required=true
                hint="The object's name in the Key Vault (letters, digits and hyphens). For the storage account, the name of the secret that holds its SAS URL, never the URL or the token itself."
                value=form.value(F::Name)
                on_input=form.setter(F::Name)
                error=form.error(F::Name)
            />
            <TextField
                id="entry-description"
                label="Description"
                value=form.value(F::Description)
                on_input=form.setter(F::Description)
                error=form.error(F::Description)
            />
            <SelectField
                id="entry-type"
                label="Type"
                hint="A public .cer stored in Key Vault as a secret is still entered as Certificate."
                options=Signal::stored(type_options)
                value=entry_type
                on_change=set_type
            />
            <div class="actions">
                <button type="submit" class="primary">{if editing.is_some() { "Save" } else { "Add" }}</button>
                {editing.map(|_| view! {
                    <button type="button" on:click=move |_| { outcome.set(None); set_mode.set(EntryMode::Add) }>
                        "Add another"
                    </button>
                })}
            </div>
        </form>
    }
}
