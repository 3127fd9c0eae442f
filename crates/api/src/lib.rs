//! Every call the console makes to the Electronic invoicing service
//! (`publish-api.md`) and to the sign-in authority, as plain `async`
//! functions over three small ports ([`ports`]): a [`Transport`] that sends
//! a request the domain built as data and hands back status, `Retry-After`
//! and body (or why no answer came), a [`Clock`] (now, and waiting) and a
//! [`Random`] source.
//!
//! Nothing here knows a browser: the page supplies the one transport that
//! calls `fetch`, its clock and `crypto.getRandomValues`, and runs these
//! flows as Leptos actions; the native tests supply a scripted transport
//! and a fake clock, and run every status class and fault of the contract,
//! every retry path, the sign-in that expired and the conflict, in
//! milliseconds.
//!
//! - [`caller`]: who calls and from which page: where requests may go, with
//!   which token, and whether the sign-in behind it has expired.
//! - [`store`]: the workspace the flows read and record into.
//! - [`publish`]: refusal in the page, the attempt and its idempotency key,
//!   the bounded retries of a busy service, a conflict with what the
//!   service holds, `401` after signing in, and what is recorded.
//! - [`sequences`]: number sequences, changed on the service first.
//! - [`held`]: what the service holds (list and detail).
//! - [`adopt`]: adding what the service holds to this workspace, and
//!   taking its newer version of an environment.
//! - [`sign_in`]: the redirect back from the authority and the token
//!   exchange.
//! - [`time`]: the clock's milliseconds as the RFC 3339 text the page shows.
//!
//! Every flow returns a typed error (`thiserror`) whose words say what
//! happened, that nothing changed, and what to do; a view matches on the
//! variants it treats specially (sign in again, a conflict) and shows the
//! others as they read.

pub mod adopt;
pub mod caller;
pub mod held;
pub mod ports;
pub mod publish;
pub mod sequences;
pub mod sign_in;
pub mod store;
pub mod time;

pub use caller::{Caller, Destination};
pub use ports::{Answer, Clock, Random, RandomUnavailable, Transport};
pub use store::Store;
