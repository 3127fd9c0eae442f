//! Publish, in the page: the button (on the list and on the environment),
//! the progress, what went wrong in plain words with the service's field
//! errors, the conflict with someone else's publish (overwrite or reload),
//! and this browser's publish history.

use domain::diff;
use domain::model::Id;
use domain::payload::{self, EnvironmentContent};
use domain::publish::{by_whom, PlacedError};
use leptos::prelude::*;

use api::publish::{Conflict, PublishError};

use crate::routes::Page as Route;
use crate::service::runs::Reloaded;
use crate::service::Service;
use crate::state::AppState;
use crate::ui::components::{Editor, ErrorList, Notice, OutcomeNotice, Report, SignInAgain};

/// The Publish button of one environment; it cannot send twice.
#[component]
pub fn PublishButton(
    environment: Id,
    #[prop(optional, into)] label: Option<String>,
) -> impl IntoView {
    let runs = Service::get().runs;
    let run = runs.run(environment);
    let busy = Memo::new(move |_| run.busy());
    let label = label.unwrap_or_else(|| "Publish".into());
    view! {
        <button
            type="button"
            class="primary"
            aria-label=label.clone()
            aria-busy=move || busy.get().to_string()
            disabled=move || busy.get()
            on:click=move |_| runs.start(environment, None)
        >
            {move || if busy.get() { "Publishing…" } else { "Publish" }}
        </button>
    }
}

/// Where the environment's publish stands, in a few lines (the list shows
/// this; the environment's page shows [`PublishPanel`]).
#[component]
pub fn RunNotice(
    environment: Id,
    #[prop(optional)] brief: bool,
    /// The environment's form, rebuilt when the service's version is
    /// reloaded into it.
    #[prop(optional)]
    editor: Option<Editor>,
) -> impl IntoView {
    let run = Service::get().runs.run(environment);
    move || {
        if let Some(words) = run.progress() {
            return view! { <p class="notice notice-progress" role="status">{words}</p> }
                .into_any();
        }
        if let Some((whole, words)) = run.reloaded_words() {
            let kind = if whole { "info" } else { "error" };
            return view! { <Notice kind=kind>{words}</Notice> }.into_any();
        }
        run.with_last(|last| match last {
            None => ().into_any(),
            Some(Ok(published)) => {
                let words = published.to_string();
                view! { <Notice kind="info">{words}</Notice> }.into_any()
            }
            Some(Err(error)) => match error.blocking() {
                Some(items) => view! {
                    <ErrorList title="This environment cannot be published yet; nothing was sent:" items=Signal::stored(items)/>
                }
                .into_any(),
                None => failed(environment, error, brief, editor),
            },
        })
    }
}

/// A publish that was sent (or would have been) and not applied: what
/// happened, and what to do about it.
fn failed(environment: Id, error: &PublishError, brief: bool, editor: Option<Editor>) -> AnyView {
    let message = error.to_string();
    let sign_in_again = matches!(error, PublishError::SignInAgain { .. });
    let (placed, conflict) = match error {
        PublishError::Failed(not) => (not.placed.as_slice(), not.conflict.as_ref()),
        _ => (&[][..], None),
    };
    let more = brief && (!placed.is_empty() || conflict.is_some());
    // The list shows the message only; the environment's page the details.
    let (placed, conflict) = if brief {
        (Vec::new(), None)
    } else {
        (placed.to_vec(), conflict.cloned())
    };
    view! {
        <Notice kind="error">
            {message}
            {more.then(|| view! { <p>"Open the environment for the details."</p> })}
            {sign_in_again.then(|| view! { <SignInAgain retry=environment/> })}
        </Notice>
        {(!brief).then(|| view! { <ServiceErrors placed=placed/> })}
        {(!brief).then(|| conflict.map(|c| view! { <ConflictBox environment=environment conflict=c editor=editor/> }))}
    }
    .into_any()
}

#[component]
fn ServiceErrors(placed: Vec<PlacedError>) -> impl IntoView {
    (!placed.is_empty()).then(|| {
        view! {
            <div class="notice notice-error service-errors">
                <p>"The service refused these fields:"</p>
                <ul>
                    {placed
                        .into_iter()
                        .map(|p| view! { <li><strong>{p.place}</strong>": "{p.detail}</li> })
                        .collect_view()}
                </ul>
            </div>
        }
    })
}

/// Someone else published: what the service holds, how it differs from
/// this version, and the two ways out.
#[component]
fn ConflictBox(environment: Id, conflict: Conflict, editor: Option<Editor>) -> impl IntoView {
    let state = AppState::get();
    let runs = Service::get().runs;
    let outcome = RwSignal::new(None::<Report>);
    match conflict.held {
        Err(error) => view! {
            <div class="notice notice-warning conflict">
                <p>"What the service holds could not be read: "{error.to_string()}</p>
            </div>
        }
        .into_any(),
        Ok(held) => {
            let theirs = EnvironmentContent::from(&held.environment);
            let changes = state.workspace.with_untracked(|ws| {
                ws.environment(environment)
                    .map(|env| diff::between(&theirs, &payload::content(ws, env)))
                    .unwrap_or_default()
            });
            let summary = format!(
                "The service holds revision {}, published at {}.",
                held.revision, held.published_at
            );
            let revision = held.revision.clone();
            let overwrite = move |_| runs.start(environment, Some(revision.clone()));
            let reload = move |_| {
                let detail = held.clone();
                let revision = detail.revision.clone();
                match state.apply(|ws| ws.adopt_held(environment, detail)) {
                    Ok(report) => {
                        // The conflict is over and its box goes with it, so
                        // the run, shown in its place, says what came of it.
                        runs.run(environment).reloaded(Reloaded {
                            revision,
                            not_restored: report.not_restored,
                        });
                        // The form shows the reloaded values, so a Save
                        // cannot put the old ones back.
                        if let Some(editor) = editor {
                            editor.rebuild();
                        }
                    }
                    Err(e) => outcome.set(Some(Report::refused(e))),
                }
            };
            view! {
                <section class="notice notice-warning conflict" aria-label="What the service holds">
                    <p>{summary}</p>
                    {if changes.is_empty() {
                        view! { <p>"Its content is the same as this version."</p> }.into_any()
                    } else {
                        view! {
                            <p>"Publishing this version over it would change:"</p>
                            <ul>{changes.into_iter().map(|c| view! { <li>{c.to_string()}</li> }).collect_view()}</ul>
                        }
                        .into_any()
                    }}
                    <div class="actions">
                        <button type="button" class="primary" on:click=overwrite>"Overwrite with this version"</button>
                        <button type="button" on:click=reload>"Reload the service's version"</button>
                    </div>
                </section>
                <OutcomeNotice outcome=outcome/>
            }
            .into_any()
        }
    }
}

/// The environment page's Publish section.
#[component]
pub fn PublishPanel(environment: Id, editor: Editor) -> impl IntoView {
    let state = AppState::get();
    let page = Service::get().page;
    let endpoint = Memo::new(move |_| {
        state
            .workspace
            .with(|ws| page.endpoint(ws).map(|u| u.to_string()))
    });
    let published = Memo::new(move |_| {
        state.workspace.with(|ws| {
            ws.environment(environment)
                .and_then(|e| e.publication())
                .map(|p| {
                    let by = by_whom(p.published_by.as_deref());
                    format!(
                        "Published: revision {} at {}{by}.",
                        p.revision, p.published_at
                    )
                })
        })
    });
    let history = Memo::new(move |_| {
        state.workspace.with(|ws| {
            ws.environment(environment)
                .map(|e| e.history().iter().rev().cloned().collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    view! {
        <section class="subsection publish" aria-labelledby="publish-title">
            <h4 id="publish-title">"Publish"</h4>
            <p class="field-hint">
                {move || match endpoint.get() {
                    _ if page.is_sample() => "This is the sample workspace: Publish never sends it anywhere.".into(),
                    Some(url) => format!("Publish sends this environment to {url}."),
                    None => "Choose the service endpoint in Settings before publishing.".into(),
                }}
                " "
                {move || endpoint.get().is_none().then(|| view! { <a href=Route::Settings.href()>"Open Settings"</a> })}
            </p>
            <p>{move || published.get().unwrap_or_else(|| "Never published from this browser.".into())}</p>
            <div class="actions">
                <PublishButton environment=environment/>
            </div>
            <RunNotice environment=environment editor=editor/>
            <Show when=move || history.with(|h| !h.is_empty())>
                <table class="grid" aria-label="Publish history">
                    <caption>"Publish history (this browser)"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Time"</th>
                            <th scope="col">"Revision"</th>
                            <th scope="col">"Result"</th>
                            <th scope="col">"Published by"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || history.get().into_iter().map(|r| view! {
                            <tr class:failed=!r.succeeded>
                                <td data-label="Time">{r.at}</td>
                                <td data-label="Revision">{r.revision.map(|v| v.to_string()).unwrap_or_else(|| "–".into())}</td>
                                <td data-label="Result">{r.result}</td>
                                <td data-label="Published by">{r.published_by.unwrap_or_else(|| "–".into())}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </Show>
        </section>
    }
}

/// The service's field errors of the environment's last publish, read once
/// for all the fields and rows that show them.
pub fn service_errors(environment: Id) -> Memo<Vec<PlacedError>> {
    let run = Service::get().runs.run(environment);
    Memo::new(move |_| run.placed())
}

/// The service error placed on one field or row, for it to show beside its
/// own validation.
pub fn service_error(
    errors: Memo<Vec<PlacedError>>,
    on: impl Fn(&PlacedError) -> bool + Send + Sync + 'static,
) -> Signal<Option<String>> {
    Signal::derive(move || {
        errors.with(|placed| placed.iter().find(|p| on(p)).map(|p| refusal(&p.detail)))
    })
}

/// How a service error placed on a field or row is shown beside it.
pub fn refusal(detail: &str) -> String {
    format!("The service refused it: {detail}")
}
