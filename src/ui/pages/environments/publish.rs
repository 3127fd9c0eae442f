//! Publish, in the page: the button (on the list and on the environment),
//! the progress, what went wrong in plain words with the service's field
//! errors, the conflict with someone else's publish (overwrite or reload),
//! and this browser's publish history.

use domain::diff;
use domain::model::Id;
use domain::payload::{self, EnvironmentContent};
use domain::publish::PlacedError;
use leptos::prelude::*;

use crate::routes::Page;
use crate::service::{publisher, sign_in};
use crate::service::{Conflict, RunState, Session};
use crate::state::AppState;
use crate::ui::components::{Editor, ErrorList, Notice};

/// The Publish button of one environment; it cannot send twice.
#[component]
pub fn PublishButton(
    environment: Id,
    #[prop(optional, into)] label: Option<String>,
) -> impl IntoView {
    let state = AppState::get();
    let session = Session::get();
    let busy = Memo::new(move |_| session.in_flight(environment));
    let label = label.unwrap_or_else(|| "Publish".into());
    view! {
        <button
            type="button"
            class="primary"
            aria-label=label.clone()
            aria-busy=move || busy.get().to_string()
            disabled=move || busy.get()
            on:click=move |_| publisher::start(state, session, environment, None)
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
    let session = Session::get();
    let run = Memo::new(move |_| session.run(environment));
    move || {
        match run.get() {
        RunState::Idle => ().into_any(),
        RunState::InFlight(words) => view! {
            <p class="notice notice-progress" role="status">{words}</p>
        }
        .into_any(),
        RunState::Published(words) | RunState::Reloaded(Ok(words)) => {
            view! { <Notice kind="info">{words}</Notice> }.into_any()
        }
        RunState::Reloaded(Err(words)) => view! { <Notice kind="error">{words}</Notice> }.into_any(),
        RunState::Blocked(items) => view! {
            <ErrorList title="This environment cannot be published yet; nothing was sent:" items=Signal::stored(items)/>
        }
        .into_any(),
        RunState::Failed { message, placed, conflict, sign_in_again } => {
            let more = brief && (!placed.is_empty() || conflict.is_some());
            view! {
                <Notice kind="error">
                    {message}
                    {more.then(|| view! { <p>"Open the environment for the details."</p> })}
                    {sign_in_again.then(|| view! { <SignInAgain environment=environment/> })}
                </Notice>
                {(!brief).then(|| view! { <ServiceErrors placed=placed/> })}
                {(!brief).then(|| conflict.map(|c| view! { <ConflictBox environment=environment conflict=*c editor=editor/> }))}
            }
            .into_any()
        }
    }
    }
}

/// "Sign in again" after the service refused an expired sign-in: the
/// redirect keeps this environment's attempt, and the publish is retried
/// with the same idempotency key once back.
#[component]
fn SignInAgain(environment: Id) -> impl IntoView {
    let state = AppState::get();
    let session = Session::get();
    let refused = RwSignal::new(None::<String>);
    let go = move |_| {
        let (settings, name) = state.workspace.with_untracked(|ws| {
            (
                ws.settings().sign_in.clone(),
                ws.environment(environment).map(|e| e.name().to_string()),
            )
        });
        let Some(settings) = settings else {
            refused.set(Some(
                "Sign-in is not set up any more: set it up in Settings first.".into(),
            ));
            return;
        };
        refused.set(sign_in::begin(&settings, name, &session.all_attempts()).err());
    };
    view! {
        <div class="actions">
            <button type="button" class="primary" on:click=go>"Sign in again"</button>
        </div>
        {move || refused.get().map(|m| view! { <p>{format!("The sign-in could not start: {m}")}</p> })}
    }
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
    let session = Session::get();
    let outcome = RwSignal::new(None::<Result<String, String>>);
    match conflict.held {
        Err(message) => view! {
            <div class="notice notice-warning conflict">
                <p>"What the service holds could not be read: "{message}</p>
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
            let overwrite =
                move |_| publisher::start(state, session, environment, Some(revision.clone()));
            let reload = move |_| {
                let detail = held.clone();
                let revision = detail.revision.clone();
                match state.apply(|ws| ws.adopt_held(environment, detail)) {
                    Ok(report) => {
                        let left: Vec<String> = report
                            .not_restored
                            .iter()
                            .map(ToString::to_string)
                            .collect();
                        // The conflict is over and its box goes with it, so
                        // the run, shown in its place, says what came of it.
                        session.set_run(environment, RunState::Reloaded(if left.is_empty() {
                            Ok(format!("Reloaded the service's version (revision {revision}): this environment is now as the service holds it."))
                        } else {
                            Err(format!("Reloaded the service's version (revision {revision}), except: {}", left.join(" ")))
                        }));
                        // The form shows the reloaded values, so a Save
                        // cannot put the old ones back.
                        if let Some(editor) = editor {
                            editor.rebuild();
                        }
                    }
                    Err(e) => outcome.set(Some(Err(e.to_string()))),
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
                {move || outcome.get().map(|o| match o {
                    Ok(m) => view! { <Notice kind="info">{m}</Notice> }.into_any(),
                    Err(m) => view! { <Notice kind="error">{m}</Notice> }.into_any(),
                })}
            }
            .into_any()
        }
    }
}

/// The environment page's Publish section.
#[component]
pub fn PublishPanel(environment: Id, editor: Editor) -> impl IntoView {
    let state = AppState::get();
    let session = Session::get();
    let endpoint = Memo::new(move |_| {
        state
            .workspace
            .with(|ws| session.endpoint(ws).map(|u| u.to_string()))
    });
    let published = Memo::new(move |_| {
        state.workspace.with(|ws| {
            ws.environment(environment)
                .and_then(|e| e.publication())
                .map(|p| {
                    format!(
                        "Last published from this browser: revision {} at {}.",
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
                    _ if session.is_sample() => "This is the sample workspace: Publish never sends it anywhere.".into(),
                    Some(url) => format!("Publish sends this environment to {url}."),
                    None => "Choose the service endpoint in Settings before publishing.".into(),
                }}
                " "
                {move || endpoint.get().is_none().then(|| view! { <a href=Page::Settings.href()>"Open Settings"</a> })}
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
                        </tr>
                    </thead>
                    <tbody>
                        {move || history.get().into_iter().map(|r| view! {
                            <tr class:failed=!r.succeeded>
                                <td>{r.at}</td>
                                <td>{r.revision.map(|v| v.to_string()).unwrap_or_else(|| "–".into())}</td>
                                <td>{r.result}</td>
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
pub fn service_errors(session: Session, environment: Id) -> Memo<Vec<PlacedError>> {
    Memo::new(move |_| session.placed(environment))
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
