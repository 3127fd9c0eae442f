//! What the page knows about the service for this visit only, never
//! stored: the access token, the publish in flight (or last finished) per
//! environment with the attempt whose key a retry reuses, and what the
//! service was last seen to hold.

use std::collections::HashMap;

use domain::answers::{HeldEnvironment, HeldEnvironmentDetail};
use domain::model::{Id, Workspace};
use domain::publish::{AccessToken, PlacedError, PublishAttempt};
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
    /// The access token, in memory only.
    pub token: RwSignal<Option<AccessToken>>,
    /// Where each environment's publish stands, for its button, notice
    /// and panel.
    pub runs: RwSignal<HashMap<Id, RunState>>,
    pub held: RwSignal<HeldState>,
    attempts: StoredValue<HashMap<Id, PublishAttempt>>,
    /// Whether the page is served from this machine (the local development
    /// receiver is then the default endpoint).
    pub page_is_local: bool,
}

fn served_locally() -> bool {
    web_sys::window()
        .and_then(|w| w.location().hostname().ok())
        .is_some_and(|h| matches!(h.as_str(), "localhost" | "127.0.0.1" | "[::1]"))
}

impl Session {
    pub fn provide() -> Session {
        let session = Session {
            token: RwSignal::new(None),
            runs: RwSignal::new(HashMap::new()),
            held: RwSignal::new(HeldState::default()),
            attempts: StoredValue::new(HashMap::new()),
            page_is_local: served_locally(),
        };
        provide_context(session);
        session
    }

    pub fn get() -> Session {
        expect_context::<Session>()
    }

    /// The endpoint requests go to and how long they may take.
    pub fn endpoint(&self, ws: &Workspace) -> (Option<EndpointUrl>, RequestTimeout) {
        let settings = ws.settings();
        (
            settings
                .effective_endpoint(self.page_is_local)
                .map(|e| e.url()),
            settings.timeout,
        )
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
