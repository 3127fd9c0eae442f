//! Keeps the workspace in the browser so a reload, a crash or a closed tab
//! loses no edit. Nothing else touches `localStorage`.
//!
//! - [`envelope`]: the stored format (versioned) and how a stored text is
//!   read back, as plain logic tested natively.
//! - [`local`]: `localStorage` itself: load at start, save after each
//!   change, hear other tabs' saves.
//!
//! `web-sys`'s `Storage` is used directly rather than `gloo-storage`: what
//! this needs beyond get/set (the raw text of a draft that cannot be read,
//! to offer it for download; telling a full quota from an unavailable
//! store) is below that crate's typed API anyway.

pub mod envelope;
pub mod local;

pub use envelope::{Loaded, StoredWorkspace};
