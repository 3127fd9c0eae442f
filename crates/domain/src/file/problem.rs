//! One problem found in a workspace file, and all of them together.
//!
//! A problem says where (an RFC 6901 JSON pointer into the file), which
//! rule (a stable code a pipeline can match on) and what to do (a message
//! in an administrator's words). Import collects every problem instead of
//! stopping at the first, so one pass over a hand-edited file shows all
//! that needs fixing.

use std::fmt;

use crate::values::quoted;

/// One problem in a workspace file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileProblem {
    /// RFC 6901 JSON pointer to the offending value, such as
    /// `/environments/0/users/3/email`; for a missing field, where it
    /// belongs; empty for the file as a whole.
    pub pointer: String,
    /// The rule that failed, one of [`super::rule`]'s codes.
    pub rule: &'static str,
    /// What is wrong and what to do, naming the offending value.
    pub message: String,
}

impl FileProblem {
    pub(crate) fn new(
        pointer: impl Into<String>,
        rule: &'static str,
        message: impl fmt::Display,
    ) -> FileProblem {
        FileProblem {
            pointer: pointer.into(),
            rule,
            message: message.to_string(),
        }
    }

    /// The pointer for display on one line: control, invisible and
    /// direction-changing characters (possible in a field name a file
    /// made up) escaped the way [`quoted`] escapes them.
    pub fn display_pointer(&self) -> String {
        let mut buf = [0u8; 4];
        self.pointer
            .chars()
            .map(|c| {
                let q = quoted(c.encode_utf8(&mut buf));
                q[1..q.len() - 1].to_owned()
            })
            .collect()
    }
}

/// `pointer: message [rule]`, or `message [rule]` for the whole file.
impl fmt::Display for FileProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.pointer.is_empty() {
            write!(f, "{} [{}]", self.message, self.rule)
        } else {
            write!(
                f,
                "{}: {} [{}]",
                self.display_pointer(),
                self.message,
                self.rule
            )
        }
    }
}

/// Every problem found in a file that could not be imported, in the order
/// of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportErrors {
    pub problems: Vec<FileProblem>,
}

impl ImportErrors {
    pub fn len(&self) -> usize {
        self.problems.len()
    }
    pub fn is_empty(&self) -> bool {
        self.problems.is_empty()
    }
    pub fn iter(&self) -> std::slice::Iter<'_, FileProblem> {
        self.problems.iter()
    }
    /// The rule codes, in order (for tests and pipelines).
    pub fn rules(&self) -> Vec<&'static str> {
        self.problems.iter().map(|p| p.rule).collect()
    }
}

impl From<FileProblem> for ImportErrors {
    fn from(problem: FileProblem) -> ImportErrors {
        ImportErrors {
            problems: vec![problem],
        }
    }
}

impl<'a> IntoIterator for &'a ImportErrors {
    type Item = &'a FileProblem;
    type IntoIter = std::slice::Iter<'a, FileProblem>;
    fn into_iter(self) -> Self::IntoIter {
        self.problems.iter()
    }
}

/// One `pointer: message [rule]` line per problem.
impl fmt::Display for ImportErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, problem) in self.problems.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ImportErrors {}
