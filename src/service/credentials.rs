//! The tab's credentials, in memory only: the access token (pasted, or
//! from signing in) bound to the endpoint origin it was given for, who
//! signed in and until when, and whether a call found the sign-in expired.
//! They outlive a switch between the administrator's workspace and the
//! sample (the sample never sends), never a reload.

use api::Caller;
use domain::auth::Account;
use domain::publish::BoundToken;
use leptos::prelude::*;

use super::page::Page;

/// Who signed in (the ID token's claims, shown only) and when the access
/// token expires (ms since the epoch, this browser's clock).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignInState {
    pub account: Option<Account>,
    pub expires_at: u64,
}

#[derive(Clone, Copy)]
pub struct Credentials {
    pub token: RwSignal<Option<BoundToken>>,
    /// Set when the token came from signing in.
    pub signed_in: RwSignal<Option<SignInState>>,
    /// A call other than Publish found the sign-in expired (or refused):
    /// the page offers to sign in again.
    pub expired: RwSignal<bool>,
}

impl Default for Credentials {
    fn default() -> Credentials {
        Credentials::new()
    }
}

impl Credentials {
    pub fn new() -> Credentials {
        Credentials {
            token: RwSignal::new(None),
            signed_in: RwSignal::new(None),
            expired: RwSignal::new(false),
        }
    }

    /// Who calls, from `page`, as of now: what every flow starts from.
    pub fn caller(&self, page: Page) -> Caller {
        Caller {
            page: page.context(),
            token: self.token.get_untracked(),
            signed_in_until: self
                .signed_in
                .with_untracked(|s| s.as_ref().map(|s| s.expires_at)),
        }
    }

    /// Keeps the token of a finished sign-in, bound to `endpoint`.
    pub fn signed_in_as(&self, token: BoundToken, state: SignInState) {
        self.token.set(Some(token));
        self.signed_in.set(Some(state));
        self.expired.set(false);
    }

    /// Forgets the token and who signed in.
    pub fn sign_out(&self) {
        self.token.set(None);
        self.signed_in.set(None);
        self.expired.set(false);
    }
}
