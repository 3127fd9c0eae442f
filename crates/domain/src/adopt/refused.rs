//! Why an environment the service holds may be refused, in an
//! administrator's words, and the answer's envelope once checked: the
//! types the reading steps ([`super::detail`], [`super::document`],
//! [`super::consistent`]) share, kept apart so none of them depends on
//! another for them.

use serde_json::{Map, Value};
use thiserror::Error;

use crate::answers::Revision;
use crate::file::FileProblem;
use crate::payload::{OLDEST_SCHEMA_VERSION, SCHEMA_VERSION};
use crate::values::quoted;

/// Why an environment the service holds cannot be added.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum BodyRefused {
    /// The answer is not the contract's shape (not JSON, no revision, no
    /// environment object …).
    #[error("The service's answer is not an environment as the publish contract describes it: {reason}. Nothing was added. Check the service endpoint in Settings, or ask whoever runs the service.")]
    NotADetail { reason: String },
    /// A `schemaVersion` other than 1 or 2.
    #[error("The service holds {} in publish contract version {version}; this console reads versions {OLDEST_SCHEMA_VERSION} and {SCHEMA_VERSION}. Reload the page to get the newest console, then add it again. Nothing was added.", shown_name(.name))]
    UnknownSchemaVersion { name: String, version: String },
    /// The body breaks the domain's rules: every problem, each at its JSON
    /// pointer into the environment body (`/users/3/email`), with its rule
    /// code and message. Nothing is added.
    #[error("The service's version of {} breaks {} of this console's rules, so nothing was added. {}", shown_name(.name), count(.problems), listed(.problems))]
    Broken {
        name: String,
        problems: Vec<FileProblem>,
    },
}

fn shown_name(name: &str) -> String {
    if name.is_empty() {
        "the environment".into()
    } else {
        format!("environment {}", quoted(name))
    }
}

fn count(problems: &[FileProblem]) -> String {
    match problems.len() {
        1 => "one".into(),
        n => n.to_string(),
    }
}

/// `pointer: message [rule]` per problem, one after the other.
fn listed(problems: &[FileProblem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

pub(super) fn not_a_detail(reason: impl Into<String>) -> BodyRefused {
    BodyRefused::NotADetail {
        reason: reason.into(),
    }
}

/// The envelope's fields, checked.
pub(super) struct Envelope<'v> {
    pub(super) revision: Revision,
    pub(super) published_at: &'v str,
    pub(super) published_by: Option<String>,
    pub(super) body: &'v Map<String, Value>,
}
