//! Who calls, and from which page: read once when a call starts.
//!
//! The page knows its own origin and Content Security Policy, whether it
//! shows the sample workspace, the access token it holds (pasted, or from
//! signing in) and, after signing in, when that token expires. From these
//! and the workspace's settings come where a call may go
//! ([`Caller::destination`]), which token it carries, and the one rule for
//! an expired sign-in ([`Caller::must_sign_in_again`]) that every flow
//! keeps.

use domain::auth::Expiry;
use domain::model::{Settings, Workspace};
use domain::publish::{check_destination, BoundToken, DestinationRefused, PageContext, Service};
use domain::values::{EndpointUrl, RequestTimeout};

/// The endpoint `settings` put in use on `page`: the chosen one, or, on a
/// page served from this machine, the local development receiver.
pub fn endpoint(page: &PageContext, settings: &Settings) -> Option<EndpointUrl> {
    settings
        .effective_endpoint(page.is_local())
        .map(|e| e.url())
}

#[derive(Debug, Clone)]
pub struct Caller {
    pub page: PageContext,
    /// The access token, bound to the endpoint origin it was given for.
    pub token: Option<BoundToken>,
    /// When the token came from signing in (and sign-in is set up): when it
    /// expires, in ms since the epoch.
    pub signed_in_until: Option<u64>,
}

/// Where requests go and how long each may take, once the page has checked
/// it may send there at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Destination {
    pub endpoint: EndpointUrl,
    pub timeout: RequestTimeout,
}

impl Caller {
    /// A caller with no token.
    pub fn new(page: PageContext) -> Caller {
        Caller {
            page,
            token: None,
            signed_in_until: None,
        }
    }

    /// The endpoint `settings` put in use on this page.
    pub fn endpoint(&self, settings: &Settings) -> Option<EndpointUrl> {
        endpoint(&self.page, settings)
    }

    /// Whether the page may send to `endpoint` (Settings asks before it
    /// saves a choice). Never in the sample workspace.
    pub fn may_send_to(&self, endpoint: &EndpointUrl) -> Result<(), DestinationRefused> {
        check_destination(Some(endpoint), &self.page)
    }

    /// Where requests go and how long they may take: not from the sample
    /// workspace, an endpoint chosen, never http from an https page, and an
    /// origin the page's policy allows.
    pub fn destination(&self, ws: &Workspace) -> Result<Destination, DestinationRefused> {
        let endpoint = self.endpoint(ws.settings());
        check_destination(endpoint.as_ref(), &self.page)?;
        let endpoint = endpoint.ok_or(DestinationRefused::NotChosen)?;
        Ok(Destination {
            endpoint,
            timeout: ws.settings().timeout,
        })
    }

    /// The requests to `destination`, carrying the token only when it was
    /// given for that origin.
    pub fn service<'a>(&'a self, destination: &'a Destination) -> Service<'a> {
        Service::new(&destination.endpoint, self.token.as_ref())
    }

    /// Whether a sign-in is in use and has expired (or is about to) at
    /// `now`: then nothing is sent with its token.
    pub fn sign_in_expired(&self, now: u64) -> bool {
        self.signed_in_until
            .is_some_and(|until| Expiry::at(until, now) == Expiry::Expired)
    }

    /// The one rule for an expired sign-in: before sending, the page knows
    /// it expired; after, a `401` to a token from signing in means it
    /// expired or was revoked. Either way: sign in again.
    pub fn must_sign_in_again(&self, now: u64, status: Option<u16>) -> bool {
        match status {
            None => self.sign_in_expired(now),
            Some(status) => status == 401 && self.signed_in_until.is_some(),
        }
    }
}
