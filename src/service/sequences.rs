//! An environment's number-sequence calls as an action: `pending()` holds
//! the buttons while the service answers, `value()` is what came of the
//! last call. A call that finds the sign-in expired also raises the
//! page-wide "Sign in again".

use api::sequences::{self, SequenceCall, SequenceDone, SequenceError};
use domain::model::Id;
use leptos::prelude::*;

use super::browser::Browser;
use super::credentials::Credentials;
use super::page::Page;
use crate::state::AppState;

pub type SequenceResult = Result<SequenceDone, SequenceError>;

pub fn action(
    state: AppState,
    credentials: Credentials,
    page: Page,
    environment: Id,
) -> Action<SequenceCall, SequenceResult> {
    Action::new_unsync(move |call: &SequenceCall| {
        let (caller, call) = (credentials.caller(page), call.clone());
        async move {
            let result = sequences::run(&Browser, &state, &caller, environment, call).await;
            if matches!(result, Err(SequenceError::SignInExpired { .. })) {
                credentials.expired.set(true);
            }
            result
        }
    })
}
