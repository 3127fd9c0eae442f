//! Number sequences of an environment the service holds take effect at
//! once: the flow asks the service first and changes the workspace only
//! when it said yes; a refusal (`409` while in use) is told in the
//! service's words and changes nothing. For an environment the service does
//! not hold yet, sequences are local and travel with its first publish.
//!
//! None of this ever changes the environment's status.

use std::fmt;

use domain::auth::tokens::sign_in_expired_for;
use domain::model::{Id, NumberSequenceInput, SequenceRefresh, WorkspaceError};
use domain::payload::NumberSequencePayload;
use domain::publish::{
    classify_sequence_change, classify_sequence_list, DestinationRefused, Request, Service,
    ServiceError, TransportError,
};

use crate::caller::Caller;
use crate::ports::{Answer, Clock, Transport};
use crate::store::Store;

/// What the administrator asked of an environment's number sequences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SequenceCall {
    Create(NumberSequenceInput),
    Delete {
        sequence: Id,
        name: String,
    },
    /// Read In use and Current value (and sequences created elsewhere).
    Refresh,
}

/// What a call did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SequenceDone {
    Created {
        name: String,
        on_service: bool,
    },
    Deleted {
        name: String,
        on_service: bool,
    },
    Refreshed {
        held: usize,
        report: SequenceRefresh,
    },
}

impl fmt::Display for SequenceDone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SequenceDone::Created {
                name,
                on_service: true,
            } => write!(f, "Number sequence '{name}' created on the service."),
            SequenceDone::Created {
                name,
                on_service: false,
            } => write!(
                f,
                "Number sequence '{name}' created; it reaches the service with the first publish."
            ),
            SequenceDone::Deleted {
                name,
                on_service: true,
            } => write!(f, "Number sequence '{name}' deleted from the service."),
            SequenceDone::Deleted {
                name,
                on_service: false,
            } => write!(f, "Number sequence '{name}' deleted."),
            SequenceDone::Refreshed { held, report } => {
                write!(
                    f,
                    "In use and Current value read from the service ({held} sequences)."
                )?;
                let lists = [
                    (" Added from the service", &report.added),
                    (" Not on the service", &report.not_on_service),
                    (
                        " Held by the service under names this page refuses",
                        &report.unreadable,
                    ),
                ];
                for (what, names) in lists {
                    if !names.is_empty() {
                        write!(f, "{what}: {}.", names.join(", "))?;
                    }
                }
                Ok(())
            }
        }
    }
}

/// Why a call changed nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SequenceError {
    #[error("Choose the service endpoint in Settings first: the service holds this environment, so its number sequences change there.")]
    EndpointNotChosen,
    #[error(transparent)]
    Refused(DestinationRefused),
    /// The sign-in expired, or the service refused its token: sign in
    /// again (the page offers it).
    #[error("{}", sign_in_expired_for(.doing))]
    SignInExpired { doing: String },
    #[error(transparent)]
    Transport(#[from] TransportError),
    #[error(transparent)]
    Service(#[from] ServiceError),
    #[error("The service does not hold this environment yet: publish it first.")]
    NotHeld,
    #[error(transparent)]
    Workspace(#[from] WorkspaceError),
}

/// Runs one call on `environment`'s sequences.
pub async fn run(
    io: &(impl Transport + Clock),
    store: &impl Store,
    caller: &Caller,
    environment: Id,
    call: SequenceCall,
) -> Result<SequenceDone, SequenceError> {
    match call {
        SequenceCall::Create(input) => {
            let payload = NumberSequencePayload {
                name: input.name.to_string(),
                description: input.description.to_string(),
            };
            let doing = format!("create number sequence '{}'", payload.name);
            let answer = on_service(io, store, caller, environment, &doing, &|s, env| {
                s.put_sequence(env, &payload)
            })
            .await?;
            let on_service = answer.is_some();
            if let Some(a) = answer {
                classify_sequence_change(&doing, a.status, &a.body)?;
            }
            store.apply(|ws| ws.add_number_sequence(environment, input))?;
            Ok(SequenceDone::Created {
                name: payload.name,
                on_service,
            })
        }
        SequenceCall::Delete { sequence, name } => {
            let doing = format!("delete number sequence '{name}'");
            let answer = on_service(io, store, caller, environment, &doing, &|s, env| {
                s.delete_sequence(env, &name)
            })
            .await?;
            let on_service = answer.is_some();
            // Already gone from the service is what was asked for.
            if let Some(a) = answer.filter(|a| a.status != 404) {
                classify_sequence_change(&doing, a.status, &a.body)?;
            }
            store.apply(|ws| ws.delete_number_sequence(environment, sequence))?;
            Ok(SequenceDone::Deleted { name, on_service })
        }
        SequenceCall::Refresh => {
            let doing = "read the number sequences the service holds";
            let answer = on_service(io, store, caller, environment, doing, &|s, env| {
                s.list_sequences(env)
            })
            .await?
            .ok_or(SequenceError::NotHeld)?;
            let held = classify_sequence_list(answer.status, &answer.body)?;
            let report = store.apply(|ws| ws.refresh_sequences(environment, &held))?;
            Ok(SequenceDone::Refreshed {
                held: held.len(),
                report,
            })
        }
    }
}

/// Sends one request of `environment`'s, if the service holds it:
/// `Ok(None)` when it does not (nothing to send).
async fn on_service(
    io: &(impl Transport + Clock),
    store: &impl Store,
    caller: &Caller,
    environment: Id,
    doing: &str,
    // Not generic: one copy of this flow for the three calls.
    build: &dyn Fn(&Service, &str) -> Request,
) -> Result<Option<Answer>, SequenceError> {
    let (name, destination) = store.read(|ws| {
        let held = ws
            .environment(environment)
            .filter(|e| e.publication().is_some())
            .map(|e| e.name().to_string());
        (held, caller.destination(ws))
    });
    let Some(name) = name else { return Ok(None) };
    let destination = destination.map_err(|refused| match refused {
        DestinationRefused::NotChosen => SequenceError::EndpointNotChosen,
        other => SequenceError::Refused(other),
    })?;
    let expired = || SequenceError::SignInExpired {
        doing: doing.to_string(),
    };
    if caller.must_sign_in_again(io.now_ms(), None) {
        return Err(expired());
    }
    let request = build(&caller.service(&destination), &name);
    let answer = io.send(&request, destination.timeout.seconds()).await?;
    if caller.must_sign_in_again(io.now_ms(), Some(answer.status)) {
        return Err(expired());
    }
    Ok(Some(answer))
}
