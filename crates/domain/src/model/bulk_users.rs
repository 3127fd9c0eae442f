//! Bulk add of users: the users read from a paste or a CSV file (see
//! [`crate::import::parse_users`]) added to an environment, line by line.
//!
//! Never all-or-nothing: every acceptable line is added, and every line
//! whose User ID or Email is already in the environment or on an earlier
//! line of the same paste is reported with its number and the rule it
//! breaks. Duplicates are found through sets, so a paste of thousands of
//! lines takes as long as reading it.

use std::collections::HashMap;

use thiserror::Error;

use super::error::WorkspaceError;
use super::ids::Id;
use super::workspace::Workspace;
use crate::import::{LineProblem, ParsedUsers};
use crate::values::quoted;

/// What a bulk add did: how many users were added, and every line that was
/// not, in line order (those the reading refused, and the duplicates).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BulkReport {
    pub added: usize,
    pub rejected: Vec<LineProblem>,
}

/// A user repeated within one paste.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
enum RepeatedInPaste {
    #[error("User ID {} is already on line {line} of this paste. Each user is listed once.", quoted(.user_id))]
    UserId { user_id: String, line: usize },
    #[error("Email {} is already on line {line} of this paste. Each email is listed once.", quoted(.email))]
    Email { email: String, line: usize },
}

impl Workspace {
    /// Adds the users of a paste to an environment; see [`BulkReport`].
    pub fn add_users(
        &mut self,
        environment: Id,
        parsed: ParsedUsers,
    ) -> Result<BulkReport, WorkspaceError> {
        let env = self
            .environments
            .iter_mut()
            .find(|e| e.id == environment)
            .ok_or(WorkspaceError::NotFound {
                what: "service environment",
            })?;
        // Where each User ID and Email is already: `None` among the
        // environment's users, `Some(line)` on an earlier line.
        let mut user_ids: HashMap<String, Option<usize>> =
            env.users.iter().map(|u| (u.key(), None)).collect();
        let mut emails: HashMap<String, Option<usize>> =
            env.users.iter().map(|u| (u.email.key(), None)).collect();
        let mut report = BulkReport {
            added: 0,
            rejected: parsed.rejected,
        };
        for (line, user) in parsed.users {
            let (user_id, email) = (user.user_id.to_string(), user.email.to_string());
            let problem = match (user_ids.get(&user.key()), emails.get(&user.email.key())) {
                (Some(None), _) => Some(WorkspaceError::DuplicateUserId { user_id }.to_string()),
                (Some(Some(first)), _) => Some(
                    RepeatedInPaste::UserId {
                        user_id,
                        line: *first,
                    }
                    .to_string(),
                ),
                (None, Some(None)) => Some(WorkspaceError::DuplicateEmail { email }.to_string()),
                (None, Some(Some(first))) => Some(
                    RepeatedInPaste::Email {
                        email,
                        line: *first,
                    }
                    .to_string(),
                ),
                (None, None) => None,
            };
            match problem {
                Some(problem) => report.rejected.push(LineProblem::new(
                    line,
                    format!("{},{}", user.user_id, user.email),
                    problem,
                )),
                None => {
                    user_ids.insert(user.key(), Some(line));
                    emails.insert(user.email.key(), Some(line));
                    env.users.push(user);
                    report.added += 1;
                }
            }
        }
        report.rejected.sort_by_key(|p| p.line);
        Ok(report)
    }
}
