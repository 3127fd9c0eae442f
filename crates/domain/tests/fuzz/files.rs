//! The workspace file (`domain::file::import`) and the bulk-user reader
//! (`domain::import::parse_users`): text from a file or a paste.
//!
//! Import never panics, whatever the text: arbitrary text, JSON-like text,
//! hostile sizes and depths, and exports of the full example (version 2)
//! and a real version 1 file mutated as text and as JSON. Whatever it
//! accepts exports to a file it accepts again unchanged (export is a normal
//! form: exporting what the export imports gives the same text), and
//! whatever it refuses is reported one problem per line, with a known rule
//! code, a readable message and a pointer that names a place in the file as
//! written (whichever version it is).
//!
//! The migration from version 1 gets its own invariants: a version 1 file
//! is read as version 1; what it accepts holds each chain entry as a chain
//! of its reference (same name, description and members in order) and the
//! other entries in order; a problem in a chain entry says so; and a
//! version 1 file with generated chain entries fares exactly as the test's
//! own translation of it to version 2 (same acceptance, same rules in the
//! same order, the same export).

use domain::file::{export, import, read, rule, FORMAT, MAX_LIST_ITEMS};
use domain::import::{parse_users, MAX_LINES};
use domain::model::Workspace;
use domain::values::{Description, Email, Name, SecretName, UserId};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::TestCaseError;
use serde_json::{json, Value};

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
            let document =
                serde_json::from_str::<Value>(text.strip_prefix('\u{feff}').unwrap_or(text));
            for problem in &errors {
                prop_assert!(rule::ALL.contains(&problem.rule), "{}", problem.rule);
                prop_assert!(problem.pointer.is_empty() || problem.pointer.starts_with('/'));
                readable(&problem.message)?;
                readable(&format!("{}{}", problem.display_pointer(), problem.rule))?;
                if let Ok(document) = &document {
                    prop_assert!(
                        names_a_place(document, &problem.pointer),
                        "{} names no place in the file: {}",
                        problem.pointer,
                        problem
                    );
                }
            }
            Ok(Verdict::Refused)
        }
    }
}

/// Whether `pointer` names a value of the file as written, or where a
/// missing field belongs (in an object that is there).
fn names_a_place(document: &Value, pointer: &str) -> bool {
    pointer.is_empty()
        || document.pointer(pointer).is_some()
        || pointer
            .rsplit_once('/')
            .is_some_and(|(parent, _)| document.pointer(parent).is_some_and(Value::is_object))
}

/// What a problem found in a version 1 chain entry says of it.
const V1_CHAIN_NOTE: &str = "certificate chain entry of a version 1 file";

/// Version 1's chain type: the wire value or the label, any case,
/// surrounding spaces ignored (the test's own reading of the format).
fn is_v1_chain(entry: &Value) -> bool {
    entry["type"].as_str().is_some_and(|t| {
        let t = t.trim();
        t.eq_ignore_ascii_case("certificateChain") || t.eq_ignore_ascii_case("Certificate chain")
    })
}

/// The entry lists the migration moves chains out of: (reference position,
/// its entries).
fn movable(doc: &Value) -> Vec<(usize, &Vec<Value>)> {
    let Some(references) = doc["keyVaultReferences"]
        .as_array()
        .filter(|r| r.len() <= MAX_LIST_ITEMS)
    else {
        return Vec::new();
    };
    references
        .iter()
        .enumerate()
        .filter_map(|(r, reference)| {
            let entries = reference.get("certificates")?.as_array()?;
            (entries.len() <= MAX_LIST_ITEMS).then_some((r, entries))
        })
        .collect()
}

/// A version 1 document: everything `check` asks, and what the migration
/// promises.
fn check_v1(doc: &Value) -> Result<Verdict, TestCaseError> {
    let text = serde_json::to_string_pretty(doc).unwrap();
    let verdict = check(&text)?;
    if doc.get("format") != Some(&json!(FORMAT)) || doc.get("version") != Some(&json!(1)) {
        return Ok(verdict);
    }
    let reading = read(&text);
    prop_assert_eq!(reading.version, Some(1));
    let chain_places: Vec<String> = movable(doc)
        .into_iter()
        .flat_map(|(r, entries)| {
            entries
                .iter()
                .enumerate()
                .filter(|(_, e)| is_v1_chain(e))
                .map(move |(i, _)| format!("/keyVaultReferences/{r}/certificates/{i}"))
        })
        .collect();
    match &reading.result {
        Ok(ws) => chains_moved(doc, ws)?,
        Err(errors) => {
            for problem in errors {
                let place = chain_places.iter().find(|at| {
                    problem.pointer == **at || problem.pointer.starts_with(&format!("{at}/"))
                });
                let noted = problem.message.contains(V1_CHAIN_NOTE);
                prop_assert!(
                    !noted || place.is_some(),
                    "noted outside a chain: {}",
                    problem
                );
                if let Some(at) = place {
                    // The migration's own problem (a field version 1 does not
                    // have) is about the entry as written, not the chain.
                    let own = problem.pointer == format!("{at}/certificates");
                    prop_assert!(
                        noted || own,
                        "a chain entry's problem without the note: {}",
                        problem
                    );
                }
            }
        }
    }
    Ok(verdict)
}

/// An accepted version 1 file: each reference's chain entries are its
/// chains, in order, with the same name, description and members; its
/// other entries are its entries, in order.
fn chains_moved(doc: &Value, ws: &Workspace) -> Result<(), TestCaseError> {
    for (r, entries) in movable(doc) {
        let reference = &ws.key_vault_references()[r];
        let (chains, others): (Vec<&Value>, Vec<&Value>) =
            entries.iter().partition(|e| is_v1_chain(e));
        prop_assert_eq!(reference.chains().len(), chains.len());
        prop_assert_eq!(reference.certificates().len(), others.len());
        for (entry, kept) in others.iter().zip(reference.certificates()) {
            prop_assert_eq!(
                SecretName::parse(entry["name"].as_str().unwrap()).unwrap(),
                kept.name().clone()
            );
        }
        for (entry, chain) in chains.iter().zip(reference.chains()) {
            prop_assert_eq!(
                Name::parse(entry["name"].as_str().unwrap()).unwrap(),
                chain.name().clone()
            );
            prop_assert_eq!(
                Description::parse(entry["description"].as_str().unwrap_or("")).unwrap(),
                chain.description().clone()
            );
            let members: Vec<String> = entry["chain"]
                .as_array()
                .map(|m| {
                    m.iter()
                        .map(|n| n.as_str().unwrap().trim().to_lowercase())
                        .collect()
                })
                .unwrap_or_default();
            let got: Vec<String> = chain
                .members()
                .iter()
                .map(|id| reference.entry(*id).unwrap().name().as_str().to_lowercase())
                .collect();
            prop_assert_eq!(got, members);
        }
    }
    Ok(())
}

/// The test's own translation of a version 1 document to version 2.
fn translated(doc: &Value) -> Value {
    let mut doc = doc.clone();
    let places: Vec<usize> = movable(&doc).into_iter().map(|(r, _)| r).collect();
    for r in places {
        let reference = &mut doc["keyVaultReferences"][r];
        let entries = reference["certificates"].as_array().unwrap().clone();
        if !entries.iter().any(is_v1_chain) {
            continue;
        }
        let (chains, kept): (Vec<Value>, Vec<Value>) = entries.into_iter().partition(is_v1_chain);
        let chains = chains
            .into_iter()
            .map(|mut c| {
                let c = c.as_object_mut().unwrap();
                c.remove("type");
                if let Some(members) = c.remove("chain") {
                    c.insert("certificates".into(), members);
                }
                Value::Object(c.clone())
            })
            .collect();
        reference["certificates"] = Value::Array(kept);
        reference["certificateChains"] = Value::Array(chains);
    }
    doc["version"] = json!(2);
    doc
}

/// A version 1 file with generated chain entries fares as its translation
/// to version 2 does.
fn check_v1_against_v2(doc: Value) -> Result<Verdict, TestCaseError> {
    let verdict = check_v1(&doc)?;
    let v1 = import(&doc.to_string());
    let v2 = import(&translated(&doc).to_string());
    match (v1, v2) {
        (Ok(v1), Ok(v2)) => prop_assert_eq!(export(&v1), export(&v2)),
        (Err(v1), Err(v2)) => prop_assert_eq!(v1.rules(), v2.rules()),
        (v1, v2) => prop_assert!(
            false,
            "version 1: {:?}\nversion 2: {:?}",
            v1.err().map(|e| e.to_string()),
            v2.err().map(|e| e.to_string())
        ),
    }
    Ok(verdict)
}

/// A chain entry's members: mostly some of `certificates` in any order,
/// sometimes names that are missing, secrets, chains or repeated.
fn members(certificates: &'static [&'static str]) -> impl Strategy<Value = Vec<String>> {
    prop_oneof![
        6 => prop::sample::subsequence(certificates, 0..=certificates.len())
            .prop_shuffle()
            .prop_map(|m| m.into_iter().map(String::from).collect()),
        1 => prop::collection::vec(
            prop::sample::select(vec![
                "root-ca", "SIGNING", " issuing-ca ", "missing-ca", "einvoicing-sas", "chain-0",
                "my chain", "",
            ])
            .prop_map(String::from),
            0..5
        ),
    ]
}

/// Chain entries as version 1 wrote them (typed every way it accepted, and
/// now and then in a way it did not), with unique names but now and then
/// one the Name rule refuses or one used twice.
fn chain_entries(certificates: &'static [&'static str]) -> impl Strategy<Value = Vec<Value>> {
    let item = (
        0u8..20,
        prop_oneof![
            12 => prop::sample::select(vec![
                "certificateChain",
                "Certificate chain",
                " CERTIFICATECHAIN ",
                "certificate Chain",
            ]),
            1 => prop::sample::select(vec!["certificate-chain", "chain", ""]),
        ],
        prop_oneof![9 => Just("Root first"), 1 => Just(""), 1 => Just("tab\there")],
        prop::option::weighted(0.9, members(certificates)),
    );
    prop::collection::vec(item, 0..4).prop_map(|items| {
        items
            .into_iter()
            .enumerate()
            .map(|(i, (name, kind, description, chain))| {
                let name = match name {
                    0 => "c".repeat(101 + i),
                    1 => "SIGNING".to_string(),
                    2 => "chain-0".to_string(),
                    _ => format!("chain-{i}"),
                };
                let mut entry = json!({ "name": name, "description": description, "type": kind });
                if let Some(chain) = chain {
                    entry["chain"] = json!(chain);
                }
                entry
            })
            .collect()
    })
}

/// The real version 1 file, with the entries of its two references
/// replaced by their certificates and generated chain entries, in any
/// order.
fn generated_v1() -> impl Strategy<Value = Value> {
    const CONTOSO: &[&str] = &["root-ca", "issuing-ca", "signing"];
    const FABRIKAM: &[&str] = &["tax-signing"];
    let doc: Value = serde_json::from_str(file_fixtures::V1_WITH_CHAIN).unwrap();
    let with = |certificates: &'static [&'static str], secret: bool| {
        chain_entries(certificates)
            .prop_map(move |mut entries| {
                entries.extend(
                    certificates
                        .iter()
                        .map(|n| json!({ "name": n, "type": "certificate" })),
                );
                if secret {
                    entries.push(json!({ "name": "einvoicing-sas", "type": "secret" }));
                }
                entries
            })
            .prop_shuffle()
    };
    (with(CONTOSO, true), with(FABRIKAM, false)).prop_map(move |(first, second)| {
        let mut doc = doc.clone();
        doc["keyVaultReferences"][0]["certificates"] = Value::Array(first);
        doc["keyVaultReferences"][1]["certificates"] = Value::Array(second);
        doc
    })
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
            || (1u8..=2, "[\\[\\]{}\",:0-9a-zA-Z \\\\]{0,200}"),
            |(version, rest)| {
                check(&format!(
                    "{{\"format\": \"einvoicing-console/workspace\", \"version\": {version}, {rest}"
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
        target(
            "file::import v1 (real version 1 file edited as JSON)",
            || {
                let doc: Value = serde_json::from_str(file_fixtures::V1_WITH_CHAIN).unwrap();
                edits().prop_map(move |e| edited(doc.clone(), &e))
            },
            |doc| check_v1(&doc),
        ),
        target(
            "file::import v1 (generated chain entries, against version 2)",
            generated_v1,
            check_v1_against_v2,
        ),
        target("import::parse_users", paste, check_paste),
    ]
}
