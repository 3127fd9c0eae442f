//! The browser side of talking to the service endpoint: `fetch` with a
//! timeout, waits, random idempotency keys, and the publish and
//! number-sequence flows that tie them to the workspace.
//!
//! What to send and what an answer means are the domain's
//! (`domain::publish`); this module only moves bytes, waits, and records
//! outcomes through the workspace's operations, so a failure can never
//! change a status or lose an edit.

pub mod held;
mod http;
pub mod publisher;
mod random;
pub mod sequences;
mod session;
pub mod sign_in;
mod timer;

pub use session::{Conflict, Credentials, HeldState, RunState, Session, SignInState};
