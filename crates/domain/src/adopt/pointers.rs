//! The workspace file's problems pointed back into the environment body.
//!
//! The body is read as a one-environment workspace file
//! ([`super::document`]): its Key Vault references at the file's top level
//! (where a version 1 file's problems are already reported as written, so
//! they are the body's pointers too), its other fields both in the
//! environment and in the publication's snapshot. So one mistake is
//! usually found twice, at `/environments/0/users/3/email` and at
//! `/environments/0/published/snapshot/users/3/email`: both become
//! `/users/3/email`, and the second is dropped. A few messages speak of
//! "this file" or "this published snapshot"; they are reworded to speak of
//! the environment the service holds.

use crate::file::FileProblem;

const ENVIRONMENT: &str = "/environments/0";
const SNAPSHOT: &str = "/environments/0/published/snapshot";
const PUBLISHED: &str = "/environments/0/published";

/// Where the environment's list of further Key Vault references came
/// from: for each of its items, the index of the body's reference.
#[derive(Debug, Default)]
pub(super) struct Places {
    pub(super) further: Vec<usize>,
}

/// Where a problem belongs.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Placed {
    /// In the body, at this problem's (rewritten) pointer.
    Body(FileProblem),
    /// In the answer's envelope (`revision`, `publishedAt`).
    Envelope(FileProblem),
}

/// `pointer` minus `prefix`, when `prefix` is a whole part of it.
fn below<'p>(pointer: &'p str, prefix: &str) -> Option<&'p str> {
    let rest = pointer.strip_prefix(prefix)?;
    (rest.is_empty() || rest.starts_with('/')).then_some(rest)
}

impl Places {
    /// The problem with its pointer into the body.
    pub(super) fn place(&self, mut problem: FileProblem) -> Placed {
        let pointer = &problem.pointer;
        let into_body = if let Some(rest) = below(pointer, SNAPSHOT) {
            rest.to_owned()
        } else if let Some(rest) = below(pointer, PUBLISHED) {
            problem.pointer = rest.to_owned();
            return Placed::Envelope(problem);
        } else if let Some(rest) = below(pointer, "/environments/0/keyVaultReferences") {
            self.further_reference(rest)
        } else if let Some(rest) = below(pointer, ENVIRONMENT) {
            rest.to_owned()
        } else if below(pointer, "/keyVaultReferences").is_some() {
            pointer.clone()
        } else {
            // The file as a whole (`/format`, `/version`, ``): the body.
            String::new()
        };
        problem.pointer = into_body;
        problem.message = reworded(&problem.message);
        Placed::Body(problem)
    }

    /// `/k…` of the environment's list of further references, as the name
    /// of the body's reference it was made from.
    fn further_reference(&self, rest: &str) -> String {
        let index = rest
            .strip_prefix('/')
            .map(|r| r.split('/').next().unwrap_or(r))
            .and_then(|k| k.parse::<usize>().ok())
            .and_then(|k| self.further.get(k));
        match index {
            Some(i) => format!("/keyVaultReferences/{i}/name"),
            None => "/keyVaultReferences".to_owned(),
        }
    }
}

/// The reader's words for a file, as words for the held environment.
fn reworded(message: &str) -> String {
    message
        .replace("in this file", "in the environment the service holds")
        .replace(
            "This published snapshot",
            "The environment the service holds",
        )
        .replace(
            "this published snapshot",
            "the environment the service holds",
        )
}

/// The problems in order, each (pointer, rule) once.
pub(super) fn unique(problems: Vec<FileProblem>) -> Vec<FileProblem> {
    let mut seen = std::collections::HashSet::new();
    problems
        .into_iter()
        .filter(|p| seen.insert((p.pointer.clone(), p.rule)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::file::rule;

    fn placed(places: &Places, pointer: &str) -> Placed {
        places.place(FileProblem::new(pointer, rule::NAME, "Bad in this file."))
    }

    fn body(pointer: &str) -> Placed {
        Placed::Body(FileProblem::new(
            pointer,
            rule::NAME,
            "Bad in the environment the service holds.",
        ))
    }

    #[test]
    fn pointers_go_back_into_the_body() {
        let places = Places {
            further: vec![2, 0],
        };
        let cases = [
            ("/keyVaultReferences/1/uri", "/keyVaultReferences/1/uri"),
            ("/environments/0/users/3/email", "/users/3/email"),
            (
                "/environments/0/published/snapshot/users/3/email",
                "/users/3/email",
            ),
            ("/environments/0/published/snapshot", ""),
            (
                "/environments/0/keyVaultReferences/1",
                "/keyVaultReferences/0/name",
            ),
            (
                "/environments/0/keyVaultReferences/0/x",
                "/keyVaultReferences/2/name",
            ),
            (
                "/environments/0/keyVaultReferences/9",
                "/keyVaultReferences",
            ),
            ("/environments/0/keyVaultReferences", "/keyVaultReferences"),
            ("/environments/0", ""),
            ("/environments/01/name", ""),
            ("/version", ""),
        ];
        for (from, to) in cases {
            assert_eq!(placed(&places, from), body(to), "{from}");
        }
        assert_eq!(
            placed(&places, "/environments/0/published/publishedAt"),
            Placed::Envelope(FileProblem::new(
                "/publishedAt",
                rule::NAME,
                "Bad in this file."
            ))
        );
    }

    #[test]
    fn a_problem_found_twice_is_kept_once() {
        let p = |pointer: &str, rule: &'static str| FileProblem::new(pointer, rule, "m");
        let kept = unique(vec![
            p("/users/0/email", rule::EMAIL),
            p("/users/0/email", rule::EMAIL),
            p("/users/0/email", rule::UNIQUE_USER),
        ]);
        assert_eq!(kept.len(), 2);
    }
}
