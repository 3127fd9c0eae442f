//! Reading what an administrator pastes or uploads in bulk.
//!
//! A list typed or exported elsewhere (a spreadsheet, a CSV file) is read
//! line by line; every line becomes a validated value or a problem that
//! names its line, so the page can keep the good lines and show the others
//! for correction. Nothing here changes the workspace: its operations
//! decide what is added (see [`crate::model::Workspace::add_users`]).

mod fields;
mod users;

pub use users::{parse_users, LineProblem, ParsedUsers, MAX_LINES};
