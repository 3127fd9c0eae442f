//! What makes a JSON document a workspace file (`format`), which version
//! of the format it is (`version`), and the one place where older versions
//! are brought up to date ([`migrate`]).
//!
//! When the format changes, the new version gets a number, [`VERSION`]
//! moves to it, and `migrate` gains one step from the version before, so
//! every file ever exported still imports. Version 2 (chains of
//! certificates as objects of their reference, the Dataverse endpoint URI,
//! application names) is the current one; version 1's step is in
//! [`super::migration`]. A file from a newer console is refused with a
//! message saying so, never half-read.

use serde_json::Value;

use super::migration::{self, Migration};
use super::pointer;
use super::problem::FileProblem;
use super::rule;
use crate::values::quoted;

/// The value of the `format` field: what this file is.
pub const FORMAT: &str = "einvoicing-console/workspace";

/// The format version this console writes.
pub const VERSION: u64 = 2;
/// The oldest format version this console reads (through [`migrate`]).
pub const OLDEST_VERSION: u64 = 1;

/// A document in the current version's shape, the version it was written
/// in, and what bringing it up to date moved.
pub(super) struct Header {
    pub(super) document: Value,
    pub(super) version: u64,
    pub(super) migration: Migration,
}

/// "1 and 2": the versions this console reads, for messages.
fn readable_versions() -> String {
    if OLDEST_VERSION + 1 == VERSION {
        format!("{OLDEST_VERSION} and {VERSION}")
    } else {
        format!("{OLDEST_VERSION} to {VERSION}")
    }
}

/// Checks `format` and `version` and returns the document in the current
/// version's shape.
pub(super) fn read_header(document: Value) -> Result<Header, FileProblem> {
    let Value::Object(fields) = &document else {
        return Err(FileProblem::new(
            "",
            rule::FORMAT,
            format!(
                "This is not a workspace file: a workspace file is a JSON object with \"format\": \"{FORMAT}\", and this file holds {}.",
                super::reader::kind(&document)
            ),
        ));
    };
    match fields.get("format") {
        None if fields.contains_key("schemaVersion") => {
            return Err(FileProblem::new(
                "",
                rule::FORMAT,
                "This is a publish payload (it has \"schemaVersion\"): the body sent to the service for one environment, not a workspace file. Export the workspace from the console, or validate the workspace file the payload came from.",
            ))
        }
        None => {
            return Err(FileProblem::new(
                "",
                rule::FORMAT,
                format!("This is not a workspace file: it has no \"format\": \"{FORMAT}\". Export the workspace from the console to get one."),
            ))
        }
        Some(Value::String(format)) if format == FORMAT => {}
        Some(other) => {
            let shown = match other {
                Value::String(s) => quoted(s),
                other => super::reader::kind(other).to_owned(),
            };
            return Err(FileProblem::new(
                "/format",
                rule::FORMAT,
                format!("This is not a workspace file: its format is {shown}, not \"{FORMAT}\"."),
            ));
        }
    }
    let at = pointer::field("", "version");
    let version = match fields.get("version") {
        None => {
            return Err(FileProblem::new(
                at,
                rule::VERSION,
                format!("The workspace file has no \"version\"; add \"version\": {VERSION}, the version this console writes."),
            ))
        }
        Some(Value::Number(n)) if n.as_u64().is_some() => n.as_u64().unwrap_or_default(),
        Some(other) => {
            return Err(FileProblem::new(
                at,
                rule::VERSION,
                format!(
                    "The version must be a whole number, such as {VERSION}; found {}.",
                    shown_value(other)
                ),
            ))
        }
    };
    let (document, migration) = migrate(document, version)?;
    Ok(Header {
        document,
        version,
        migration,
    })
}

/// The value as a message shows it: numbers and short texts as they are,
/// anything else by its type.
fn shown_value(value: &Value) -> String {
    match value {
        Value::Number(n) => n.to_string(),
        Value::String(s) => quoted(s),
        other => super::reader::kind(other).to_owned(),
    }
}

/// Brings a document of version `from` to [`VERSION`], one step at a time.
fn migrate(document: Value, from: u64) -> Result<(Value, Migration), FileProblem> {
    match from {
        VERSION => Ok((document, Migration::none())),
        // The next version adds a step from 2 here, and version 1's step
        // goes on to it: `1 => { one_to_two, then migrate(…, 2) }`.
        1 => Ok(migration::one_to_two(document)),
        newer if newer > VERSION => Err(FileProblem::new(
            "/version",
            rule::VERSION,
            format!("This file comes from a newer version of the console (workspace file version {newer}); this console reads versions {}. Update the console, or export the workspace again from a console that writes version {VERSION}.", readable_versions()),
        )),
        older => Err(FileProblem::new(
            "/version",
            rule::VERSION,
            format!("There is no workspace file version {older}; the first version is {OLDEST_VERSION} and this console writes {VERSION}."),
        )),
    }
}
