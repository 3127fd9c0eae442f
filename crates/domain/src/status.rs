//! An environment's status, derived from its content and its last
//! publication, never stored.
//!
//! Published means the content equals what was sent at the last publish;
//! editing back to that content shows Published again. Number sequences
//! are left out on both sides: they take effect without Publish. "Equals"
//! means no difference an administrator could name: the status is Changed
//! exactly when [`crate::diff`] lists a change, so the order of users,
//! applications, references and entries does not count (a user removed and
//! added again is no change), the order of a certificate chain does.

use serde::{Deserialize, Serialize};

use crate::diff;
use crate::model::{ServiceEnvironment, Workspace};
use crate::payload::{content, EnvironmentContent};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    /// Created, never published.
    NotPublished,
    /// What the service holds equals what is on screen.
    Published,
    /// Published once, edited since, the edit not yet published.
    Changed,
}

impl Status {
    /// The words RCS shows in the Status column.
    pub fn label(self) -> &'static str {
        match self {
            Status::NotPublished => "Not published",
            Status::Published => "Published",
            Status::Changed => "Changed",
        }
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// The status of `env` within `ws` (whose Key Vault references it carries).
pub fn of(ws: &Workspace, env: &ServiceEnvironment) -> Status {
    let Some(publication) = env.publication() else {
        return Status::NotPublished;
    };
    let now = content(ws, env);
    let then = EnvironmentContent::from(&publication.snapshot);
    // Equal content needs no comparison field by field.
    if now == then || diff::between(&then, &now).is_empty() {
        Status::Published
    } else {
        Status::Changed
    }
}
