//! The page's side of talking to the service: the flows (`api`) run as
//! Leptos actions over the browser's transport, clock and random source,
//! and the state they leave, split by what it is.
//!
//! - [`browser`]: `fetch` with its timeout, the clock, random bytes: the
//!   only code that calls the network.
//! - [`page`]: the page's origin, policy and whether it shows the sample.
//! - [`credentials`]: the token, who signed in, whether it expired.
//! - [`held`]: what the service holds, as last read.
//! - [`adopt`]: adding what the service holds to this workspace, and
//!   taking its newer version of an environment.
//! - [`runs`]: each environment's publish and the attempt it keeps.
//! - [`sequences`]: an environment's number-sequence calls.
//! - [`sign_in`]: leaving for the authority, and finishing when back.
//!
//! Together they are the [`Service`] in context for the console of one
//! workspace; the credentials in it belong to the tab (see `workspaces`). Nothing
//! here decides what to send or what an answer means: that is the flows'
//! and the domain's, so a failure can never change a status or lose an
//! edit.

pub mod adopt;
pub mod browser;
pub mod credentials;
pub mod held;
pub mod page;
pub mod runs;
pub mod sequences;
pub mod sign_in;

pub use adopt::Adopt;
pub use credentials::{Credentials, SignInState};
pub use held::Held;
pub use page::Page;
pub use runs::{Run, Runs};
pub use sign_in::Finish;

use leptos::prelude::*;

use crate::state::AppState;

/// The service state of the console of one workspace, each part its own
/// type and module, found in context as one.
#[derive(Clone, Copy)]
pub struct Service {
    pub page: Page,
    pub credentials: Credentials,
    pub held: Held,
    pub runs: Runs,
    pub adopt: Adopt,
    pub finish: Finish,
}

impl Service {
    pub fn get() -> Service {
        expect_context::<Service>()
    }
}

/// Provides the service state of the console of one workspace: the page
/// (showing the sample or not), the tab's `credentials`, what the service
/// holds, the publish runs, and the sign-in this page load may finish.
pub fn provide(state: AppState, credentials: Credentials, sample: bool) -> Service {
    let page = Page::new(sample);
    let held = Held::new(state, credentials, page);
    let runs = Runs::new(state, credentials, page, held);
    let finish = Finish::new(state, credentials, page, runs);
    let adopt = Adopt::new(state, credentials, page, held, runs);
    let service = Service {
        page,
        credentials,
        held,
        runs,
        adopt,
        finish,
    };
    provide_context(service);
    service
}
