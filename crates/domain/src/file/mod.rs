//! The workspace file: what an administrator exports, keeps in git, edits
//! by hand and imports, and what a pipeline validates
//! (`docs/workspace-file.md` describes it field by field).
//!
//! The file is written for people: objects refer to each other by name,
//! never by the workspace's internal ids, and fields are named as in the
//! publish contract (`publish-api.md`), so it reads like the console's pages
//! and diffs cleanly. [`import`] reports every problem at once, each with
//! the JSON pointer of the offending value and a stable [`rule`] code, and
//! builds the [`Workspace`](crate::model::Workspace) only through the
//! workspace's own operations, so no rule is written twice. Hostile input
//! (huge, deeply nested, endless lists) is refused with a message, before
//! it costs memory or stack.
//!
//! Export writes version 2; import reads versions 1 and 2, bringing a
//! version 1 file up to date first (its certificate chain entries become
//! chains of their reference), and [`read`] says which version it read.

mod export;
mod import;
mod limits;
mod migration;
mod pointer;
mod problem;
mod reader;
pub mod rule;
mod scan;
mod version;

pub use export::export;
pub use import::{import, read, Reading};
pub use limits::{size_problem, MAX_BYTES, MAX_DEPTH, MAX_ITEMS, MAX_LIST_ITEMS, MAX_USERS};
/// The cheap pass over a text (nesting, number of values, fields named
/// twice), for the held environment the service answers with
/// ([`crate::adopt`]), which is read with this file's rules.
pub(crate) use migration::is_chain_type;
pub use problem::{FileProblem, ImportErrors};
pub(crate) use scan::scan;
pub use version::{FORMAT, OLDEST_VERSION, VERSION};
