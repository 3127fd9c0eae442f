//! What makes a JSON document a workspace file (`format`), which version
//! of the format it is (`version`), and the one place where older versions
//! are brought up to date ([`migrate`]).
//!
//! Version 1 is the only version today. When the format changes, the new
//! version gets a number, [`VERSION`] moves to it, and `migrate` gains one
//! step from the version before, so every file ever exported still
//! imports. A file from a newer console is refused with a message saying
//! so, never half-read.

use serde_json::Value;

use super::pointer;
use super::problem::FileProblem;
use super::rule;
use crate::values::quoted;

/// The value of the `format` field: what this file is.
pub const FORMAT: &str = "einvoicing-console/workspace";

/// The format version this console writes and reads.
pub const VERSION: u64 = 1;

/// Checks `format` and `version` and returns the document in the current
/// version's shape.
pub(super) fn read_header(document: Value) -> Result<Value, FileProblem> {
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
    migrate(document, version)
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
fn migrate(document: Value, from: u64) -> Result<Value, FileProblem> {
    match from {
        VERSION => Ok(document),
        // When version 2 comes, version 1 gets a step here:
        // `1 => migrate(one_to_two(document)?, 2),`
        newer if newer > VERSION => Err(FileProblem::new(
            "/version",
            rule::VERSION,
            format!("This file comes from a newer version of the console (workspace file version {newer}); this console reads version {VERSION}. Update the console, or export the workspace again from a console that writes version {VERSION}."),
        )),
        older => Err(FileProblem::new(
            "/version",
            rule::VERSION,
            format!("There is no workspace file version {older}; the first version is 1 and this console writes {VERSION}."),
        )),
    }
}
