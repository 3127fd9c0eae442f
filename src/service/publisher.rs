//! Publish one environment: refuse it in the page while it has problems,
//! send it once (retrying a busy service a bounded number of times with the
//! same idempotency key), and record the outcome.
//!
//! Only a receipt changes the workspace (publication and status); every
//! other outcome adds a line to the publish history and a message, and
//! keeps the attempt so a manual retry of the same content reuses its key.

use domain::answers::{classify_publish, PublishOutcome, PublishReceipt, Revision};
use domain::model::{Id, Publication, PublishRecord};
use domain::publish::{place, read_held_detail, Failure, PublishAttempt, RetryPolicy, Service};
use leptos::prelude::*;

use super::http::send;
use super::random::fresh_key;
use super::session::{Conflict, RunState, Session};
use super::timer::sleep;
use crate::state::AppState;

/// This browser's clock, RFC 3339.
pub fn now() -> String {
    js_sys::Date::new_0().to_iso_string().into()
}

/// Starts publishing `environment` (unless a publish of it is in flight).
/// `overwrite` is the revision someone else published, when the
/// administrator chose to replace it.
pub fn start(state: AppState, session: Session, environment: Id, overwrite: Option<Revision>) {
    if session
        .runs
        .with_untracked(|r| r.get(&environment).is_some_and(RunState::in_flight))
    {
        return;
    }
    leptos::task::spawn_local(publish(state, session, environment, overwrite));
}

async fn publish(state: AppState, session: Session, environment: Id, overwrite: Option<Revision>) {
    let (endpoint, timeout) = match state.workspace.with_untracked(|ws| session.destination(ws)) {
        Ok(destination) => destination,
        Err(refused) => {
            session.set_run(
                environment,
                RunState::Blocked(vec![format!("{refused} Nothing was sent.")]),
            );
            return;
        }
    };
    let previous = session.attempt(environment);
    // Building and serialising the payload, timed for the benchmark.
    let plan = state.workspace.with_untracked(|ws| {
        crate::perf::measure(crate::perf::PUBLISH_PAYLOAD, || {
            PublishAttempt::plan(
                ws,
                environment,
                previous.as_ref(),
                overwrite.as_ref(),
                fresh_key,
            )
        })
    });
    let attempt = match plan {
        Ok(attempt) => attempt,
        Err(problems) => {
            session.set_run(
                environment,
                RunState::Blocked(problems.into_iter().map(|p| p.message).collect()),
            );
            return;
        }
    };
    session.remember(attempt.clone());
    session.set_run(
        environment,
        RunState::InFlight(format!("Publishing {} to {endpoint}…", attempt.name)),
    );

    // A sign-in known to have expired is not sent: the administrator signs
    // in again, and this publish is retried afterwards with the same key.
    if session.sign_in_has_expired() {
        session.set_run(
            environment,
            RunState::Failed {
                message: domain::auth::tokens::sign_in_again(&attempt.name, None),
                placed: Vec::new(),
                conflict: None,
                sign_in_again: true,
            },
        );
        return;
    }
    let token = session.token.get_untracked();
    let service = Service::new(&endpoint, token.as_ref());
    let request = service.publish(&attempt);
    let policy = RetryPolicy::default();
    let mut retries = 0;
    let result: Result<PublishReceipt, Failure> = loop {
        let answer = match send(&request, timeout).await {
            Ok(answer) => answer,
            Err(transport) => break Err(Failure::Transport(transport)),
        };
        let outcome = classify_publish(answer.status, answer.retry_after.as_deref(), &answer.body);
        let status = match &outcome {
            PublishOutcome::Published(receipt) => break Ok(receipt.clone()),
            PublishOutcome::RetryLater { status, .. } => *status,
            _ => break Err(Failure::Answer(outcome)),
        };
        match policy.wait_before_retry(retries, &outcome) {
            Some(wait) => {
                retries += 1;
                session.set_run(
                    environment,
                    RunState::InFlight(format!(
                        "The service is busy ({status}); publishing {} again in {wait} s (automatic retry {retries} of {}).",
                        attempt.name, policy.max_retries
                    )),
                );
                sleep(wait).await;
            }
            None if retries > 0 => break Err(Failure::StillBusy { status, retries }),
            None => break Err(Failure::Answer(outcome)),
        }
    };

    match result {
        Ok(receipt) => {
            let recorded = state.apply(|ws| {
                ws.record_publication(
                    environment,
                    Publication {
                        revision: receipt.revision.clone(),
                        published_at: receipt.published_at.clone(),
                        snapshot: attempt.payload.clone(),
                    },
                )?;
                ws.record_attempt(
                    environment,
                    PublishRecord {
                        at: now(),
                        revision: Some(receipt.revision.clone()),
                        result: "Published".into(),
                        succeeded: true,
                    },
                )
            });
            session.forget(environment);
            super::held::note_published(session, &receipt);
            let message = match recorded {
                Ok(()) => format!(
                    "Published {} at revision {} ({}).",
                    attempt.name, receipt.revision, receipt.published_at
                ),
                Err(e) => format!(
                    "The service published {} at revision {}, but this page could not record it: {e}",
                    attempt.name, receipt.revision
                ),
            };
            session.set_run(environment, RunState::Published(message));
        }
        Err(failure) => {
            let _ = state.apply(|ws| {
                ws.record_attempt(
                    environment,
                    PublishRecord {
                        at: now(),
                        revision: None,
                        result: failure.summary(),
                        succeeded: false,
                    },
                )
            });
            let placed = match &failure {
                Failure::Answer(PublishOutcome::Invalid(problem)) => {
                    place(&attempt.payload, &problem.errors)
                }
                _ => Vec::new(),
            };
            let conflict = match &failure {
                Failure::Answer(PublishOutcome::Conflict { status, .. }) => {
                    let held = match send(&service.held_environment(&attempt.name), timeout).await {
                        Ok(answer) => {
                            read_held_detail(answer.status, &answer.body).map_err(|e| e.message)
                        }
                        Err(transport) => Err(transport.message()),
                    };
                    Some(Box::new(Conflict {
                        status: *status,
                        held,
                    }))
                }
                _ => None,
            };
            // A 401 after signing in: the sign-in expired or was revoked.
            let signed_in = state
                .workspace
                .with_untracked(|ws| ws.settings().sign_in.is_some())
                && session.signed_in.with_untracked(Option::is_some);
            let sign_in_again = signed_in
                && matches!(
                    failure,
                    Failure::Answer(PublishOutcome::NotAuthorized { status: 401, .. })
                );
            let message = if sign_in_again {
                domain::auth::tokens::sign_in_again(&attempt.name, Some(401))
            } else {
                failure.message()
            };
            session.set_run(
                environment,
                RunState::Failed {
                    message,
                    placed,
                    conflict,
                    sign_in_again,
                },
            );
        }
    }
}
