//! What is printed for one file: its problems, or, when it is valid, the
//! environments not ready to publish; then a summary line.

use domain::file::{import, rule, size_problem, FileProblem};
use domain::model::Workspace;

/// How a file fared; the worst over all files decides the exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    Valid,
    Invalid,
    Unreadable,
}

impl Outcome {
    pub fn exit_code(self) -> u8 {
        match self {
            Outcome::Valid => 0,
            Outcome::Invalid => 1,
            Outcome::Unreadable => 2,
        }
    }
}

pub struct Report {
    pub lines: Vec<String>,
    pub outcome: Outcome,
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `FILE:POINTER: MESSAGE [RULE]`, or `FILE: MESSAGE [RULE]` for the whole
/// file.
fn line(name: &str, problem: &FileProblem) -> String {
    if problem.pointer.is_empty() {
        format!("{name}: {} [{}]", problem.message, problem.rule)
    } else {
        format!(
            "{name}:{}: {} [{}]",
            problem.display_pointer(),
            problem.message,
            problem.rule
        )
    }
}

fn invalid(name: &str, problems: &[FileProblem]) -> Report {
    let mut lines: Vec<String> = problems.iter().map(|p| line(name, p)).collect();
    lines.push(format!(
        "{name}: {}",
        count(problems.len(), "problem", "problems")
    ));
    Report {
        lines,
        outcome: Outcome::Invalid,
    }
}

/// A file over the size limit, refused unread.
pub fn too_large(name: &str, bytes: u64) -> Report {
    let problems: Vec<FileProblem> = size_problem(bytes).into_iter().collect();
    invalid(name, &problems)
}

/// Checks one file's text.
pub fn check(name: &str, text: &str, require_publishable: bool) -> Report {
    match import(text) {
        Err(errors) => invalid(name, &errors.problems),
        Ok(ws) => valid(name, &ws, require_publishable),
    }
}

fn valid(name: &str, ws: &Workspace, require_publishable: bool) -> Report {
    let mut lines = Vec::new();
    let mut not_ready = 0;
    for (i, env) in ws.environments().iter().enumerate() {
        let problems = ws.problems(env.id());
        if !problems.is_empty() {
            not_ready += 1;
        }
        for problem in problems {
            lines.push(format!(
                "{name}:/environments/{i}: not ready to publish: {} [{}]",
                problem.message,
                rule::PUBLISH
            ));
        }
    }
    let contents = format!(
        "{}, {}",
        count(ws.environments().len(), "environment", "environments"),
        count(
            ws.key_vault_references().len(),
            "Key Vault reference",
            "Key Vault references"
        )
    );
    let not_ready_text = count(not_ready, "environment", "environments");
    let (summary, outcome) = match (not_ready, require_publishable) {
        (0, _) => (format!("valid ({contents})"), Outcome::Valid),
        (_, false) => (
            format!("valid ({contents}; {not_ready_text} not ready to publish)"),
            Outcome::Valid,
        ),
        (_, true) => (
            format!("not publishable ({contents}; {not_ready_text} not ready to publish)"),
            Outcome::Invalid,
        ),
    };
    lines.push(format!("{name}: {summary}"));
    Report { lines, outcome }
}
