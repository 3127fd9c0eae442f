//! Signing in with Microsoft Entra ID (authorization code + PKCE, same
//! tab): the sign-in that leaves for the authority, and, when the browser
//! comes back, the redirect checked and the code exchanged at the token
//! endpoint over the same transport as every other call.
//!
//! What is sent and what an answer means are the domain's
//! (`domain::auth`); keeping the sign-in across the redirect
//! (`sessionStorage`) and the page's address are the page's.

use domain::auth::flow::{read_redirect, CallbackError};
use domain::auth::tokens::{read_token_answer, TokenAnswerError};
use domain::auth::{PendingSignIn, SignInSettings, SignedIn};
use domain::publish::TransportError;

use crate::ports::{random_bytes, Clock, Random, RandomUnavailable, Transport};

/// How long the token request may take.
pub const TOKEN_TIMEOUT_SECONDS: u32 = 30;

/// Why a sign-in could not be finished (nobody is signed in then).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignInError {
    /// The redirect is not the answer to a sign-in started in this tab, or
    /// the authority refused.
    #[error(transparent)]
    Redirect(#[from] CallbackError),
    #[error("Sign-in is no longer set up in Settings, so the sign-in could not be finished.")]
    NotSetUp,
    #[error("The sign-in could not be finished: the token endpoint {url} did not answer in time. Check the authority in Settings and the network, then sign in again.")]
    TokenTimeout { url: String },
    #[error("The sign-in could not be finished: the token endpoint {url} could not be reached (or refused this page's cross-origin request). Check the authority in Settings and the network, then sign in again.")]
    TokenUnreachable { url: String },
    /// The token endpoint answered, and not with a usable token.
    #[error(transparent)]
    Answer(#[from] TokenAnswerError),
}

/// A new sign-in about to leave for the authority: fresh PKCE verifier,
/// `state` and `nonce`; it comes back to `redirect_uri` and then lands on
/// `return_to`.
pub fn start(
    io: &(impl Random + Clock),
    redirect_uri: &str,
    return_to: &str,
) -> Result<PendingSignIn, RandomUnavailable> {
    let random = (random_bytes(io)?, random_bytes(io)?, random_bytes(io)?);
    Ok(PendingSignIn::start(
        random,
        redirect_uri,
        return_to,
        io.now_ms(),
    ))
}

/// Finishes the sign-in `pending` started, from the redirect's `query`:
/// checked against it, then the code exchanged for a token.
pub async fn finish(
    io: &(impl Transport + Clock),
    query: &str,
    pending: Option<&PendingSignIn>,
    settings: Option<&SignInSettings>,
) -> Result<SignedIn, SignInError> {
    let code = read_redirect(query, pending, io.now_ms())?;
    let pending = pending.ok_or(CallbackError::NotStarted)?;
    let settings = settings.ok_or(SignInError::NotSetUp)?;
    let request = settings.token_call(&code, pending);
    let answer = io
        .send(&request, TOKEN_TIMEOUT_SECONDS)
        .await
        .map_err(|fault| {
            let url = settings.token_url();
            match fault {
                TransportError::Timeout { .. } => SignInError::TokenTimeout { url },
                _ => SignInError::TokenUnreachable { url },
            }
        })?;
    Ok(read_token_answer(
        answer.status,
        &answer.body,
        pending,
        io.now_ms(),
    )?)
}
