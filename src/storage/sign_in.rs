//! A sign-in under way, kept in `sessionStorage` for the length of the
//! redirect to the authority and back: this tab only, gone when it closes.
//!
//! It holds the PKCE verifier, `state` and `nonce` of the sign-in
//! (`domain::auth::PendingSignIn`), and the publish attempts the sign-in
//! interrupted, so a `401`'s publish is retried afterwards with its own
//! idempotency key. Never a token: the access token lives in the page's
//! memory only, and no refresh token is asked for. Each is read once and
//! removed ([`take_pending`], [`take_attempts`]), so a reload or a replayed
//! redirect finds nothing to finish.

use domain::auth::PendingSignIn;
use domain::publish::PublishAttempt;
use leptos::prelude::window;

const PENDING: &str = "einvoicing-console/sign-in";
const ATTEMPTS: &str = "einvoicing-console/sign-in/attempts";

/// Why the sign-in could not be kept for the redirect.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeepError {
    #[error("this browser keeps no data for this tab (sessionStorage is disabled)")]
    NoStorage,
    #[error("this tab's storage refused it (it may be full)")]
    Refused,
}

fn store() -> Result<web_sys::Storage, KeepError> {
    window()
        .session_storage()
        .ok()
        .flatten()
        .ok_or(KeepError::NoStorage)
}

fn put(key: &str, text: &str) -> Result<(), KeepError> {
    store()?.set_item(key, text).map_err(|_| KeepError::Refused)
}

fn take(key: &str) -> Option<String> {
    let store = store().ok()?;
    let text = store.get_item(key).ok().flatten();
    let _ = store.remove_item(key);
    text
}

/// Keeps the sign-in about to leave for the authority.
pub fn keep_pending(pending: &PendingSignIn) -> Result<(), KeepError> {
    put(PENDING, &to_json(pending))
}

/// The sign-in this tab started, if any (removed: it is finished once).
pub fn take_pending() -> Option<PendingSignIn> {
    take(PENDING).and_then(|text| serde_json::from_str(&text).ok())
}

/// Keeps the publish attempts to retry after the sign-in.
pub fn keep_attempts(attempts: &[PublishAttempt]) -> Result<(), KeepError> {
    if attempts.is_empty() {
        return Ok(());
    }
    put(ATTEMPTS, &to_json(attempts))
}

/// Plain data of strings and numbers, which always serialises.
fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// The attempts kept before the redirect (removed).
pub fn take_attempts() -> Vec<PublishAttempt> {
    take(ATTEMPTS)
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}
