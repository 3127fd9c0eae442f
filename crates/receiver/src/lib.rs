//! The local development receiver: a test double of the Electronic invoicing
//! service, speaking the publish contract (`publish-api.md`) on 127.0.0.1.
//!
//! It is not the service. It holds what the console publishes in one JSON
//! file, as it was sent, validates every publish with the console's own
//! rules (the `domain` crate) for its payload schema version (1 or 2,
//! `body.rs`), signs a test user in through a minimal authorization server
//! ([`auth`]) and records that user as a publish's `publishedBy`, and offers
//! test hooks under `/_admin/` (injected faults, number sequence usage, whom
//! sign-ins sign in, counters, reset) that are no part of the contract.
//! `docs/receiver.md` describes it for people; this crate's tests drive
//! [`app`] in-process.
//!
//! Everything here is native: the crate compiles to nothing on wasm32, so
//! the workspace's wasm32 checks pass over it.
#![cfg(not(target_arch = "wasm32"))]

mod admin;
mod answer;
mod api;
pub mod auth;
mod body;
pub mod config;
mod http;
mod state;
mod validate;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::Router;

pub use auth::SignInOptions;
pub use config::Config;
pub use state::{OpenError, STATE_FILE};

/// A running receiver's state: what it holds, its data file, its token and
/// its queued faults. Cheap to clone (shared).
#[derive(Clone)]
pub struct Receiver {
    inner: Arc<Shared>,
}

struct Shared {
    token: Option<String>,
    store: Mutex<state::Store>,
    sign_in: SignInOptions,
    authority: Mutex<auth::Authority>,
}

impl Receiver {
    /// Opens the receiver over `data_dir` (created when missing), loading
    /// `<data_dir>/receiver-state.json` when it exists. A state file that
    /// cannot be read is refused, never overwritten.
    pub fn open(data_dir: &Path, token: Option<String>) -> Result<Receiver, OpenError> {
        Receiver::open_with(data_dir, token, SignInOptions::default())
    }

    /// [`Receiver::open`] with the authorization server's options (whether
    /// `/api/` requires a token it issued, and their lifetime).
    pub fn open_with(
        data_dir: &Path,
        token: Option<String>,
        sign_in: SignInOptions,
    ) -> Result<Receiver, OpenError> {
        let store = state::Store::open(data_dir)?;
        Ok(Receiver {
            inner: Arc::new(Shared {
                token: token.filter(|t| !t.is_empty()),
                store: Mutex::new(store),
                sign_in,
                authority: Mutex::new(auth::Authority::default()),
            }),
        })
    }

    /// Whether `/api/` requires an access token issued by the
    /// authorization server double.
    pub fn requires_sign_in(&self) -> bool {
        self.inner.sign_in.required
    }

    fn authority(&self) -> std::sync::MutexGuard<'_, auth::Authority> {
        self.inner
            .authority
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The file the state is saved in.
    pub fn state_file(&self) -> PathBuf {
        self.store().path().to_path_buf()
    }

    /// Whether requests to `/api/` must carry the token.
    pub fn requires_token(&self) -> bool {
        self.inner.token.is_some()
    }

    fn store(&self) -> std::sync::MutexGuard<'_, state::Store> {
        // A handler that panicked mid-change left the store as it was before
        // the change was saved; keep serving.
        self.inner
            .store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The receiver's HTTP application: every path goes through one handler
/// that routes, answers CORS, applies faults and logs.
pub fn app(receiver: Receiver) -> Router {
    Router::new().fallback(http::handle).with_state(receiver)
}
