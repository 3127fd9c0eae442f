//! What is printed for one file: its problems, or, when it is valid, the
//! environments not ready to publish; then a summary line, which says
//! which version of the workspace file was read (a version 1 file is
//! migrated to version 2 on reading, and a pipeline should know it is
//! checking an old file).

use domain::file::{read, rule, size_problem, FileProblem, VERSION};
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

/// "workspace file version 2", or for an older one "workspace file
/// version 1, migrated to version 2 on reading".
fn version_read(version: u64) -> String {
    if version == VERSION {
        format!("workspace file version {version}")
    } else {
        format!("workspace file version {version}, migrated to version {VERSION} on reading")
    }
}

/// `version`: the version read, when the header could be read.
fn invalid(name: &str, problems: &[FileProblem], version: Option<u64>) -> Report {
    let mut lines: Vec<String> = problems.iter().map(|p| line(name, p)).collect();
    let read = version
        .map(|v| format!(" ({})", version_read(v)))
        .unwrap_or_default();
    lines.push(format!(
        "{name}: {}{read}",
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
    invalid(name, &problems, None)
}

/// Checks one file's text.
pub fn check(name: &str, text: &str, require_publishable: bool) -> Report {
    let reading = read(text);
    match (reading.result, reading.version) {
        (Err(errors), version) => invalid(name, &errors.problems, version),
        (Ok(ws), Some(version)) => valid(name, &ws, version, require_publishable),
        (Ok(ws), None) => valid(name, &ws, VERSION, require_publishable),
    }
}

fn valid(name: &str, ws: &Workspace, version: u64, require_publishable: bool) -> Report {
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
        "{}; {}, {}",
        version_read(version),
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
