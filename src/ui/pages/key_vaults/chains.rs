//! A Key Vault reference's chains of certificates, as RCS has them on the
//! Key Vault parameters page ("Chain of certificates … New … Name …
//! Description … in the Certificates section, select Add … Up or Down"):
//! the list, and the form that creates a chain, renames it, orders its
//! certificates and deletes it.

use domain::model::ChainFormField as F;
use domain::model::{ChainDraft, Id};
use leptos::prelude::*;

use super::chain::ChainMembers;
use super::grid::{names_view, ReferenceGrid};
use crate::state::AppState;
use crate::ui::components::{ConfirmDelete, Form, OutcomeNotice, Report, TextField};

/// Which chain the form shows: a new one, or one being edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ChainMode {
    Closed,
    New,
    Edit(Id),
}

#[component]
pub fn Chains(reference: Id) -> impl IntoView {
    let state = AppState::get();
    let mode = RwSignal::new(ChainMode::Closed);
    let outcome = RwSignal::new(None::<Report>);
    let grid = ReferenceGrid::new(state, reference);
    let rows = grid.rows(|r| r.chains().iter().map(|c| c.id()).collect());
    let cell = move |chain: Id, get| grid.cell(chain, get);
    let delete = move |chain: Id| {
        let name = cell(chain, |r, c| r.chain(c).map(|c| c.name().to_string()))();
        match state.apply(|ws| ws.delete_chain(reference, chain)) {
            Ok(()) => {
                outcome.set(Some(Report::Done(format!(
                    "Chain of certificates '{}' deleted.",
                    name.unwrap_or_default()
                ))));
                if mode.get_untracked() == ChainMode::Edit(chain) {
                    mode.set(ChainMode::Closed);
                }
            }
            Err(e) => outcome.set(Some(Report::refused(e))),
        }
    };

    view! {
        <section class="subsection" aria-labelledby="chains-title">
            <h4 id="chains-title">"Chains of certificates"</h4>
            <p class="field-hint">
                "A chain lists certificates of this reference in order: the CA root certificate first, the end-user certificate last. An empty chain keeps the environments that use this reference from being published."
            </p>
            <div class="toolbar">
                <button
                    type="button"
                    on:click=move |_| {
                        outcome.set(None);
                        mode.set(ChainMode::New);
                    }
                >
                    "New chain"
                </button>
            </div>
            <OutcomeNotice outcome=outcome/>
            <Show
                when=move || rows.with(|r| !r.is_empty())
                fallback=|| view! { <p class="empty">"No chains of certificates yet."</p> }
            >
                <table class="grid" aria-label="Chains of certificates">
                    <thead>
                        <tr>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Description"</th>
                            <th scope="col">"Certificates (root first)"</th>
                            <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || rows.get() key=|id| *id let:chain>
                            {
                                let name = Signal::derive(cell(chain, |r, c| r.chain(c).map(|c| c.name().to_string())));
                                let members = grid.cell(chain, |r, c| Some(r.member_names(c)));
                                view! {
                                    <tr class:selected=move || mode.get() == ChainMode::Edit(chain)>
                                        <td data-label="Name">
                                            <button
                                                type="button"
                                                class="link"
                                                on:click=move |_| {
                                                    outcome.set(None);
                                                    mode.set(ChainMode::Edit(chain));
                                                }
                                            >
                                                {move || name.get()}
                                            </button>
                                        </td>
                                        <td data-label="Description">{cell(chain, |r, c| r.chain(c).map(|c| c.description().to_string()))}</td>
                                        <td data-label="Certificates (root first)" class="mono">{move || names_view(members(), " › ")}</td>
                                        <td>
                                            <ConfirmDelete
                                                what=Signal::derive(move || format!("chain '{}'", name.get().unwrap_or_default()))
                                                on_confirm=Callback::new(move |_| delete(chain))
                                            />
                                        </td>
                                    </tr>
                                }
                            }
                        </For>
                    </tbody>
                </table>
            </Show>
            {move || match mode.get() {
                ChainMode::Closed => ().into_any(),
                ChainMode::New => view! { <ChainForm reference=reference editing=None mode=mode outcome=outcome/> }.into_any(),
                ChainMode::Edit(id) => view! { <ChainForm reference=reference editing=Some(id) mode=mode outcome=outcome/> }.into_any(),
            }}
        </section>
    }
}

/// A chain's Name and Description, and once it exists its certificates.
#[component]
fn ChainForm(
    reference: Id,
    editing: Option<Id>,
    mode: RwSignal<ChainMode>,
    outcome: RwSignal<Option<Report>>,
) -> impl IntoView {
    let state = AppState::get();
    let initial = editing
        .and_then(|id| {
            state
                .workspace
                .with_untracked(|ws| ChainDraft::of(ws, reference, id))
        })
        .unwrap_or_default();
    let form = Form::new(initial, move |d: &ChainDraft| {
        state.workspace.with(|ws| d.check(ws, reference, editing))
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        outcome.set(None);
        let Some(input) = form.submit() else { return };
        let name = input.name.to_string();
        let result = match editing {
            Some(id) => state
                .apply(|ws| ws.update_chain(reference, id, input))
                .map(|_| id),
            None => state.apply(|ws| ws.add_chain(reference, input)),
        };
        match result {
            Ok(id) => {
                let added = editing.is_none();
                outcome.set(Some(Report::Done(if added {
                    format!(
                        "Chain of certificates '{name}' saved. Add its certificates, root first."
                    )
                } else {
                    format!("Chain of certificates '{name}' saved.")
                })));
                // A new chain opens for editing, with its certificates.
                mode.set(ChainMode::Edit(id));
            }
            Err(e) => outcome.set(Some(Report::refused(e))),
        }
    };

    view! {
        <form class="editor nested" on:submit=save novalidate aria-label="Chain of certificates">
            <h5>{if editing.is_some() { "Chain of certificates" } else { "New chain of certificates" }}</h5>
            <TextField
                id="chain-name"
                label="Name"
                required=true
                autofocus=editing.is_none()
                hint="A name of your choice for the chain (it is not an object in the Key Vault)."
                value=form.value(F::Name)
                on_input=form.setter(F::Name)
                error=form.error(F::Name)
            />
            <TextField
                id="chain-description"
                label="Description"
                value=form.value(F::Description)
                on_input=form.setter(F::Description)
                error=form.error(F::Description)
            />
            <div class="actions">
                <button type="submit" class="primary">"Save"</button>
                <button type="button" on:click=move |_| mode.set(ChainMode::Closed)>"Close"</button>
            </div>
        </form>
        {editing.map(|chain| view! { <ChainMembers reference=reference chain=chain outcome=outcome/> })}
    }
}
