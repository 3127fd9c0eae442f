//! What the page knows about the service for this visit only, never
//! stored: the access token, the publish in flight (or last finished) per
//! environment with the attempt whose key a retry reuses, and what the
//! service was last seen to hold.

use std::collections::HashMap;

use domain::answers::{HeldEnvironment, HeldEnvironmentDetail};
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

#[derive(Clone, Copy)]
pub struct Session {
    /// The access token, in memory only, bound to the endpoint origin it
    /// was given for.
    pub token: RwSignal<Option<BoundToken>>,
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
    pub fn provide() -> Session {
        let session = Session {
            token: RwSignal::new(None),
            runs: RwSignal::new(HashMap::new()),
            held: RwSignal::new(HeldState::default()),
            attempts: StoredValue::new(HashMap::new()),
            page: StoredValue::new(this_page()),
        };
        provide_context(session);
        session
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
    /// checked it may send there at all (an endpoint is chosen, an https
    /// page never sends over http, the page's policy allows the origin).
    pub fn destination(
        &self,
        ws: &Workspace,
    ) -> Result<(EndpointUrl, RequestTimeout), DestinationRefused> {
        let endpoint = self.endpoint(ws).ok_or(DestinationRefused::NotChosen)?;
        self.may_send_to(&endpoint)?;
        Ok((endpoint, ws.settings().timeout))
    }

    /// Whether the page may send to `endpoint` (Settings asks before it
    /// saves a choice).
    pub fn may_send_to(&self, endpoint: &EndpointUrl) -> Result<(), DestinationRefused> {
        self.page
            .with_value(|page| check_destination(Some(endpoint), page))
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
}
