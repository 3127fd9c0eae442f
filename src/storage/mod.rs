//! Keeps the workspace in the browser so a reload, a crash or a closed tab
//! loses no edit. Nothing else touches `localStorage` or `sessionStorage`.
//!
//! - [`envelope`]: the stored format (versioned), how a stored text is read
//!   back, and the key of each workspace ([`envelope::Slot`]: the
//!   administrator's own, or the sample, kept apart), as plain logic tested
//!   natively.
//! - [`error`]: why the browser did not keep something.
//! - [`local`]: `localStorage` itself: load when a workspace is opened,
//!   save after each change, hear other tabs' saves; and which workspace
//!   this tab has open (`sessionStorage`).
//! - [`marks`]: what this browser keeps beside the workspace (the set-up
//!   checklist's vault access, the build last opened).
//! - [`sign_in`]: a sign-in under way, in `sessionStorage` for the length
//!   of the redirect.
//!
//! `web-sys`'s `Storage` is used directly rather than `gloo-storage`: what
//! this needs beyond get/set (the raw text of a draft that cannot be read,
//! to offer it for download; telling a full quota from an unavailable
//! store) is below that crate's typed API anyway.

pub mod envelope;
pub mod error;
pub mod local;
pub mod marks;
pub mod sign_in;

pub use envelope::{Loaded, StoredWorkspace};
pub use error::SaveError;
