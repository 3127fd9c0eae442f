//! The token endpoint's answer: the access token (memory only, bound to
//! the service endpoint by the page), when it expires, and who signed in.
//!
//! The ID token's claims are read without checking its signature: they are
//! shown ("Signed in as …") and their `nonce` must be this sign-in's, and
//! nothing else is decided from them. The service checks the access token
//! itself.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::Value;

use super::flow::PendingSignIn;
use crate::publish::{AccessToken, AccessTokenError};
use crate::values::shown;

/// A token this close to its expiry is treated as expired (clocks differ,
/// and a request takes time).
pub const SKEW_MS: u64 = 60 * 1000;

/// Who signed in, as the ID token says (shown only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub name: Option<String>,
    pub username: Option<String>,
}

impl std::fmt::Display for Account {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.name, &self.username) {
            (Some(n), Some(u)) => write!(f, "{n} ({u})"),
            (Some(one), None) | (None, Some(one)) => f.write_str(one),
            (None, None) => f.write_str("an account with no name"),
        }
    }
}

/// A signed-in administrator: in memory only (no `Serialize`; `Debug`
/// hides the token). A refresh token, should the authority send one, is
/// dropped: none is asked for, and none is kept anywhere.
#[derive(Clone, PartialEq, Eq)]
pub struct SignedIn {
    pub token: AccessToken,
    /// When the access token expires (ms since the epoch, the page's clock).
    pub expires_at: u64,
    pub account: Option<Account>,
}

impl std::fmt::Debug for SignedIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignedIn")
            .field("token", &self.token)
            .field("expires_at", &self.expires_at)
            .field("account", &self.account)
            .finish()
    }
}

/// Where a sign-in stands at a given time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expiry {
    /// Usable for about this many more minutes (at least 1).
    Valid { minutes: u64 },
    /// Expired, or about to (within [`SKEW_MS`]): sign in again.
    Expired,
}

impl Expiry {
    /// Where a sign-in whose token expires at `expires_at` stands at `now`
    /// (both ms since the epoch).
    pub fn at(expires_at: u64, now: u64) -> Expiry {
        if now.saturating_add(SKEW_MS) >= expires_at {
            Expiry::Expired
        } else {
            let left = expires_at - now - SKEW_MS;
            Expiry::Valid {
                minutes: left.div_ceil(60_000).max(1),
            }
        }
    }
}

impl SignedIn {
    pub fn expiry(&self, now: u64) -> Expiry {
        Expiry::at(self.expires_at, now)
    }

    /// The token to send at `now`, unless it has expired.
    pub fn usable_token(&self, now: u64) -> Option<&AccessToken> {
        matches!(self.expiry(now), Expiry::Valid { .. }).then_some(&self.token)
    }
}

/// Why the token endpoint's answer signed no one in.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenAnswerError {
    #[error("The sign-in code was already used or has expired ({description}). Select Sign in to start again.")]
    CodeRefused { description: String },
    #[error("Microsoft Entra ID refused to issue a token: {description} ({error}). Check the client ID, the scope and the redirect URI in Settings, then sign in again.")]
    Refused { error: String, description: String },
    #[error(
        "The token endpoint answered HTTP {status} without a reason. Try signing in again later."
    )]
    Status { status: u16 },
    #[error("The token endpoint's answer could not be read ({reason}). Check the authority in Settings.")]
    Unreadable { reason: String },
    #[error(
        "The token endpoint issued a {token_type} token; the console can only send Bearer tokens."
    )]
    NotBearer { token_type: String },
    #[error("The access token issued is not one the console can send: {0}")]
    BadToken(AccessTokenError),
    #[error("The ID token was not issued for this sign-in (its nonce does not match), so it was refused. Select Sign in to start again.")]
    NonceMismatch,
}

/// A text member of a JSON object, if it is one.
fn text<'a>(value: &'a Value, name: &str) -> Option<&'a str> {
    value.get(name).and_then(Value::as_str)
}

/// The claims of a compact JWT (`header.payload.signature`), unverified.
fn claims(id_token: &str) -> Result<Value, String> {
    let payload = id_token
        .split('.')
        .nth(1)
        .ok_or_else(|| "the ID token is not a JWT".to_string())?;
    let bytes = URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .map_err(|_| "the ID token's claims are not base64url".to_string())?;
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(claims) if claims.is_object() => Ok(claims),
        _ => Err("the ID token's claims are not a JSON object".to_string()),
    }
}

/// Reads the token endpoint's answer (`status`, `body`) to the code
/// exchange of `pending`, received at `now` (ms). Read as a JSON value
/// rather than through typed structs: a handful of members, and the page's
/// wasm already carries the value reader (the workspace file uses it).
pub fn read_token_answer(
    status: u16,
    body: &str,
    pending: &PendingSignIn,
    now: u64,
) -> Result<SignedIn, TokenAnswerError> {
    let answer = serde_json::from_str::<Value>(body).ok();
    if !(200..300).contains(&status) {
        let error = answer.as_ref().and_then(|a| text(a, "error"));
        return Err(match error {
            Some(error) => {
                // "….)." reads badly: the sentence's own full stop goes.
                let description = shown(
                    answer
                        .as_ref()
                        .and_then(|a| text(a, "error_description"))
                        .unwrap_or("no reason given")
                        .trim_end_matches('.'),
                );
                if error == "invalid_grant" {
                    TokenAnswerError::CodeRefused { description }
                } else {
                    TokenAnswerError::Refused {
                        error: shown(error),
                        description,
                    }
                }
            }
            None => TokenAnswerError::Status { status },
        });
    }
    let Some(answer) = answer.filter(Value::is_object) else {
        return Err(TokenAnswerError::Unreadable {
            reason: "not a JSON object".into(),
        });
    };
    let missing = || TokenAnswerError::Unreadable {
        reason: "access_token, token_type or expires_in is missing".into(),
    };
    let token_type = text(&answer, "token_type").ok_or_else(missing)?;
    if !token_type.eq_ignore_ascii_case("bearer") {
        return Err(TokenAnswerError::NotBearer {
            token_type: shown(token_type),
        });
    }
    let token = AccessToken::parse(text(&answer, "access_token").ok_or_else(missing)?)
        .map_err(TokenAnswerError::BadToken)?;
    // Entra sends a number; some servers a string.
    let seconds = match answer.get("expires_in").ok_or_else(missing)? {
        Value::String(t) => t.trim().parse().ok(),
        other => other.as_u64(),
    }
    .ok_or_else(|| TokenAnswerError::Unreadable {
        reason: "expires_in is not a number".into(),
    })?;
    let account = match text(&answer, "id_token") {
        None => None,
        Some(id_token) => {
            let claims =
                claims(id_token).map_err(|reason| TokenAnswerError::Unreadable { reason })?;
            if text(&claims, "nonce") != Some(pending.nonce.as_str()) {
                return Err(TokenAnswerError::NonceMismatch);
            }
            Some(Account {
                name: text(&claims, "name").map(shown),
                username: text(&claims, "preferred_username").map(shown),
            })
        }
    };
    Ok(SignedIn {
        token,
        expires_at: now.saturating_add(seconds.saturating_mul(1000)),
        account,
    })
}

/// What a number-sequence change says when the sign-in has expired or the
/// service refused its token (`401`): nothing changed; sign in again in
/// Settings, then repeat it.
pub fn sign_in_expired_for(doing: &str) -> String {
    format!(
        "Could not {doing}: the sign-in has expired or the service did not accept it (401). Nothing changed. Sign in again in Settings, then try again."
    )
}

/// What a publish says when the service refused the sign-in's token (`401`)
/// or the page knows it has expired: sign in again, and the publish is
/// retried with its own key.
pub fn sign_in_again(name: &str, status: Option<u16>) -> String {
    let why = match status {
        Some(status) => format!(
            "The service did not accept the sign-in ({status}): it has expired or was revoked."
        ),
        None => "Your sign-in has expired.".to_string(),
    };
    format!(
        "{why} Nothing was published and nothing changed here: the status and every edit are kept. Select Sign in again: you come back to this page and {name} is published again with the same idempotency key, so the service applies it at most once."
    )
}
