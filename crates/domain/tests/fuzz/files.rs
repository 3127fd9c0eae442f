//! The workspace file (`domain::file::import`) and the bulk-user reader
//! (`domain::import::parse_users`): text from a file or a paste.
//!
//! Import never panics, whatever the text: arbitrary text, JSON-like text,
//! hostile sizes and depths, and exports of the full example mutated as
//! text and as JSON. Whatever it accepts exports to a file it accepts again
//! unchanged (export is a normal form: exporting what the export imports
//! gives the same text), and whatever it refuses is reported one problem
//! per line, with a known rule code, a pointer and a readable message.

use domain::file::{export, import, rule, MAX_LIST_ITEMS};
use domain::import::{parse_users, MAX_LINES};
use domain::values::{Email, UserId};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::TestCaseError;
use serde_json::Value;

use crate::file_fixtures;
use crate::json_edits::{edited, edits, spliced};
use crate::runner::{readable, target, Target, Verdict};

fn check(text: &str) -> Result<Verdict, TestCaseError> {
    match import(text) {
        Ok(ws) => {
            let once = export(&ws);
            let again = import(&once).map_err(|e| TestCaseError::fail(format!("{e}")))?;
            prop_assert_eq!(export(&again), once);
            Ok(Verdict::Accepted)
        }
        Err(errors) => {
            prop_assert!(!errors.is_empty());
            prop_assert_eq!(errors.to_string().lines().count(), errors.len());
            for problem in &errors {
                prop_assert!(rule::ALL.contains(&problem.rule), "{}", problem.rule);
                prop_assert!(problem.pointer.is_empty() || problem.pointer.starts_with('/'));
                readable(&problem.message)?;
                readable(&format!("{}{}", problem.display_pointer(), problem.rule))?;
            }
            Ok(Verdict::Refused)
        }
    }
}

fn base_text() -> String {
    export(&file_fixtures::full())
}

/// Sizes and depths past the file's limits, and at them: `[[[…]]]` nested
/// (balanced or not), an environment with that many users, a name that
/// long.
fn hostile() -> impl Strategy<Value = String> {
    let doc: Value = serde_json::from_str(&base_text()).unwrap();
    let user = doc.pointer("/environments/0/users/0").unwrap().clone();
    let with_users = {
        let doc = doc.clone();
        move |n: usize| {
            let mut doc = doc.clone();
            let users = (0..n).map(|i| {
                let mut u = user.clone();
                u["userId"] = Value::from(format!("u{i}"));
                u
            });
            doc["environments"][0]["users"] = Value::Array(users.collect());
            serde_json::to_string(&doc).unwrap()
        }
    };
    let with_name = move |c: char, n: usize| {
        let mut doc = doc.clone();
        doc["keyVaultReferences"][0]["name"] = Value::from(c.to_string().repeat(n));
        serde_json::to_string(&doc).unwrap()
    };
    prop_oneof![
        4 => (0usize..3_000, any::<bool>()).prop_map(|(depth, closed)| {
            let close = if closed { "]".repeat(depth) } else { String::new() };
            format!("{}{close}", "[".repeat(depth))
        }),
        1 => prop_oneof![8 => 0..50usize, 1 => MAX_LIST_ITEMS - 2..MAX_LIST_ITEMS + 3]
            .prop_map(with_users),
        2 => (
            prop::sample::select(vec!['a', 'é', '\u{202e}', '"', '\\', '\0']),
            0usize..70_000
        )
            .prop_map(move |(c, n)| with_name(c, n)),
    ]
}

/// A line of a paste: `alias,email` in the shapes spreadsheets write, and
/// broken ones.
const PASTE_LINE: &str = "([ \"]?[a-zA-Z0-9._@'-]{0,12}[\" ]?[,;\t]{1,2}[ \"]?[a-zA-Z0-9._+@\"-]{0,12}(@[a-z]{1,6}\\.[a-z]{2,3})?[\" ]?|User ID,Email|alias;email|[ -~\t\u{0}\u{202e}é\u{feff}]{0,30})";

fn paste() -> impl Strategy<Value = String> {
    prop_oneof![
        500 => any::<String>(),
        500 => prop::collection::vec(
            (
                PASTE_LINE,
                prop::sample::select(vec!["\n", "\r\n", "\r", "\n\n"])
            ),
            0..30
        )
        .prop_map(|lines| {
            lines
                .into_iter()
                .flat_map(|(line, end)| [line, end.to_string()])
                .collect()
        }),
        // Past the limit: the rest is reported, not read (rare: slow).
        1 => (0usize..3, any::<bool>()).prop_map(|(extra, header)| {
            let head = if header { "alias,email\n" } else { "" };
            format!(
                "{head}{}",
                "a,a@b.cc\n".repeat(MAX_LINES + extra)
            )
        }),
    ]
}

/// Bulk users: every non-blank line is a user or a problem naming its line,
/// in order; at most [`MAX_LINES`] lines are read, and the rest is one
/// problem; every user re-validates.
fn check_paste(text: String) -> Result<Verdict, TestCaseError> {
    let parsed = parse_users(&text);
    let lines = text
        .strip_prefix('\u{feff}')
        .unwrap_or(&text)
        .split("\r\n")
        .flat_map(|l| l.split(['\n', '\r']))
        .filter(|l| !l.trim().is_empty())
        .count();
    prop_assert!(parsed.users.len() + parsed.rejected.len() <= lines.min(MAX_LINES + 1));
    prop_assert!(parsed.users.len() <= MAX_LINES);
    for (line, user) in &parsed.users {
        prop_assert!(*line >= 1);
        prop_assert_eq!(
            UserId::parse(user.user_id.as_str()),
            Ok(user.user_id.clone())
        );
        prop_assert_eq!(Email::parse(user.email.as_str()), Ok(user.email.clone()));
    }
    for problem in &parsed.rejected {
        let prefix = format!("Line {}: ", problem.line);
        prop_assert!(problem.message.starts_with(&prefix), "{}", problem.message);
        readable(&problem.message[prefix.len()..])?;
    }
    let mut numbers: Vec<usize> = parsed.users.iter().map(|(n, _)| *n).collect();
    numbers.extend(parsed.rejected.iter().map(|p| p.line));
    numbers.sort_unstable();
    prop_assert!(numbers.windows(2).all(|w| w[0] < w[1]), "a line read twice");
    Ok(if parsed.rejected.is_empty() {
        Verdict::Accepted
    } else {
        Verdict::Refused
    })
}

pub fn targets() -> Vec<Target> {
    vec![
        target("file::import (arbitrary text)", any::<String>, |text| {
            check(&text)
        }),
        target(
            "file::import (JSON-like text)",
            || "[\\[\\]{}\",:0-9a-z \\\\.e+-]{0,300}",
            |text| check(&text),
        ),
        target(
            "file::import (header, then anything)",
            || "[\\[\\]{}\",:0-9a-zA-Z \\\\]{0,200}",
            |rest| {
                check(&format!(
                    "{{\"format\": \"einvoicing-console/workspace\", \"version\": 1, {rest}"
                ))
            },
        ),
        target(
            "file::import (export cut or spliced)",
            || {
                let base = base_text();
                (
                    any::<Index>(),
                    prop_oneof![0usize..200, Just(usize::MAX)],
                    "[\\[\\]{}\",:0-9a-z \\\\\u{0}é]{0,20}",
                )
                    .prop_map(move |(cut, len, insert)| spliced(&base, cut, len, &insert))
            },
            |text| check(&text),
        ),
        target(
            "file::import (export edited as JSON)",
            || {
                let doc: Value = serde_json::from_str(&base_text()).unwrap();
                edits().prop_map(move |e| {
                    serde_json::to_string_pretty(&edited(doc.clone(), &e)).unwrap()
                })
            },
            |text| check(&text),
        ),
        target("file::import (deep, huge, long)", hostile, |text| {
            check(&text)
        }),
        target("import::parse_users", paste, check_paste),
    ]
}
