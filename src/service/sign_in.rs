//! Signing in from the page: the redirect to the authority (authorization
//! code + PKCE, same tab) and, when the browser comes back, the sign-in
//! finished as an action whose value the page shows until dismissed.
//!
//! What is sent and what an answer means are the flow's
//! (`api::sign_in`); this module supplies what only the page has: its
//! address, `sessionStorage` for the length of the redirect
//! (`storage::sign_in`), and where the token goes once issued. The draft
//! is already saved when the page leaves (every change is, and `pagehide`
//! writes what is pending).

use std::fmt;

use api::sign_in::{self, SignInError};
use api::RandomUnavailable;
use domain::auth::flow::is_redirect;
use domain::auth::{SignInSettings, SignedIn};
use domain::publish::{BoundToken, PublishAttempt};
use leptos::prelude::*;

use super::browser::Browser;
use super::credentials::{Credentials, SignInState};
use super::page::Page;
use super::runs::Runs;
use crate::state::AppState;
use crate::storage::sign_in::{self as kept, KeepError};

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

/// Why a sign-in could not start (nothing changed then).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    NoRandom(#[from] RandomUnavailable),
    #[error(transparent)]
    NotKept(#[from] KeepError),
    #[error("the browser refused to open the sign-in page")]
    Refused,
}

/// Leaves for the authority's sign-in page. `retry` names the environment
/// whose publish to retry once back; `attempts` are the publish attempts
/// whose keys a retry reuses.
pub fn begin(
    settings: &SignInSettings,
    retry: Option<String>,
    attempts: &[PublishAttempt],
) -> Result<(), StartError> {
    let location = window().location();
    let mut pending = sign_in::start(
        &Browser,
        &redirect_uri(),
        &location.hash().unwrap_or_default(),
    )?;
    pending.retry_publish = retry;
    kept::keep_pending(&pending)?;
    kept::keep_attempts(attempts)?;
    location
        .assign(&settings.authorize_url(&pending))
        .map_err(|_| StartError::Refused)
}

/// What came of the sign-in this page load finished.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignInOutcome {
    SignedIn {
        who: String,
        /// The environment whose interrupted publish is sent again.
        retrying: Option<String>,
    },
    /// Signed in, but the token was not kept: no endpoint is in use.
    NoEndpoint,
    Failed(SignInError),
}

impl SignInOutcome {
    pub fn is_signed_in(&self) -> bool {
        matches!(self, SignInOutcome::SignedIn { .. })
    }
}

impl fmt::Display for SignInOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignInOutcome::SignedIn {
                who,
                retrying: Some(name),
            } => write!(
                f,
                "Signed in as {who}. Publishing {name} again, with the same idempotency key."
            ),
            SignInOutcome::SignedIn {
                who,
                retrying: None,
            } => write!(f, "Signed in as {who}."),
            SignInOutcome::NoEndpoint => f.write_str("Signed in, but no service endpoint is chosen, so the token was not kept (it is sent to the endpoint in use only). Choose the endpoint in Settings, then sign in again."),
            SignInOutcome::Failed(e) => write!(f, "Sign-in failed. {e}"),
        }
    }
}

/// Finishing the sign-in this page load is the redirect back of.
#[derive(Clone, Copy)]
pub struct Finish {
    action: Action<(), SignInOutcome>,
}

impl Finish {
    /// The finishing action, run at once when this page load is
    /// the authority's redirect back: the token bound to the endpoint in
    /// use, who signed in shown, the interrupted publish retried with its
    /// own key.
    pub fn new(state: AppState, credentials: Credentials, page: Page, runs: Runs) -> Finish {
        let action = Action::new_unsync(move |_: &()| {
            let settings = state
                .workspace
                .with_untracked(|ws| ws.settings().sign_in.clone());
            async move { finish(state, credentials, page, runs, settings).await }
        });
        let finish = Finish { action };
        if is_redirect(&window().location().search().unwrap_or_default()) {
            action.dispatch(());
        }
        finish
    }

    /// What came of it, until dismissed (tracked): whether it signed in,
    /// and the words.
    pub fn outcome(&self) -> Option<(bool, String)> {
        self.action
            .value()
            .with(|o| o.as_ref().map(|o| (o.is_signed_in(), o.to_string())))
    }

    pub fn dismiss(&self) {
        self.action.value().set(None);
    }
}

async fn finish(
    state: AppState,
    credentials: Credentials,
    page: Page,
    runs: Runs,
    settings: Option<SignInSettings>,
) -> SignInOutcome {
    let query = window().location().search().unwrap_or_default();
    let pending = kept::take_pending();
    let attempts = kept::take_attempts();
    // The address loses its query either way, so a reload never sends the
    // code again.
    clean_address(pending.as_ref().map_or("", |p| p.return_to.as_str()));
    let signed_in =
        match sign_in::finish(&Browser, &query, pending.as_ref(), settings.as_ref()).await {
            Ok(signed_in) => signed_in,
            Err(e) => return SignInOutcome::Failed(e),
        };
    let Some(endpoint) = state.workspace.with_untracked(|ws| page.endpoint(ws)) else {
        return SignInOutcome::NoEndpoint;
    };
    let SignedIn {
        token,
        expires_at,
        account,
    } = signed_in;
    let who = account
        .as_ref()
        .map_or_else(|| "an account".to_string(), ToString::to_string);
    credentials.signed_in_as(
        BoundToken::new(token, &endpoint),
        SignInState {
            account,
            expires_at,
        },
    );
    for attempt in attempts {
        runs.remember(attempt);
    }
    let retry = pending.and_then(|p| p.retry_publish).and_then(|name| {
        state.workspace.with_untracked(|ws| {
            ws.environment_by_name(&name)
                .map(|e| (e.id(), name.clone()))
        })
    });
    if let Some((environment, _)) = &retry {
        runs.start(*environment, None);
    }
    SignInOutcome::SignedIn {
        who,
        retrying: retry.map(|(_, name)| name),
    }
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
