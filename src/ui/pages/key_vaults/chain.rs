//! A chain of certificates' members, in order: root first, intermediates,
//! the end-entity certificate last (RCS: "Keep the CA root certificate at
//! the top of the list and the end-user certificate at the bottom"). Added
//! at the end, moved with Up/Down; only Certificate entries of the same
//! reference can be members (the workspace refuses the rest).

use domain::model::{Direction, EntryType, Id};
use leptos::prelude::*;

use crate::state::AppState;
use crate::ui::components::{Report, SelectField};

#[component]
pub fn ChainMembers(reference: Id, chain: Id, outcome: RwSignal<Option<Report>>) -> impl IntoView {
    let state = AppState::get();
    // (id, name) of the members in order, and of the certificates that
    // could still join.
    let members = Memo::new(move |_| {
        state.workspace.with(|ws| {
            ws.reference(reference)
                .and_then(|r| {
                    let chain = r.chain(chain)?;
                    Some(
                        chain
                            .members()
                            .iter()
                            .filter_map(|m| r.entry(*m).map(|e| (*m, e.name().to_string())))
                            .collect::<Vec<_>>(),
                    )
                })
                .unwrap_or_default()
        })
    });
    let candidates = Memo::new(move |_| {
        let taken: Vec<Id> = members.with(|m| m.iter().map(|(id, _)| *id).collect());
        state.workspace.with(|ws| {
            ws.reference(reference)
                .map(|r| {
                    r.certificates()
                        .iter()
                        .filter(|e| {
                            e.entry_type() == EntryType::Certificate && !taken.contains(&e.id())
                        })
                        .map(|e| (e.id(), e.name().to_string()))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let chosen = RwSignal::new(String::new());
    let report = move |result: Result<(), domain::model::WorkspaceError>| {
        outcome.set(result.err().map(Report::refused));
    };
    let shift = move |member: Id, direction: Direction| {
        report(state.apply(|ws| ws.move_chain_member(reference, chain, member, direction)));
    };
    let remove = move |member: Id| {
        report(state.apply(|ws| ws.remove_chain_member(reference, chain, member)));
    };
    let add = move |_| {
        let value = chosen.get_untracked();
        let Some(pick) = candidates.with_untracked(|c| {
            c.iter()
                .find(|(id, _)| id.to_string() == value)
                .map(|(id, _)| *id)
        }) else {
            return;
        };
        report(state.apply(|ws| ws.add_chain_member(reference, chain, pick)));
        chosen.set(String::new());
    };
    let options = Signal::derive(move || {
        std::iter::once((String::new(), "(choose a certificate)".to_string()))
            .chain(
                candidates
                    .get()
                    .into_iter()
                    .map(|(id, name)| (id.to_string(), name)),
            )
            .collect::<Vec<_>>()
    });

    view! {
        <fieldset class="chain">
            <legend>"Certificates (root first, end-user certificate last)"</legend>
            <Show
                when=move || members.with(|m| !m.is_empty())
                fallback=|| view! { <p class="empty">"No certificates in this chain yet: it cannot be published until it has some."</p> }
            >
                <ol class="chain-members">
                    {move || {
                        let list = members.get();
                        let last = list.len().saturating_sub(1);
                        list.into_iter()
                            .enumerate()
                            .map(|(i, (id, name))| {
                                let (up, down, del) = (format!("Move {name} up"), format!("Move {name} down"), format!("Remove {name} from the chain"));
                                view! {
                                    <li>
                                        <span class="mono">{name}</span>
                                        <button type="button" aria-label=up disabled=i == 0 on:click=move |_| shift(id, Direction::Up)>"Up"</button>
                                        <button type="button" aria-label=down disabled=i == last on:click=move |_| shift(id, Direction::Down)>"Down"</button>
                                        <button type="button" aria-label=del on:click=move |_| remove(id)>"Remove"</button>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ol>
            </Show>
            <Show
                when=move || candidates.with(|c| !c.is_empty())
                fallback=|| view! { <p class="field-hint">"Add entries of Type Certificate to this reference to put them in the chain."</p> }
            >
                <div class="inline">
                    <SelectField
                        id="chain-add"
                        label="Certificate"
                        options=options
                        value=chosen
                        on_change=Callback::new(move |v| chosen.set(v))
                    />
                    <button type="button" on:click=add>"Add to chain"</button>
                </div>
            </Show>
        </fieldset>
    }
}
