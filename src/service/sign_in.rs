//! Signing in from the page: the redirect to the authority (authorization
//! code + PKCE, same tab) and, when the browser comes back, the code
//! exchanged at the token endpoint.
//!
//! What is sent and what an answer means are the domain's
//! (`domain::auth`); this module supplies what only the browser has:
//! random bytes (`crypto.getRandomValues`), the clock, the page's address,
//! `sessionStorage` for the length of the redirect (`storage::sign_in`) and
//! `fetch` for the token request. The draft is already saved when the page
//! leaves (every change is, and `pagehide` writes what is pending).

use domain::auth::flow::{is_redirect, read_redirect};
use domain::auth::tokens::read_token_answer;
use domain::auth::{PendingSignIn, SignInSettings, SignedIn};
use domain::publish::PublishAttempt;
use gloo_net::http::RequestBuilder;
use leptos::prelude::*;

use super::timer::Timeout;
use crate::storage::sign_in as kept;

/// How long the token request may take.
const TOKEN_TIMEOUT_SECONDS: u32 = 30;

/// This browser's clock, in ms since the epoch.
pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

fn random<const N: usize>() -> Result<[u8; N], String> {
    let mut bytes = [0u8; N];
    window()
        .crypto()
        .and_then(|c| c.get_random_values_with_u8_array(&mut bytes).map(|_| ()))
        .map_err(|_| {
            "this browser offers no secure random numbers (crypto.getRandomValues)".to_string()
        })?;
    Ok(bytes)
}

/// The page's own address without query or fragment: the redirect URI to
/// register in the app registration.
pub fn redirect_uri() -> String {
    let location = window().location();
    format!(
        "{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_else(|_| "/".into())
    )
}

/// Leaves for the authority's sign-in page. `retry` names the environment
/// whose publish to retry once back; `attempts` are the publish attempts
/// whose keys a retry reuses. `Err` says why it could not start (nothing
/// changed then).
pub fn begin(
    settings: &SignInSettings,
    retry: Option<String>,
    attempts: &[PublishAttempt],
) -> Result<(), String> {
    let location = window().location();
    let mut pending = PendingSignIn::start(
        (random()?, random()?, random()?),
        &redirect_uri(),
        &location.hash().unwrap_or_default(),
        now_ms(),
    );
    pending.retry_publish = retry;
    kept::keep_pending(&pending)?;
    kept::keep_attempts(attempts)?;
    location
        .assign(&settings.authorize_url(&pending))
        .map_err(|_| "the browser refused to open the sign-in page".to_string())
}

/// Whether this page load is the authority's redirect back.
pub fn is_returning() -> bool {
    is_redirect(&window().location().search().unwrap_or_default())
}

/// What a finished sign-in gives the page: who signed in and with which
/// token, where to land, and the publish to retry.
pub struct Finished {
    pub signed_in: SignedIn,
    pub return_to: String,
    pub retry_publish: Option<String>,
    pub attempts: Vec<PublishAttempt>,
}

/// Finishes the sign-in this page load is the redirect of: the code
/// exchanged for a token. The address loses its query either way, so a
/// reload never sends the code again. `Err` is what to tell the
/// administrator (nobody is signed in then).
pub async fn complete(settings: Option<SignInSettings>) -> Result<Finished, String> {
    let location = window().location();
    let query = location.search().unwrap_or_default();
    let pending = kept::take_pending();
    let attempts = kept::take_attempts();
    let back_to = pending
        .as_ref()
        .map(|p| p.return_to.clone())
        .unwrap_or_default();
    clean_address(&back_to);
    let code = read_redirect(&query, pending.as_ref(), now_ms()).map_err(|e| e.to_string())?;
    let pending = pending.expect("read_redirect checked it is there");
    let settings = settings.ok_or_else(|| {
        "Sign-in is no longer set up in Settings, so the sign-in could not be finished.".to_string()
    })?;
    let (status, body) = exchange(&settings, &code, &pending).await?;
    let signed_in =
        read_token_answer(status, &body, &pending, now_ms()).map_err(|e| e.to_string())?;
    Ok(Finished {
        signed_in,
        return_to: pending.return_to,
        retry_publish: pending.retry_publish,
        attempts,
    })
}

/// Drops the query (the code and state) from the address, landing on
/// `fragment` (history keeps one entry).
fn clean_address(fragment: &str) {
    let path = window()
        .location()
        .pathname()
        .unwrap_or_else(|_| "/".into());
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{path}{fragment}")),
        );
    }
    // The page follows the fragment on `hashchange`, as after a link.
    if let Ok(event) = web_sys::Event::new("hashchange") {
        let _ = window().dispatch_event(&event);
    }
}

/// The token request (a form `POST`, so no preflight), ended after
/// [`TOKEN_TIMEOUT_SECONDS`].
async fn exchange(
    settings: &SignInSettings,
    code: &str,
    pending: &PendingSignIn,
) -> Result<(u16, String), String> {
    let unreachable = |what: &str| {
        format!(
            "The sign-in could not be finished: the token endpoint {} {what}. Check the authority in Settings and the network, then sign in again.",
            settings.token_url()
        )
    };
    let controller =
        web_sys::AbortController::new().map_err(|_| unreachable("could not be called"))?;
    let signal = controller.signal();
    let _timer = Timeout::start(TOKEN_TIMEOUT_SECONDS, move || controller.abort());
    let response = RequestBuilder::new(&settings.token_url())
        .method(gloo_net::http::Method::POST)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json")
        .abort_signal(Some(&signal))
        .body(settings.token_request(code, pending))
        .map_err(|_| unreachable("could not be called"))?
        .send()
        .await
        .map_err(|_| {
            if signal.aborted() {
                unreachable("did not answer in time")
            } else {
                unreachable("could not be reached (or refused this page's cross-origin request)")
            }
        })?;
    let status = response.status();
    let body = response
        .text()
        .await
        .map_err(|_| unreachable("sent an answer that could not be read"))?;
    Ok((status, body))
}

/// When this page load is the redirect back from the authority, finishes
/// the sign-in in the background: the token bound to the endpoint in use,
/// who signed in shown, the interrupted publish retried with its own key.
/// What happened is told through `session.sign_in_outcome`.
pub fn finish_if_returning(state: crate::state::AppState, session: super::Session) {
    if !is_returning() {
        return;
    }
    let settings = state
        .workspace
        .with_untracked(|ws| ws.settings().sign_in.clone());
    leptos::task::spawn_local(async move {
        let finished = match complete(settings).await {
            Ok(finished) => finished,
            Err(message) => {
                session
                    .sign_in_outcome
                    .set(Some(Err(format!("Sign-in failed. {message}"))));
                return;
            }
        };
        let Some(endpoint) = state.workspace.with_untracked(|ws| session.endpoint(ws)) else {
            session.sign_in_outcome.set(Some(Err(
                "Signed in, but no service endpoint is chosen, so the token was not kept (it is sent to the endpoint in use only). Choose the endpoint in Settings, then sign in again.".into(),
            )));
            return;
        };
        let SignedIn {
            token,
            expires_at,
            account,
        } = finished.signed_in;
        let who = account
            .as_ref()
            .map_or_else(|| "an account".to_string(), ToString::to_string);
        session
            .token
            .set(Some(domain::publish::BoundToken::new(token, &endpoint)));
        session.signed_in.set(Some(super::SignInState {
            account,
            expires_at,
        }));
        for attempt in finished.attempts {
            session.remember(attempt);
        }
        let retry = finished.retry_publish.and_then(|name| {
            state.workspace.with_untracked(|ws| {
                ws.environment_by_name(&name)
                    .map(|e| (e.id(), name.clone()))
            })
        });
        let message = match &retry {
            Some((_, name)) => format!(
                "Signed in as {who}. Publishing {name} again, with the same idempotency key."
            ),
            None => format!("Signed in as {who}."),
        };
        session.sign_in_outcome.set(Some(Ok(message)));
        if let Some((environment, _)) = retry {
            super::publisher::start(state, session, environment, None);
        }
    });
}
