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

fn store() -> Result<web_sys::Storage, String> {
    window().session_storage().ok().flatten().ok_or_else(|| {
        "this browser keeps no data for this tab (sessionStorage is disabled)".into()
    })
}

fn put(key: &str, text: &str) -> Result<(), String> {
    store()?
        .set_item(key, text)
        .map_err(|_| "this tab's storage refused it (it may be full)".to_string())
}

fn take(key: &str) -> Option<String> {
    let store = store().ok()?;
    let text = store.get_item(key).ok().flatten();
    let _ = store.remove_item(key);
    text
}

/// Keeps the sign-in about to leave for the authority.
pub fn keep_pending(pending: &PendingSignIn) -> Result<(), String> {
    let text = serde_json::to_string(pending).map_err(|e| e.to_string())?;
    put(PENDING, &text)
}

/// The sign-in this tab started, if any (removed: it is finished once).
pub fn take_pending() -> Option<PendingSignIn> {
    take(PENDING).and_then(|text| serde_json::from_str(&text).ok())
}

/// Keeps the publish attempts to retry after the sign-in.
pub fn keep_attempts(attempts: &[PublishAttempt]) -> Result<(), String> {
    if attempts.is_empty() {
        return Ok(());
    }
    let text = serde_json::to_string(attempts).map_err(|e| e.to_string())?;
    put(ATTEMPTS, &text)
}

/// The attempts kept before the redirect (removed).
pub fn take_attempts() -> Vec<PublishAttempt> {
    take(ATTEMPTS)
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}
