//! The token endpoint's answer: the access token (memory only, bound to
//! the service endpoint by the page), when it expires, and who signed in.
//!
//! The ID token's claims are read without checking its signature: they are
//! shown ("Signed in as …") and their `nonce` must be this sign-in's, and
//! nothing else is decided from them. The service checks the access token
//! itself.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::Deserialize;

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

impl SignedIn {
    pub fn expiry(&self, now: u64) -> Expiry {
        if now.saturating_add(SKEW_MS) >= self.expires_at {
            Expiry::Expired
        } else {
            let left = self.expires_at - now - SKEW_MS;
            Expiry::Valid {
                minutes: left.div_ceil(60_000).max(1),
            }
        }
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

#[derive(Deserialize)]
struct Answer {
    token_type: String,
    access_token: String,
    expires_in: Seconds,
    #[serde(default)]
    id_token: Option<String>,
}

/// Entra sends `expires_in` as a number; some servers as a string.
#[derive(Deserialize)]
#[serde(untagged)]
enum Seconds {
    Number(u64),
    Text(String),
}

#[derive(Deserialize)]
struct ErrorAnswer {
    error: String,
    #[serde(default)]
    error_description: Option<String>,
}

#[derive(Deserialize)]
struct Claims {
    #[serde(default)]
    nonce: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    preferred_username: Option<String>,
}

/// The claims of a compact JWT (`header.payload.signature`), unverified.
fn claims(id_token: &str) -> Result<Claims, String> {
    let payload = id_token
        .split('.')
        .nth(1)
        .ok_or_else(|| "the ID token is not a JWT".to_string())?;
    let bytes = URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .map_err(|_| "the ID token's claims are not base64url".to_string())?;
    serde_json::from_slice(&bytes).map_err(|_| "the ID token's claims are not JSON".to_string())
}

/// Reads the token endpoint's answer (`status`, `body`) to the code
/// exchange of `pending`, received at `now` (ms).
pub fn read_token_answer(
    status: u16,
    body: &str,
    pending: &PendingSignIn,
    now: u64,
) -> Result<SignedIn, TokenAnswerError> {
    if !(200..300).contains(&status) {
        return Err(match serde_json::from_str::<ErrorAnswer>(body) {
            Ok(e) => {
                let description =
                    shown(e.error_description.as_deref().unwrap_or("no reason given"));
                if e.error == "invalid_grant" {
                    TokenAnswerError::CodeRefused { description }
                } else {
                    TokenAnswerError::Refused {
                        error: shown(&e.error),
                        description,
                    }
                }
            }
            Err(_) => TokenAnswerError::Status { status },
        });
    }
    let answer: Answer = serde_json::from_str(body).map_err(|e| TokenAnswerError::Unreadable {
        reason: if e.is_syntax() || e.is_eof() {
            "not JSON".into()
        } else {
            "access_token, token_type or expires_in is missing".into()
        },
    })?;
    if !answer.token_type.eq_ignore_ascii_case("bearer") {
        return Err(TokenAnswerError::NotBearer {
            token_type: shown(&answer.token_type),
        });
    }
    let token = AccessToken::parse(&answer.access_token).map_err(TokenAnswerError::BadToken)?;
    let seconds = match answer.expires_in {
        Seconds::Number(n) => n,
        Seconds::Text(t) => t.trim().parse().map_err(|_| TokenAnswerError::Unreadable {
            reason: "expires_in is not a number".into(),
        })?,
    };
    let account = match answer.id_token.as_deref() {
        None => None,
        Some(id_token) => {
            let claims =
                claims(id_token).map_err(|reason| TokenAnswerError::Unreadable { reason })?;
            if claims.nonce.as_deref() != Some(pending.nonce.as_str()) {
                return Err(TokenAnswerError::NonceMismatch);
            }
            Some(Account {
                name: claims.name.as_deref().map(shown),
                username: claims.preferred_username.as_deref().map(shown),
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
