//! Reads a workspace file into a [`Workspace`], reporting every problem.
//!
//! In order: the size, a cheap scan (nesting, number of values, fields
//! named twice), JSON syntax, `format` and `version` (which stop the
//! import, since nothing else can be trusted without them), and the
//! migration of an older version's document to the current shape; then
//! every object, each value through its constructor, each cross-object rule
//! through the workspace operation that keeps it. References by name are
//! resolved here; whether the thing named may be used (a Secret for the SAS
//! secret, a Certificate in a chain, a name not yet taken) is the
//! operation's to say, and its refusal is reported at the pointer of the
//! item it refused.
//!
//! An item whose own value is invalid is still checked against the others
//! where it can be (with a stand-in for the invalid value), and an item
//! whose name is taken or invalid has its content checked in a side
//! workspace, so one mistake neither hides nor multiplies the others. The
//! workspace is returned only when nothing at all was found.
//!
//! Only the current version's shape is read here. A problem in a migrated
//! document is reported where it is in the file as written
//! ([`super::migration`]).

mod chains;
mod connected;
mod environment;
mod key_vault;
mod placeholder;
mod refusal;
mod settings;
mod snapshot;
mod snapshot_shape;
mod snapshot_vault;

use std::collections::HashSet;

use serde_json::Value;

use super::limits::size_problem;
use super::problem::{FileProblem, ImportErrors};
use super::reader::{Obj, Reader};
use super::version::{read_header, Header, FORMAT};
use super::{pointer, rule, scan};
use crate::model::{Id, Workspace};

const DOCUMENT_FIELDS: &[&str] = &[
    "format",
    "version",
    "keyVaultReferences",
    "environments",
    "connectedApplications",
    "settings",
];

/// What reading a workspace file gave.
#[derive(Debug)]
pub struct Reading {
    /// The version the file was written in, once its `format` and
    /// `version` were read (`None` when the text is not a workspace file of
    /// a version this console reads). A version older than
    /// [`VERSION`](super::VERSION) was migrated on reading.
    pub version: Option<u64>,
    /// The workspace, or every problem found, in the order of the file.
    pub result: Result<Workspace, ImportErrors>,
}

/// Reads a workspace file. `Err` holds every problem found, in the order
/// of the file (fields named twice first).
pub fn import(text: &str) -> Result<Workspace, ImportErrors> {
    read(text).result
}

/// Reads a workspace file, and says which version it was written in.
pub fn read(text: &str) -> Reading {
    let unread = |problem: ImportErrors| Reading {
        version: None,
        result: Err(problem),
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Some(problem) = size_problem(text.len() as u64) {
        return unread(problem.into());
    }
    let duplicates = match scan::scan(text) {
        Ok(duplicates) => duplicates,
        Err(problem) => return unread(problem.into()),
    };
    let document: Value = match serde_json::from_str(text) {
        Ok(document) => document,
        Err(e) => return unread(json_problem(text, &e).into()),
    };
    let Header {
        document,
        version,
        mut migration,
    } = match read_header(document) {
        Ok(header) => header,
        Err(problem) => return unread(problem.into()),
    };
    let mut builder = Builder {
        r: Reader::default(),
        unread: Unread::default(),
    };
    let workspace = builder.document(&document);
    let mut problems = duplicates;
    problems.append(&mut migration.problems);
    problems.extend(builder.r.problems.into_iter().map(|p| migration.place(p)));
    Reading {
        version: Some(version),
        result: if problems.is_empty() {
            Ok(workspace)
        } else {
            Err(ImportErrors { problems })
        },
    }
}

fn json_problem(text: &str, error: &serde_json::Error) -> FileProblem {
    let message = if text.trim().is_empty() {
        format!(
            "The file is empty; a workspace file is a JSON object with \"format\": \"{FORMAT}\"."
        )
    } else {
        format!("This is not valid JSON: {error}. A missing or extra comma, quote or bracket just before that place is the usual cause.")
    };
    FileProblem::new("", rule::JSON, message)
}

/// The problems found so far and what the import remembers across objects.
struct Builder {
    r: Reader,
    unread: Unread,
}

/// What could not be read by name (the reason is reported already), so a
/// name that is not found there is not reported a second time: it may well
/// name what could not be read.
#[derive(Default)]
struct Unread {
    /// A reference without a readable name, or an unreadable list.
    references: bool,
    /// The same for environments.
    environments: bool,
    /// References of the workspace with an entry without a readable name,
    /// or with an unreadable list of entries.
    entries_of: HashSet<Id>,
    /// Entries of the workspace's references left out because their type
    /// is invalid: (reference, lowercase name).
    untyped: HashSet<(Id, String)>,
}

impl Unread {
    /// Whether an entry named `key` (lowercase) might be in `reference`
    /// although it was not found.
    fn may_hold(&self, reference: Id, key: String) -> bool {
        self.entries_of.contains(&reference) || self.untyped.contains(&(reference, key))
    }
}

/// Whether `obj[key]` was given but not read in full (`read` items of it
/// were): wrong type, or too long a list.
fn unreadable(obj: &Obj<'_>, key: &str, read: usize) -> bool {
    obj.get(key)
        .is_some_and(|v| v.as_array().is_none_or(|items| items.len() != read))
}

/// Whether an object has no readable `name` (not an object, no name, not a
/// string).
fn unnamed(value: &Value) -> bool {
    value.get("name").and_then(Value::as_str).is_none()
}

impl Builder {
    fn document(&mut self, value: &Value) -> Workspace {
        let mut ws = Workspace::new();
        let Some(doc) = self
            .r
            .object(value, String::new(), "workspace file", DOCUMENT_FIELDS)
        else {
            return ws;
        };
        let at = doc.at("keyVaultReferences");
        let references = self.r.list(&doc, "keyVaultReferences");
        self.unread.references = unreadable(&doc, "keyVaultReferences", references.len())
            || references.iter().any(unnamed);
        for (i, item) in references.iter().enumerate() {
            self.reference(&mut ws, item, pointer::index(&at, i));
        }
        let mut side = ws.clone();
        let at = doc.at("environments");
        let environments = self.r.list(&doc, "environments");
        self.unread.environments = unreadable(&doc, "environments", environments.len())
            || environments.iter().any(unnamed);
        for (i, item) in environments.iter().enumerate() {
            self.environment(&mut ws, &mut side, item, pointer::index(&at, i), i);
        }
        let at = doc.at("connectedApplications");
        for (i, item) in self
            .r
            .list(&doc, "connectedApplications")
            .iter()
            .enumerate()
        {
            self.connected_application(&mut ws, item, pointer::index(&at, i));
        }
        if let Some(settings) = doc.get("settings") {
            self.settings(&mut ws, settings, doc.at("settings"));
        }
        ws
    }
}
