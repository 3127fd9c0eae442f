//! What the service holds, brought into this workspace: the environments
//! held there and not here (each with "Add to this workspace", and "Add
//! all"), the conflicts of one that could not be added (this workspace's
//! side and the service's, with "Take the service's"), "Start from what
//! the service holds" for a fresh workspace, and "Take the service's
//! version" for an environment newer there.
//!
//! The reading, merging and conflicts are the flow's and the domain's
//! (`api::adopt`, `domain::adopt`); these views show them and dispatch.

use domain::adopt::{Conflict, Incoming};
use domain::model::Id;
use domain::publish::{by_whom, shown_time, Comparison, ServiceView};
use domain::status::Status;
use leptos::prelude::*;

use crate::service::Service;
use crate::state::AppState;
use crate::ui::components::{Notice, OutcomeNotice, Report};

/// The list of environments the service holds and this workspace lacks.
#[component]
pub fn OnlyOnService(comparison: Memo<Option<(Comparison, String)>>) -> impl IntoView {
    let adopt = Service::get().adopt;
    let rows = Memo::new(move |_| {
        comparison.with(|c| {
            c.as_ref()
                .map(|(c, _)| c.only_on_service.clone())
                .unwrap_or_default()
        })
    });
    view! {
        <Show when=move || rows.with(|r| !r.is_empty())>
            <section class="held" aria-labelledby="held-title">
                <h3 id="held-title">"Held by the service but not in this workspace"</h3>
                <p class="field-hint">
                    "Add one to work on it here: it comes in Published, with its users, applications, number sequences and the Key Vault references it uses."
                </p>
                <div class="toolbar">
                    <button type="button" disabled=move || adopt.busy() on:click=move |_| adopt.add_all()>
                        {move || if adopt.busy() { "Adding…" } else { "Add all" }}
                    </button>
                </div>
                <table class="grid cards" aria-label="Held by the service but not in this workspace">
                    <thead>
                        <tr>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Revision"</th>
                            <th scope="col">"Published"</th>
                            <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || rows.get() key=|h| (h.name.clone(), h.revision.clone()) let:held>
                            {
                                let name = held.name.clone();
                                let by = by_whom(held.published_by.as_deref());
                                let label = format!("Add {} to this workspace", held.name);
                                let adding = {
                                    let name = name.clone();
                                    move || adopt.adding().is_some_and(|n| n == name)
                                };
                                view! {
                                    <tr>
                                        <td data-label="Name">{held.name.clone()}</td>
                                        <td data-label="Revision">{held.revision.to_string()}</td>
                                        <td data-label="Published">{format!("{}{by}", shown_time(&held.published_at))}</td>
                                        <td class="row-actions">
                                            <button
                                                type="button"
                                                aria-label=label
                                                disabled=move || adopt.busy()
                                                on:click=move |_| adopt.add(name.clone())
                                            >
                                                {move || if adding() { "Adding…" } else { "Add to this workspace" }}
                                            </button>
                                        </td>
                                    </tr>
                                }
                            }
                        </For>
                    </tbody>
                </table>
            </section>
        </Show>
    }
}

/// What the last add, "Add all" or take came to, and the environments
/// waiting for their conflicts to be resolved.
#[component]
pub fn AdoptOutcome() -> impl IntoView {
    view! {
        <AdoptReport/>
        <Waiting/>
    }
}

#[component]
fn AdoptReport() -> impl IntoView {
    let adopt = Service::get().adopt;
    move || {
        adopt.report().map(|report| {
            view! {
                <Notice kind=report.kind>
                    {report.lines.into_iter().map(|line| view! { <p>{line}</p> }).collect_view()}
                </Notice>
            }
        })
    }
}

/// The environments read from the service and not added for their
/// conflicts, each side by side with this workspace.
#[component]
fn Waiting() -> impl IntoView {
    let adopt = Service::get().adopt;
    view! {
        <For
            each=move || adopt.waiting()
            key=|incoming| (incoming.name().to_string(), incoming.revision().to_string())
            let:incoming
        >
            <ConflictsOf incoming=incoming/>
        </For>
    }
}

#[component]
fn ConflictsOf(incoming: Incoming) -> impl IntoView {
    let state = AppState::get();
    let adopt = Service::get().adopt;
    let name = incoming.name().to_string();
    let incoming = StoredValue::new(incoming);
    // Read again as the workspace changes: renaming here, or taking the
    // service's side, resolves them.
    let conflicts = Memo::new(move |_| {
        state
            .workspace
            .with(|ws| incoming.with_value(|i| ws.conflicts_with(i)))
    });
    let outcome = RwSignal::new(None::<Report>);
    let take = move |conflict: Conflict| {
        let result = incoming.with_value(|i| state.apply(|ws| ws.take_service_side(i, &conflict)));
        outcome.set(match result {
            Ok(()) => None,
            Err(e) => Some(Report::refused(e)),
        });
    };
    let title = format!("{name} was not added: it conflicts with this workspace");
    let (add_name, aside_name, region) = (name.clone(), name.clone(), title.clone());
    view! {
        <section class="notice notice-warning conflict" aria-label=region>
            <p><strong>{title}</strong></p>
            <p>"Nothing of it was added. For each line, rename yours (in Key Vault parameters), or take the service's; then add it."</p>
            <table class="grid cards" aria-label=format!("Conflicts of {name}")>
                <thead>
                    <tr>
                        <th scope="col">"What"</th>
                        <th scope="col">"In this workspace"</th>
                        <th scope="col">"On the service"</th>
                        <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>
                    {move || conflicts.get().into_iter().map(|conflict| {
                        let remedy = conflict.remedy();
                        let label = format!("Take the service's: {}", conflict.subject());
                        let taking = conflict.clone();
                        view! {
                            <tr>
                                <td data-label="What">{conflict.subject()}<span class="field-hint remedy">{remedy}</span></td>
                                <td data-label="In this workspace">{conflict.here()}</td>
                                <td data-label="On the service">{conflict.there()}</td>
                                <td class="row-actions">
                                    <button type="button" aria-label=label on:click=move |_| take(taking.clone())>
                                        "Take the service's"
                                    </button>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <OutcomeNotice outcome=outcome/>
            <div class="actions">
                <button
                    type="button"
                    class="primary"
                    disabled=move || conflicts.with(|c| !c.is_empty())
                    on:click=move |_| adopt.add_waiting(state, &add_name)
                >
                    {format!("Add {name}")}
                </button>
                <button type="button" on:click=move |_| adopt.set_aside(&aside_name)>"Set aside"</button>
            </div>
        </section>
    }
}

/// For a fresh workspace whose endpoint is in use: start from what the
/// team already published.
#[component]
pub fn StartFromService() -> impl IntoView {
    let state = AppState::get();
    let service = Service::get();
    let adopt = service.adopt;
    let offered = Memo::new(move |_| {
        !service.page.is_sample()
            && state
                .workspace
                .with(|ws| ws.environments().is_empty() && service.page.endpoint(ws).is_some())
    });
    view! {
        <Show when=move || offered.get()>
            <div class="start-from-service">
                <p>"Your team may already have published environments: bring every one the service holds into this workspace, Published as it is there."</p>
                <button type="button" class="primary" disabled=move || adopt.busy() on:click=move |_| adopt.add_all()>
                    {move || if adopt.busy() { "Reading the service…" } else { "Start from what the service holds" }}
                </button>
            </div>
        </Show>
    }
}

/// The Service column of an environment: what the service holds of it and,
/// when it is newer there and unchanged here, "Take the service's version".
#[component]
pub fn ServiceCell(
    environment: Id,
    view: Option<ServiceView>,
    status: Memo<Status>,
) -> impl IntoView {
    let adopt = Service::get().adopt;
    let attention = view.as_ref().is_some_and(ServiceView::needs_attention);
    let newer = matches!(
        view,
        Some(ServiceView::PublishedElsewhere { ours: Some(_), .. })
    );
    let name = AppState::get()
        .workspace
        .with_untracked(|ws| ws.environment(environment).map(|e| e.name().to_string()))
        .unwrap_or_default();
    let label = format!("Take the service's version of {name}");
    view! {
        <td data-label="Service" class:attention=attention>
            <span>{view.map(|v| v.label()).unwrap_or_default()}</span>
            {move || (newer && status.get() == Status::Published).then(|| view! {
                <button type="button" aria-label=label.clone() disabled=move || adopt.busy() on:click=move |_| adopt.take(environment)>
                    "Take the service's version"
                </button>
            })}
            {move || (newer && status.get() == Status::Changed).then(|| view! {
                <span class="field-hint">" Edited here: Publish shows what differs before anything is overwritten."</span>
            })}
        </td>
    }
}
