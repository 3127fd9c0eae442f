//! What the page knows about the service for this visit only, never
//! stored: the access token, the publish in flight (or last finished) per
//! environment with the attempt whose key a retry reuses, and what the
//! service was last seen to hold.
//!
//! A session belongs to one open workspace: switching between the
//! administrator's own and the sample starts a new one, so no publish run,
//! attempt or list of what the service holds crosses over (only the tab's
//! [`Credentials`] do: the access token and who signed in, see
//! [`Session::provide_for`]). In the sample, every
//! call is refused before it is built ([`DestinationRefused::SampleWorkspace`]).

use std::collections::HashMap;

use domain::answers::{HeldEnvironment, HeldEnvironmentDetail};
use domain::auth::{Account, Expiry};
use domain::model::{Id, Settings, Workspace};
use domain::publish::{
    check_destination, BoundToken, DestinationRefused, PageContext, PlacedError, PublishAttempt,
};
use domain::values::{EndpointUrl, RequestTimeout};
use leptos::prelude::*;

/// A `409`/`412` answer, with what the service holds (or why it could not
/// be read).
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub status: u16,
    pub held: Result<HeldEnvironmentDetail, String>,
}

/// Where one environment's publish stands.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum RunState {
    #[default]
    Idle,
    /// Sending (or waiting to retry); the words say which.
    InFlight(String),
    Published(String),
    /// Refused in the page before any request: what blocks it.
    Blocked(Vec<String>),
    Failed {
        message: String,
        /// The service's field errors, placed.
        placed: Vec<PlacedError>,
        /// Boxed: the held environment is large and rarely there.
        conflict: Option<Box<Conflict>>,
        /// The sign-in expired or was refused: offer "Sign in again" (the
        /// publish is retried after it, with its own key).
        sign_in_again: bool,
    },
    /// After a conflict, the administrator reloaded the service's version:
    /// what came of it (an error lists what could not be restored).
    Reloaded(Result<String, String>),
}

impl RunState {
    pub fn in_flight(&self) -> bool {
        matches!(self, RunState::InFlight(_))
    }
}

/// The last `GET …/environments`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HeldState {
    pub loading: bool,
    /// The list and when (this browser's clock) it was read.
    pub list: Option<(Vec<HeldEnvironment>, String)>,
    pub error: Option<String>,
}

/// Who signed in (the ID token's claims, shown only) and when the access
/// token expires (ms since the epoch, this browser's clock).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignInState {
    pub account: Option<Account>,
    pub expires_at: u64,
}

/// The tab's credentials, in memory only: they outlive a switch between
/// workspaces, never a reload.
#[derive(Clone, Copy)]
pub struct Credentials {
    /// The access token (pasted, or from signing in), bound to the
    /// endpoint origin it was given for.
    pub token: RwSignal<Option<BoundToken>>,
    /// Set when the token came from signing in.
    pub signed_in: RwSignal<Option<SignInState>>,
}

impl Credentials {
    pub fn new() -> Credentials {
        Credentials {
            token: RwSignal::new(None),
            signed_in: RwSignal::new(None),
        }
    }
}

impl Default for Credentials {
    fn default() -> Credentials {
        Credentials::new()
    }
}

#[derive(Clone, Copy)]
pub struct Session {
    /// The access token, in memory only, bound to the endpoint origin it
    /// was given for.
    pub token: RwSignal<Option<BoundToken>>,
    /// Who signed in, when the token came from signing in.
    pub signed_in: RwSignal<Option<SignInState>>,
    /// What became of the sign-in this page load finished (shown at the
    /// top of the page until dismissed).
    pub sign_in_outcome: RwSignal<Option<Result<String, String>>>,
    /// A call other than Publish found the sign-in expired (or refused):
    /// the page offers to sign in again.
    pub sign_in_expired: RwSignal<bool>,
    /// Where each environment's publish stands, for its button, notice
    /// and panel.
    pub runs: RwSignal<HashMap<Id, RunState>>,
    pub held: RwSignal<HeldState>,
    attempts: StoredValue<HashMap<Id, PublishAttempt>>,
    /// The page's origin and Content Security Policy: whether it is served
    /// from this machine (the local development receiver is then the
    /// default endpoint), over https, and where it may connect.
    pub page: StoredValue<PageContext>,
}

/// The page's origin and the policy of its
/// `<meta http-equiv="Content-Security-Policy">`, read once.
fn this_page() -> PageContext {
    let origin = window().location().origin().unwrap_or_default();
    let policy = document()
        .query_selector(r#"meta[http-equiv="Content-Security-Policy"]"#)
        .ok()
        .flatten()
        .and_then(|meta| meta.get_attribute("content"));
    PageContext::new(&origin, policy.as_deref())
}

impl Session {
    /// A session of the administrator's own workspace, with a token of its
    /// own.
    pub fn provide() -> Session {
        Session::provide_for(Credentials::new(), false)
    }

    /// The session of the workspace just opened: the sample (`sample`), or
    /// the administrator's own. `token` is the tab's, kept when switching:
    /// it is bound to its endpoint's origin and the sample sends nothing.
    pub fn provide_for(credentials: Credentials, sample: bool) -> Session {
        let session = Session {
            token: credentials.token,
            signed_in: credentials.signed_in,
            sign_in_outcome: RwSignal::new(None),
            sign_in_expired: RwSignal::new(false),
            runs: RwSignal::new(HashMap::new()),
            held: RwSignal::new(HeldState::default()),
            attempts: StoredValue::new(HashMap::new()),
            page: StoredValue::new(this_page().showing_sample(sample)),
        };
        provide_context(session);
        session
    }

    /// Whether this session's workspace is the sample (nothing is sent).
    pub fn is_sample(&self) -> bool {
        self.page.with_value(|page| page.sample)
    }

    /// Whether a publish is under way in this workspace.
    pub fn publishing(&self) -> bool {
        self.runs
            .with_untracked(|r| r.values().any(RunState::in_flight))
    }

    pub fn get() -> Session {
        expect_context::<Session>()
    }

    /// The endpoint in use: the chosen one, or, on a page served from this
    /// machine, the local development receiver.
    pub fn endpoint(&self, ws: &Workspace) -> Option<EndpointUrl> {
        self.endpoint_under(ws.settings())
    }

    /// The endpoint `settings` would put in use on this page.
    pub fn endpoint_under(&self, settings: &Settings) -> Option<EndpointUrl> {
        let local = self.page.with_value(PageContext::is_local);
        settings.effective_endpoint(local).map(|e| e.url())
    }

    /// Where requests go and how long they may take, once the page has
    /// checked it may send there at all (not the sample workspace, an
    /// endpoint is chosen, an https page never sends over http, the page's
    /// policy allows the origin).
    pub fn destination(
        &self,
        ws: &Workspace,
    ) -> Result<(EndpointUrl, RequestTimeout), DestinationRefused> {
        let endpoint = self.endpoint(ws);
        self.may_send(endpoint.as_ref())?;
        let endpoint = endpoint.ok_or(DestinationRefused::NotChosen)?;
        Ok((endpoint, ws.settings().timeout))
    }

    /// Whether the page may send to `endpoint` (Settings asks before it
    /// saves a choice). Never in the sample workspace.
    pub fn may_send_to(&self, endpoint: &EndpointUrl) -> Result<(), DestinationRefused> {
        self.may_send(Some(endpoint))
    }

    fn may_send(&self, endpoint: Option<&EndpointUrl>) -> Result<(), DestinationRefused> {
        self.page
            .with_value(|page| check_destination(endpoint, page))
    }

    /// The run of `environment` (tracked).
    pub fn run(&self, environment: Id) -> RunState {
        self.runs
            .with(|r| r.get(&environment).cloned())
            .unwrap_or_default()
    }

    /// Whether a publish of `environment` is under way (tracked, nothing
    /// cloned).
    pub fn in_flight(&self, environment: Id) -> bool {
        self.runs
            .with(|r| r.get(&environment).is_some_and(RunState::in_flight))
    }

    /// The service's field errors of `environment`'s last publish (tracked).
    pub fn placed(&self, environment: Id) -> Vec<PlacedError> {
        self.runs.with(|r| match r.get(&environment) {
            Some(RunState::Failed { placed, .. }) => placed.clone(),
            _ => Vec::new(),
        })
    }

    pub fn set_run(&self, environment: Id, state: RunState) {
        self.runs.update(|r| {
            r.insert(environment, state);
        });
    }

    pub(super) fn attempt(&self, environment: Id) -> Option<PublishAttempt> {
        self.attempts.with_value(|a| a.get(&environment).cloned())
    }

    pub(super) fn remember(&self, attempt: PublishAttempt) {
        self.attempts.update_value(|a| {
            a.insert(attempt.environment, attempt);
        });
    }

    pub(super) fn forget(&self, environment: Id) {
        self.attempts.update_value(|a| {
            a.remove(&environment);
        });
    }

    /// Every attempt whose key a retry would reuse (kept across a sign-in
    /// redirect).
    pub fn all_attempts(&self) -> Vec<PublishAttempt> {
        self.attempts.with_value(|a| a.values().cloned().collect())
    }

    /// Forgets the token and who signed in.
    /// Whether a sign-in is in use and has expired (or is about to) now:
    /// then nothing is sent with its token.
    pub fn sign_in_has_expired(&self) -> bool {
        let now = super::sign_in::now_ms();
        self.signed_in.with_untracked(|s| {
            s.as_ref()
                .is_some_and(|s| Expiry::at(s.expires_at, now) == Expiry::Expired)
        })
    }

    pub fn sign_out(&self) {
        self.token.set(None);
        self.signed_in.set(None);
        self.sign_in_expired.set(false);
    }
}
