//! Bulk add of users: the lines an administrator pastes, or the CSV file
//! they upload, read into users.
//!
//! One user per line, `alias,email` (or `;`, or a tab: see
//! [`super::fields`]). A header line (`User ID,Email`, `alias,email`, …)
//! and blank lines are skipped. Each value goes through [`UserId::parse`]
//! and [`Email::parse`], so a line is refused with the same message the
//! form would give, prefixed with its line number. Good lines are kept
//! whatever happens to the others.
//!
//! At most [`MAX_LINES`] lines are read from one paste, so a huge paste
//! cannot freeze the page; the rest is reported, not silently dropped.

use std::fmt;

use thiserror::Error;

use super::fields::{fields, FieldError, Lines};
use crate::model::User;
use crate::values::{Email, EmailError, UserId, UserIdError};

/// How many lines (blank lines aside) one paste may hold.
pub const MAX_LINES: usize = 20_000;

/// What a paste was read into: the users of the good lines, with their line
/// numbers (from 1), and every other line with its problem.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedUsers {
    pub users: Vec<(usize, User)>,
    pub rejected: Vec<LineProblem>,
}

/// A line that was not taken, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineProblem {
    /// The line's number, from 1.
    pub line: usize,
    /// The line as typed (without its line end).
    pub text: String,
    /// What is wrong, starting with `Line {line}: `.
    pub message: String,
}

impl LineProblem {
    pub(crate) fn new(line: usize, text: impl Into<String>, problem: impl fmt::Display) -> Self {
        LineProblem {
            line,
            text: text.into(),
            message: format!("Line {line}: {problem}"),
        }
    }
}

/// Why a line is not a user.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
enum LineError {
    #[error(transparent)]
    Fields(#[from] FieldError),
    #[error("expected 'alias,email' (2 fields); found {0}.")]
    FieldCount(usize),
    #[error(transparent)]
    UserId(#[from] UserIdError),
    #[error(transparent)]
    Email(#[from] EmailError),
    #[error("only the first {} lines of a paste are read, and this paste has {}: the last {}, from this line on, were not read. Add them in another paste.", grouped(MAX_LINES), grouped(*.total), grouped(.total - MAX_LINES))]
    TooManyLines { total: usize },
}

/// `20000` as `20,000`.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// Whether the fields are a header such as `User ID,Email` or
/// `alias,email` (case, spaces, `_` and `-` aside).
fn is_header(fields: &[String]) -> bool {
    let simple = |s: &str| {
        s.chars()
            .filter(|c| !matches!(c, ' ' | '_' | '-'))
            .collect::<String>()
            .to_lowercase()
    };
    match fields {
        [first, second] => {
            matches!(simple(first).as_str(), "userid" | "alias" | "user")
                && matches!(simple(second).as_str(), "email" | "emailaddress" | "mail")
        }
        _ => false,
    }
}

/// The user on a line; `None` for a header.
fn read_line(line: &str) -> Result<Option<User>, LineError> {
    let fields = fields(line)?;
    if is_header(&fields) {
        return Ok(None);
    }
    let [user_id, email] = fields.as_slice() else {
        return Err(LineError::FieldCount(fields.len()));
    };
    Ok(Some(User {
        user_id: UserId::parse(user_id)?,
        email: Email::parse(email)?,
    }))
}

/// Reads pasted lines or a CSV file's text into users; never fails as a
/// whole (see [`ParsedUsers`]). Duplicates are left to
/// [`crate::model::Workspace::add_users`], which knows the environment's
/// users.
pub fn parse_users(text: &str) -> ParsedUsers {
    let mut parsed = ParsedUsers::default();
    let mut read = 0;
    let mut lines = Lines::new(text).filter(|(_, line)| !line.trim().is_empty());
    while let Some((number, line)) = lines.next() {
        if read == MAX_LINES {
            let total = MAX_LINES + 1 + lines.by_ref().count();
            parsed.rejected.push(LineProblem::new(
                number,
                line,
                LineError::TooManyLines { total },
            ));
            break;
        }
        read += 1;
        match read_line(line) {
            Ok(Some(user)) => parsed.users.push((number, user)),
            Ok(None) => {}
            Err(problem) => parsed
                .rejected
                .push(LineProblem::new(number, line, problem)),
        }
    }
    parsed
}
