//! A sign-in under way, and the redirect that ends it.
//!
//! Before the page sends the administrator to the authority it keeps a
//! [`PendingSignIn`] (in `sessionStorage`: this tab only, gone with it):
//! the PKCE verifier, a random `state` and `nonce`, the redirect URI and
//! where to land afterwards. The redirect back carries `code` and `state`
//! (or `error`) in the query; [`read_redirect`] accepts it only when a
//! sign-in was started here, recently, with that exact `state`, so a
//! forged or replayed redirect cannot sign anyone in.

use serde::{Deserialize, Serialize};

use super::pkce::{random_text, CodeVerifier};
use crate::values::{percent_decode, shown};

/// How long a sign-in may take, start to redirect.
pub const MAX_AGE_MS: u64 = 10 * 60 * 1000;

/// What the page keeps while the administrator is at the authority.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PendingSignIn {
    pub state: String,
    pub nonce: String,
    pub verifier: CodeVerifier,
    /// Where the authority sends the browser back: this page's URL
    /// without query or fragment (the app registration's redirect URI).
    pub redirect_uri: String,
    /// The fragment to land on afterwards (`#/environments/UAT`).
    pub return_to: String,
    /// When it started (ms since the epoch, the page's clock).
    pub started_at: u64,
    /// A publish to retry once signed in again (the environment's name):
    /// its attempt, with its idempotency key, is kept with the draft.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_publish: Option<String>,
}

impl PendingSignIn {
    /// A new sign-in from fresh random bytes (the verifier's 32, the
    /// state's and the nonce's 16 each).
    pub fn start(
        random: ([u8; 32], [u8; 16], [u8; 16]),
        redirect_uri: &str,
        return_to: &str,
        now: u64,
    ) -> PendingSignIn {
        PendingSignIn {
            state: random_text(random.1),
            nonce: random_text(random.2),
            verifier: CodeVerifier::from_random(random.0),
            redirect_uri: redirect_uri.to_string(),
            return_to: return_to.to_string(),
            started_at: now,
            retry_publish: None,
        }
    }
}

/// Why a redirect back from the authority did not sign anyone in.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CallbackError {
    #[error("This page received a sign-in answer, but no sign-in was started in this tab (or it was already finished). Nothing was signed in; select Sign in to start again.")]
    NotStarted,
    #[error("The sign-in answer does not belong to the sign-in started here (its state does not match), so it was refused. Select Sign in to start again.")]
    StateMismatch,
    #[error(
        "The sign-in took longer than 10 minutes and was abandoned. Select Sign in to start again."
    )]
    TooOld,
    #[error("The sign-in answer carries no authorization code. Select Sign in to start again.")]
    MissingCode,
    #[error("Microsoft Entra ID did not sign you in: {description} ({error}). Check the tenant, the client ID and the app registration's redirect URI in Settings, then sign in again.")]
    Refused { error: String, description: String },
}

/// A query string's (or a form body's) parameters, decoded (`+` is a
/// space); a repeated name keeps its first value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query(Vec<(String, String)>);

impl Query {
    /// Reads `text` (a leading `?` is skipped).
    pub fn parse(text: &str) -> Query {
        let mut pairs: Vec<(String, String)> = Vec::new();
        for part in text.strip_prefix('?').unwrap_or(text).split('&') {
            if part.is_empty() {
                continue;
            }
            let (k, v) = part.split_once('=').unwrap_or((part, ""));
            let k = percent_decode(k, true);
            if !pairs.iter().any(|(seen, _)| *seen == k) {
                pairs.push((k, percent_decode(v, true)));
            }
        }
        Query(pairs)
    }

    /// The value of `name`, if present (possibly empty).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Whether a page's query is the authority's redirect back (it has a
/// `code`, an `error` or a `state`).
pub fn is_redirect(query: &str) -> bool {
    let query = Query::parse(query);
    ["code", "error", "state"]
        .iter()
        .any(|name| query.get(name).is_some())
}

/// Reads the redirect back from the authority: the authorization code, when
/// it answers the sign-in `pending` started here less than 10 minutes ago
/// (`now` in ms).
pub fn read_redirect(
    query: &str,
    pending: Option<&PendingSignIn>,
    now: u64,
) -> Result<String, CallbackError> {
    let query = Query::parse(query);
    let get = |name: &str| query.get(name);
    let pending = pending.ok_or(CallbackError::NotStarted)?;
    // The state is checked first, even for an error: an answer that is not
    // ours says nothing about our sign-in.
    if get("state") != Some(pending.state.as_str()) {
        return Err(CallbackError::StateMismatch);
    }
    if now.saturating_sub(pending.started_at) > MAX_AGE_MS {
        return Err(CallbackError::TooOld);
    }
    if let Some(error) = get("error") {
        return Err(CallbackError::Refused {
            error: shown(error),
            // "….)." reads badly: the sentence's own full stop goes.
            description: shown(
                get("error_description")
                    .unwrap_or("no reason given")
                    .trim_end_matches('.'),
            ),
        });
    }
    match get("code") {
        Some(code) if !code.is_empty() => Ok(code.to_string()),
        _ => Err(CallbackError::MissingCode),
    }
}
