//! Number sequences of an environment the service holds take effect at
//! once: the page asks the service first and changes the workspace only
//! when it said yes; a refusal (`409` while in use) is shown in its words
//! and changes nothing. For an environment the service does not hold yet,
//! sequences are local and travel with its first publish.
//!
//! None of this ever changes the environment's status.

use domain::model::{Id, NumberSequenceInput};
use domain::payload::NumberSequencePayload;
use domain::publish::{
    classify_sequence_change, classify_sequence_list, DestinationRefused, Service,
};
use leptos::prelude::*;

use super::http::{send, Answer};
use super::session::Session;
use crate::state::AppState;

/// Sends one request of `environment`'s, if the service holds it:
/// `Ok(None)` when it does not (nothing to send).
async fn call(
    state: AppState,
    session: Session,
    environment: Id,
    doing: &str,
    build: impl FnOnce(&Service, &str) -> domain::publish::Request,
) -> Result<Option<Answer>, String> {
    let (name, destination) = state.workspace.with_untracked(|ws| {
        let env = ws.environment(environment);
        let held = env
            .filter(|e| e.publication().is_some())
            .map(|e| e.name().to_string());
        (held, session.destination(ws))
    });
    let Some(name) = name else { return Ok(None) };
    let (endpoint, timeout) = destination.map_err(|refused| match refused {
        DestinationRefused::NotChosen => "Choose the service endpoint in Settings first: the service holds this environment, so its number sequences change there.".to_string(),
        other => other.to_string(),
    })?;
    // After signing in, an expired sign-in is not sent, and a 401 means
    // it expired or was revoked: sign in again.
    if session.sign_in_has_expired() {
        session.sign_in_expired.set(true);
        return Err(domain::auth::tokens::sign_in_expired_for(doing));
    }
    let token = session.token.get_untracked();
    let request = build(&Service::new(&endpoint, token.as_ref()), &name);
    let answer = send(&request, timeout).await.map_err(|t| t.message())?;
    if answer.status == 401 && session.signed_in.with_untracked(Option::is_some) {
        session.sign_in_expired.set(true);
        return Err(domain::auth::tokens::sign_in_expired_for(doing));
    }
    Ok(Some(answer))
}

/// Creates a sequence: on the service first when it holds the environment.
pub async fn create(
    state: AppState,
    session: Session,
    environment: Id,
    input: NumberSequenceInput,
) -> Result<String, String> {
    let payload = NumberSequencePayload {
        name: input.name.to_string(),
        description: input.description.to_string(),
    };
    let doing = format!("create number sequence '{}'", payload.name);
    let answer = call(state, session, environment, &doing, |s, env| {
        s.put_sequence(env, &payload)
    })
    .await?;
    let on_service = answer.is_some();
    if let Some(a) = answer {
        classify_sequence_change(&doing, a.status, &a.body).map_err(|e| e.message)?;
    }
    state
        .apply(|ws| ws.add_number_sequence(environment, input))
        .map_err(|e| e.to_string())?;
    Ok(if on_service {
        format!("Number sequence '{}' created on the service.", payload.name)
    } else {
        format!(
            "Number sequence '{}' created; it reaches the service with the first publish.",
            payload.name
        )
    })
}

/// Deletes a sequence: on the service first when it holds the environment.
pub async fn delete(
    state: AppState,
    session: Session,
    environment: Id,
    sequence: Id,
    name: String,
) -> Result<String, String> {
    let doing = format!("delete number sequence '{name}'");
    let answer = call(state, session, environment, &doing, |s, env| {
        s.delete_sequence(env, &name)
    })
    .await?;
    let on_service = answer.is_some();
    if let Some(a) = answer {
        // Already gone from the service is what was asked for.
        if a.status != 404 {
            classify_sequence_change(&doing, a.status, &a.body).map_err(|e| e.message)?;
        }
    }
    state
        .apply(|ws| ws.delete_number_sequence(environment, sequence))
        .map_err(|e| e.to_string())?;
    Ok(if on_service {
        format!("Number sequence '{name}' deleted from the service.")
    } else {
        format!("Number sequence '{name}' deleted.")
    })
}

/// Reads In use and Current value (and sequences created elsewhere) from
/// the service.
pub async fn refresh(state: AppState, session: Session, environment: Id) -> Result<String, String> {
    let doing = "read the number sequences the service holds";
    let Some(answer) = call(state, session, environment, doing, |s, env| {
        s.list_sequences(env)
    })
    .await?
    else {
        return Err("The service does not hold this environment yet: publish it first.".into());
    };
    let held = classify_sequence_list(answer.status, &answer.body).map_err(|e| e.message)?;
    let report = state
        .apply(|ws| ws.refresh_sequences(environment, &held))
        .map_err(|e| e.to_string())?;
    let mut message = format!(
        "In use and Current value read from the service ({} sequences).",
        held.len()
    );
    if !report.added.is_empty() {
        message.push_str(&format!(
            " Added from the service: {}.",
            report.added.join(", ")
        ));
    }
    if !report.not_on_service.is_empty() {
        message.push_str(&format!(
            " Not on the service: {}.",
            report.not_on_service.join(", ")
        ));
    }
    if !report.unreadable.is_empty() {
        message.push_str(&format!(
            " Held by the service under names this page refuses: {}.",
            report.unreadable.join(", ")
        ));
    }
    Ok(message)
}
