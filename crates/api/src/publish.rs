//! Publishing one environment, start to finish.
//!
//! 1. Refused in the page, with nothing sent, when the page may not send
//!    (the sample, no endpoint, a policy that forbids it) or the
//!    environment has problems.
//! 2. Planned as an attempt: the exact body, `If-None-Match: *` or
//!    `If-Match` on the revision last published here (or the one the
//!    administrator chose to overwrite), and the `Idempotency-Key` a retry
//!    of the same content reuses.
//! 3. Not sent with a sign-in known to have expired: sign in again, and the
//!    same attempt is retried afterwards.
//! 4. Sent; a busy service (`429`, `503`) is retried after its
//!    `Retry-After`, a bounded number of times, with the same key.
//! 5. Only a receipt changes the workspace (publication and status); every
//!    other outcome adds a line to the publish history, keeps the attempt
//!    for a manual retry, and says what happened: the service's field
//!    errors placed on their fields, what the service holds after a
//!    conflict, or that the sign-in must be renewed after a `401`.

use std::fmt;

use domain::answers::Revision;
use domain::answers::{classify_publish, HeldEnvironmentDetail, PublishOutcome, PublishReceipt};
use domain::auth::tokens::sign_in_again;
use domain::model::{Id, Problem, Publication, PublishRecord, WorkspaceError};
use domain::publish::{
    place, DestinationRefused, Failure, IdempotencyKey, PlacedError, PublishAttempt, RetryPolicy,
};
use domain::values::EndpointUrl;

use crate::caller::{Caller, Destination};
use crate::held::{self, HeldError};
use crate::ports::{fresh_key, Clock, Random, RandomUnavailable, Transport};
use crate::store::Store;
use crate::time::rfc3339;

/// What the administrator asked for: publish this environment, over the
/// service's revision `overwrite` when they chose to replace someone
/// else's publish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishOrder {
    pub environment: Id,
    pub overwrite: Option<Revision>,
}

/// Where a publish under way stands, for the page to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    Sending {
        name: String,
        endpoint: EndpointUrl,
    },
    /// The service was busy; automatic retry `retry` of `of` follows after
    /// `wait` seconds.
    Waiting {
        name: String,
        status: u16,
        wait: u64,
        retry: u32,
        of: u32,
    },
}

impl fmt::Display for Progress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Progress::Sending { name, endpoint } => write!(f, "Publishing {name} to {endpoint}…"),
            Progress::Waiting {
                name,
                status,
                wait,
                retry,
                of,
            } => write!(
                f,
                "The service is busy ({status}); publishing {name} again in {wait} s (automatic retry {retry} of {of})."
            ),
        }
    }
}

/// The service published the environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    pub name: String,
    pub receipt: PublishReceipt,
    /// Why the page could not record it (the environment was deleted
    /// while the request was under way).
    pub unrecorded: Option<WorkspaceError>,
}

impl fmt::Display for Published {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (name, receipt) = (&self.name, &self.receipt);
        match &self.unrecorded {
            None => write!(
                f,
                "Published {name} at revision {} ({}).",
                receipt.revision, receipt.published_at
            ),
            Some(e) => write!(
                f,
                "The service published {name} at revision {}, but this page could not record it: {e}",
                receipt.revision
            ),
        }
    }
}

/// A `409`/`412`: someone else published since, and what the service holds
/// now (or why it could not be read).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub status: u16,
    pub held: Result<HeldEnvironmentDetail, HeldError>,
}

/// Why a publish did not end in Published. Each reads as what happened,
/// that nothing changed here, and what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PublishError {
    /// The page may not send at all; nothing was sent.
    #[error("{0} Nothing was sent.")]
    Refused(DestinationRefused),
    /// The environment has problems; nothing was sent.
    #[error("This environment cannot be published yet; nothing was sent.")]
    Blocked(Vec<Problem>),
    #[error("Nothing was sent: {0}, and a publish needs one for its idempotency key.")]
    NoRandom(RandomUnavailable),
    /// The sign-in expired (known before sending: `status` is `None`) or
    /// the service refused its token (`401`): sign in again, and the same
    /// attempt is retried.
    #[error("{}", sign_in_again(.name, *.status))]
    SignInAgain { name: String, status: Option<u16> },
    /// Sent, and not published (boxed: it carries the service's answer).
    #[error("{}", .0.failure.message())]
    Failed(Box<NotPublished>),
}

/// A publish that was sent and not applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotPublished {
    pub failure: Failure,
    /// The service's field errors, placed on the fields they name.
    pub placed: Vec<PlacedError>,
    /// After a `409`/`412`: what the service holds.
    pub conflict: Option<Conflict>,
}

impl PublishError {
    /// What blocks a publish refused in the page, one line each; `None`
    /// for an error that is not such a refusal.
    pub fn blocking(&self) -> Option<Vec<String>> {
        match self {
            PublishError::Refused(_) => Some(vec![self.to_string()]),
            PublishError::Blocked(problems) => {
                Some(problems.iter().map(|p| p.message.clone()).collect())
            }
            _ => None,
        }
    }

    /// The service's field errors of a refused publish.
    pub fn placed(&self) -> &[PlacedError] {
        match self {
            PublishError::Failed(not) => &not.placed,
            _ => &[],
        }
    }
}

/// What came of a publish, and the attempt to keep: a retry of the same
/// content reuses its key (`None` once published, or when nothing was
/// planned).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishRun {
    pub keep: Option<PublishAttempt>,
    pub result: Result<Published, PublishError>,
}

/// Publishes `order.environment`. `previous` is the attempt kept from the
/// last try of it; `progress` hears where the publish stands.
pub async fn publish(
    io: &(impl Transport + Clock + Random),
    store: &impl Store,
    caller: &Caller,
    order: &PublishOrder,
    previous: Option<&PublishAttempt>,
    mut progress: impl FnMut(Progress),
) -> PublishRun {
    let refused = |error| PublishRun {
        keep: None,
        result: Err(error),
    };
    let planned = store.read(|ws| {
        let destination = caller.destination(ws).map_err(PublishError::Refused)?;
        let mut no_random = None;
        let attempt = PublishAttempt::plan(
            ws,
            order.environment,
            previous,
            order.overwrite.as_ref(),
            || {
                fresh_key(io).unwrap_or_else(|e| {
                    no_random = Some(e);
                    IdempotencyKey::from_random_bytes([0; 16])
                })
            },
        )
        .map_err(PublishError::Blocked)?;
        match no_random {
            Some(e) => Err(PublishError::NoRandom(e)),
            None => Ok((destination, attempt)),
        }
    });
    let (destination, attempt) = match planned {
        Ok(planned) => planned,
        Err(error) => return refused(error),
    };
    progress(Progress::Sending {
        name: attempt.name.clone(),
        endpoint: destination.endpoint.clone(),
    });
    if caller.must_sign_in_again(io.now_ms(), None) {
        let name = attempt.name.clone();
        return PublishRun {
            keep: Some(attempt),
            result: Err(PublishError::SignInAgain { name, status: None }),
        };
    }

    match deliver(io, caller, &destination, &attempt, &mut progress).await {
        Ok(receipt) => {
            let at = rfc3339(io.now_ms());
            let unrecorded = store
                .apply(|ws| {
                    ws.record_publication(
                        attempt.environment,
                        Publication {
                            revision: receipt.revision.clone(),
                            published_at: receipt.published_at.clone(),
                            snapshot: attempt.payload.clone(),
                            published_by: receipt.published_by.clone(),
                        },
                    )?;
                    ws.record_attempt(
                        attempt.environment,
                        PublishRecord {
                            at,
                            revision: Some(receipt.revision.clone()),
                            result: "Published".into(),
                            succeeded: true,
                            published_by: receipt.published_by.clone(),
                        },
                    )
                })
                .err();
            PublishRun {
                keep: None,
                result: Ok(Published {
                    name: attempt.name,
                    receipt,
                    unrecorded,
                }),
            }
        }
        Err(failure) => {
            let error = failed(io, store, caller, &destination, &attempt, failure).await;
            PublishRun {
                keep: Some(attempt),
                result: Err(error),
            }
        }
    }
}

/// Sends the attempt, retrying a busy service as the policy allows.
async fn deliver(
    io: &(impl Transport + Clock),
    caller: &Caller,
    destination: &Destination,
    attempt: &PublishAttempt,
    progress: &mut impl FnMut(Progress),
) -> Result<PublishReceipt, Failure> {
    let request = caller.service(destination).publish(attempt);
    let policy = RetryPolicy::default();
    let mut retries = 0;
    loop {
        let answer = io
            .send(&request, destination.timeout.seconds())
            .await
            .map_err(Failure::Transport)?;
        let outcome = classify_publish(answer.status, answer.retry_after.as_deref(), &answer.body);
        let status = match &outcome {
            PublishOutcome::Published(receipt) => return Ok(receipt.clone()),
            PublishOutcome::RetryLater { status, .. } => *status,
            _ => return Err(Failure::Answer(outcome)),
        };
        match policy.wait_before_retry(retries, &outcome) {
            Some(wait) => {
                retries += 1;
                progress(Progress::Waiting {
                    name: attempt.name.clone(),
                    status,
                    wait,
                    retry: retries,
                    of: policy.max_retries,
                });
                io.sleep(wait).await;
            }
            None if retries > 0 => return Err(Failure::StillBusy { status, retries }),
            None => return Err(Failure::Answer(outcome)),
        }
    }
}

/// Records a failed publish in the history and says what to do about it.
async fn failed(
    io: &(impl Transport + Clock),
    store: &impl Store,
    caller: &Caller,
    destination: &Destination,
    attempt: &PublishAttempt,
    failure: Failure,
) -> PublishError {
    let at = rfc3339(io.now_ms());
    // The environment may have been deleted meanwhile: nothing to record.
    let _ = store.apply(|ws| {
        ws.record_attempt(
            attempt.environment,
            PublishRecord {
                at,
                revision: None,
                result: failure.summary(),
                succeeded: false,
                published_by: None,
            },
        )
    });
    let status = match &failure {
        Failure::Answer(PublishOutcome::NotAuthorized { status, .. }) => Some(*status),
        _ => None,
    };
    if status.is_some() && caller.must_sign_in_again(io.now_ms(), status) {
        return PublishError::SignInAgain {
            name: attempt.name.clone(),
            status,
        };
    }
    let placed = match &failure {
        Failure::Answer(PublishOutcome::Invalid(problem)) => {
            place(&attempt.payload, &problem.errors)
        }
        _ => Vec::new(),
    };
    let conflict = match &failure {
        Failure::Answer(PublishOutcome::Conflict { status, .. }) => Some(Conflict {
            status: *status,
            held: held::detail(io, caller, destination, &attempt.name).await,
        }),
        _ => None,
    };
    PublishError::Failed(Box::new(NotPublished {
        failure,
        placed,
        conflict,
    }))
}
