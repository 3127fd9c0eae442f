//! The Electronic invoicing service-environment model, in plain Rust.
//!
//! Everything an administrator configures lives here, together with every
//! rule that decides whether it is valid: the page, the command-line
//! validator and the development receiver all call this crate, so a rule is
//! written once. Nothing here knows about the browser; it compiles natively
//! (where it is tested) and to `wasm32-unknown-unknown` (where it runs).
//!
//! - [`values`]: validated newtypes, each built only through a constructor
//!   that trims, normalises and returns a typed error naming the rule.
//! - [`model`]: Key Vault references, service environments, connected
//!   applications and the [`model::Workspace`] that holds them, with
//!   uniqueness and referential integrity enforced by its operations.
//! - [`setup`]: the set-up checklist, read from the workspace.
//! - [`status`]: Not published / Published / Changed, derived, never stored.
//! - [`payload`] and [`answers`]: the publish contract (`publish-api.md`),
//!   what the page sends and what the service answers.
//! - [`adopt`]: an environment the service holds, read through the same
//!   rules as a file and added to the workspace, its Key Vault references
//!   merged by name, conflicts shown side by side (working as a team).
//! - [`file`]: the workspace file an administrator exports, keeps in git,
//!   edits by hand and imports, with every problem reported at its JSON
//!   pointer.
//! - [`diff`]: the changes since publish, field by field, and which of
//!   them discarding an environment's changes cannot undo.
//! - [`import`]: users pasted or uploaded in bulk, read line by line.
//! - [`auth`]: signing in with Microsoft Entra ID (authorization code +
//!   PKCE), the tokens it gives and when they expire.
//! - [`sample`]: the sample workspace behind "Try it with sample data".

pub mod adopt;
pub mod answers;
pub mod auth;
pub mod diff;
pub mod file;
pub mod import;
pub mod model;
pub mod payload;
pub mod publish;
pub mod sample;
pub mod setup;
pub mod status;
pub mod values;
