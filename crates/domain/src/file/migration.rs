//! The step from workspace file version 1 to version 2, made on the JSON
//! document before it is read, and what it moved, so that every problem is
//! still reported where it is in the file as written.
//!
//! Version 1 listed a chain of certificates as an entry of its Key Vault
//! reference, of type `certificateChain` (or the label `Certificate chain`,
//! any case) with its members in `chain`. Version 2 lists it under the
//! reference's `certificateChains` as `{name, description, certificates}`.
//! The step moves each such entry there, in the order of the file, and
//! changes nothing else: values are not checked here, the version 2 import
//! does that, with the same constructors and operations as for a version 2
//! file. Whatever a step cannot move (a reference that is not an object, a
//! list that is not a list) it leaves as it is, for the import to report.
//!
//! A problem the import finds in a moved chain, or in an entry that came
//! after one, is reported at its pointer in the version 1 file (a chain's
//! `certificates` is its `chain` there), and one in a moved chain says it is
//! a version 1 certificate chain entry. A field version 1 did not have (a
//! version 2 field in a file that says version 1) is reported here and
//! taken out, so a version 1 file is held to version 1's fields and one
//! mistake is reported once.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::limits::MAX_LIST_ITEMS;
use super::pointer;
use super::problem::FileProblem;
use super::rule;
use crate::values::quoted;

/// What a migration did to a document, to report problems at their place
/// in the file as written.
#[derive(Debug, Default)]
pub(super) struct Migration {
    /// Per Key Vault reference (by position) whose entries were moved.
    moved: BTreeMap<usize, Moves>,
    /// Fields the file's own version does not have, found while migrating.
    pub(super) problems: Vec<FileProblem>,
}

/// Where the items of one reference were in the version 1 file.
#[derive(Debug, Default)]
struct Moves {
    /// For each entry left in `certificates`, its position in the file.
    entries: Vec<usize>,
    /// For each chain in `certificateChains`, its entry's position in the
    /// file.
    chains: Vec<usize>,
}

/// Added to the message of every problem found in a moved chain.
const MOVED_CHAIN: &str = "(This is a certificate chain entry of a version 1 file: it is read as a chain of certificates of its Key Vault reference, as version 2 lists it under certificateChains, with the general Name rule for its name.)";

/// Whether `text` is version 1's type of a chain entry: `certificateChain`
/// or the label `Certificate chain`, any case, surrounding spaces ignored.
pub(crate) fn is_chain_type(text: &str) -> bool {
    let text = text.trim();
    text.eq_ignore_ascii_case("certificateChain") || text.eq_ignore_ascii_case("Certificate chain")
}

/// Version 1 to version 2: every chain entry becomes a chain of its
/// reference; nothing else changes.
pub(super) fn one_to_two(mut document: Value) -> (Value, Migration) {
    let mut migration = Migration::default();
    let Some(references) = document
        .get_mut("keyVaultReferences")
        .and_then(Value::as_array_mut)
        .filter(|items| items.len() <= MAX_LIST_ITEMS)
    else {
        migration.v2_fields_of_environments(&mut document);
        return (document, migration);
    };
    for (r, reference) in references.iter_mut().enumerate() {
        let Value::Object(reference) = reference else {
            continue;
        };
        let at = pointer::index("/keyVaultReferences", r);
        if reference.remove("certificateChains").is_some() {
            migration.not_in_version_1(
                pointer::field(&at, "certificateChains"),
                "certificateChains",
                "a Key Vault reference",
                "Version 1 lists a chain of certificates as an entry of type certificateChain, its members in \"chain\".",
            );
        }
        if let Some(moves) = migration.move_chains(reference, &at) {
            migration.moved.insert(r, moves);
        }
    }
    migration.v2_fields_of_environments(&mut document);
    (document, migration)
}

impl Migration {
    /// Nothing moved: a document already in the current version.
    pub(super) fn none() -> Migration {
        Migration::default()
    }

    fn not_in_version_1(&mut self, at: String, field: &str, what: &str, instead: &str) {
        self.problems.push(FileProblem::new(
            at,
            rule::UNKNOWN_FIELD,
            format!(
                "{} is not a field of {what} in workspace file version 1, and this file says \"version\": 1. {instead} Remove it, or export the workspace again from this console to get a version 2 file.",
                quoted(field)
            ),
        ));
    }

    /// Moves the chain entries of one reference to its `certificateChains`;
    /// `None` when it has none (or no list of entries to move them from).
    fn move_chains(&mut self, reference: &mut Map<String, Value>, at: &str) -> Option<Moves> {
        let entries = reference
            .get_mut("certificates")
            .and_then(Value::as_array_mut)
            .filter(|items| items.len() <= MAX_LIST_ITEMS)?;
        let chain_entry = |entry: &Map<String, Value>| {
            entry
                .get("type")
                .and_then(Value::as_str)
                .is_some_and(is_chain_type)
        };
        if !entries
            .iter()
            .any(|e| e.as_object().is_some_and(chain_entry))
        {
            return None;
        }
        let at = pointer::field(at, "certificates");
        let mut moves = Moves::default();
        let mut kept = Vec::with_capacity(entries.len());
        let mut chains = Vec::new();
        for (i, entry) in std::mem::take(entries).into_iter().enumerate() {
            match entry {
                // Only an object has a `type`.
                Value::Object(fields) if chain_entry(&fields) => {
                    chains.push(Value::Object(
                        self.chain_of(fields, &pointer::index(&at, i)),
                    ));
                    moves.chains.push(i);
                }
                other => {
                    kept.push(other);
                    moves.entries.push(i);
                }
            }
        }
        *entries = kept;
        reference.insert("certificateChains".into(), Value::Array(chains));
        Some(moves)
    }

    /// A version 1 chain entry as a version 2 chain: `type` goes, `chain`
    /// becomes `certificates`, every other field stays as it is (an unknown
    /// one is reported by the import).
    fn chain_of(&mut self, entry: Map<String, Value>, at: &str) -> Map<String, Value> {
        let mut chain = Map::new();
        for (key, value) in entry {
            match key.as_str() {
                "type" => {}
                "chain" => {
                    chain.insert("certificates".into(), value);
                }
                "certificates" => self.not_in_version_1(
                    pointer::field(at, "certificates"),
                    "certificates",
                    "a certificate chain entry",
                    "Its members are listed in \"chain\".",
                ),
                _ => {
                    chain.insert(key, value);
                }
            }
        }
        chain
    }

    /// Reports the version 2 fields of environments and applications in a
    /// version 1 file, and takes them out, so that a bad value in one is
    /// not reported a second time.
    fn v2_fields_of_environments(&mut self, document: &mut Value) {
        let Some(environments) = document
            .get_mut("environments")
            .and_then(Value::as_array_mut)
        else {
            return;
        };
        for (e, environment) in environments.iter_mut().enumerate().take(MAX_LIST_ITEMS) {
            let Value::Object(environment) = environment else {
                continue;
            };
            let at = pointer::index("/environments", e);
            if environment.remove("dataverseEndpointUri").is_some() {
                self.not_in_version_1(
                    pointer::field(&at, "dataverseEndpointUri"),
                    "dataverseEndpointUri",
                    "a service environment",
                    "Version 1 has no Dataverse endpoint URI.",
                );
            }
            let Some(applications) = environment
                .get_mut("applications")
                .and_then(Value::as_array_mut)
            else {
                continue;
            };
            let at = pointer::field(&at, "applications");
            for (a, application) in applications.iter_mut().enumerate().take(MAX_LIST_ITEMS) {
                let Value::Object(application) = application else {
                    continue;
                };
                if application.remove("name").is_some() {
                    self.not_in_version_1(
                        pointer::field(&pointer::index(&at, a), "name"),
                        "name",
                        "an application",
                        "Version 1 applications have no name.",
                    );
                }
            }
        }
    }

    /// `problem` as the file holds it: its pointer in the file as written,
    /// and, in a moved chain, a note saying so.
    pub(super) fn place(&self, mut problem: FileProblem) -> FileProblem {
        let Some(rest) = problem.pointer.strip_prefix("/keyVaultReferences/") else {
            return problem;
        };
        let mut tokens = rest.splitn(4, '/');
        let (Some(r), Some(list)) = (tokens.next(), tokens.next()) else {
            return problem;
        };
        let Some((r, moves)) = r
            .parse::<usize>()
            .ok()
            .and_then(|r| Some((r, self.moved.get(&r)?)))
        else {
            return problem;
        };
        let index = tokens.next().and_then(|i| i.parse::<usize>().ok());
        let inner = tokens.next();
        let base = pointer::field(&pointer::index("/keyVaultReferences", r), "certificates");
        let (at, note) = match (list, index) {
            ("certificates", Some(i)) => match moves.entries.get(i) {
                Some(was) => (pointer::index(&base, *was), false),
                None => return problem,
            },
            ("certificateChains", Some(i)) => match moves.chains.get(i) {
                Some(was) => (pointer::index(&base, *was), true),
                None => return problem,
            },
            ("certificateChains", None) => (base, false),
            _ => return problem,
        };
        let inner = inner.map(|inner| match (note, inner.split_once('/')) {
            (true, Some(("certificates", members))) => format!("chain/{members}"),
            (true, None) if inner == "certificates" => "chain".to_owned(),
            _ => inner.to_owned(),
        });
        problem.pointer = match inner {
            Some(inner) => format!("{at}/{inner}"),
            None => at,
        };
        if note {
            problem.message = format!("{} {MOVED_CHAIN}", problem.message);
        }
        problem
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn v1() -> Value {
        json!({
            "format": "einvoicing-console/workspace", "version": 1,
            "keyVaultReferences": [
                { "name": "Other", "certificates": [ { "name": "a", "type": "secret" } ] },
                { "name": "KV", "certificates": [
                    { "name": "sas", "type": "secret" },
                    { "name": "outer", "description": "d", "type": " Certificate CHAIN ", "chain": ["root", "leaf"], "extra": 1 },
                    { "name": "root", "type": "certificate" },
                    { "name": "inner", "type": "certificateChain" },
                    { "name": "leaf", "type": "certificate" }
                ] }
            ],
            "environments": [ { "name": "UAT" } ]
        })
    }

    #[test]
    fn chain_entries_move_in_order_and_nothing_else_changes() {
        let (doc, migration) = one_to_two(v1());
        assert!(migration.problems.is_empty());
        let mut expected = v1();
        expected["keyVaultReferences"][1] = json!({ "name": "KV",
            "certificates": [
                { "name": "sas", "type": "secret" },
                { "name": "root", "type": "certificate" },
                { "name": "leaf", "type": "certificate" }
            ],
            "certificateChains": [
                { "name": "outer", "description": "d", "certificates": ["root", "leaf"], "extra": 1 },
                { "name": "inner" }
            ] });
        assert_eq!(doc, expected);
        assert!(!migration.moved.contains_key(&0));
    }

    #[test]
    fn problems_are_placed_where_the_file_has_them() {
        let (_, migration) = one_to_two(v1());
        let placed = |pointer: &str| {
            let p = migration.place(FileProblem::new(pointer, rule::NAME, "Bad."));
            (p.pointer, p.message != "Bad.")
        };
        let cases = [
            (
                "/keyVaultReferences/1/certificates/1/name",
                "/keyVaultReferences/1/certificates/2/name",
                false,
            ),
            (
                "/keyVaultReferences/1/certificates/2",
                "/keyVaultReferences/1/certificates/4",
                false,
            ),
            (
                "/keyVaultReferences/1/certificateChains/0/name",
                "/keyVaultReferences/1/certificates/1/name",
                true,
            ),
            (
                "/keyVaultReferences/1/certificateChains/0/certificates/1",
                "/keyVaultReferences/1/certificates/1/chain/1",
                true,
            ),
            (
                "/keyVaultReferences/1/certificateChains/0/certificates",
                "/keyVaultReferences/1/certificates/1/chain",
                true,
            ),
            (
                "/keyVaultReferences/1/certificateChains/1",
                "/keyVaultReferences/1/certificates/3",
                true,
            ),
            (
                "/keyVaultReferences/1/certificateChains/0/extra",
                "/keyVaultReferences/1/certificates/1/extra",
                true,
            ),
            (
                "/keyVaultReferences/1/uri",
                "/keyVaultReferences/1/uri",
                false,
            ),
            (
                "/keyVaultReferences/0/certificates/0/name",
                "/keyVaultReferences/0/certificates/0/name",
                false,
            ),
            ("/environments/0/name", "/environments/0/name", false),
            ("", "", false),
        ];
        for (from, to, noted) in cases {
            assert_eq!(placed(from), (to.to_owned(), noted), "{from}");
        }
    }

    #[test]
    fn version_2_fields_in_a_version_1_file_are_reported() {
        let mut doc = v1();
        doc["keyVaultReferences"][0]["certificateChains"] = json!([]);
        doc["keyVaultReferences"][1]["certificates"][3]["certificates"] = json!([]);
        doc["environments"][0]["dataverseEndpointUri"] = json!("x");
        doc["environments"][0]["applications"] = json!([{}, { "name": "POS" }]);
        let (doc, migration) = one_to_two(doc);
        let pointers: Vec<&str> = migration
            .problems
            .iter()
            .map(|p| p.pointer.as_str())
            .collect();
        assert_eq!(
            pointers,
            [
                "/keyVaultReferences/0/certificateChains",
                "/keyVaultReferences/1/certificates/3/certificates",
                "/environments/0/dataverseEndpointUri",
                "/environments/0/applications/1/name",
            ]
        );
        assert!(migration
            .problems
            .iter()
            .all(|p| p.rule == rule::UNKNOWN_FIELD));
        assert!(doc["keyVaultReferences"][0]
            .get("certificateChains")
            .is_none());
        assert!(doc["environments"][0].get("dataverseEndpointUri").is_none());
        assert_eq!(doc["environments"][0]["applications"], json!([{}, {}]));
        assert_eq!(
            migration.problems[0].message,
            "'certificateChains' is not a field of a Key Vault reference in workspace file version 1, and this file says \"version\": 1. Version 1 lists a chain of certificates as an entry of type certificateChain, its members in \"chain\". Remove it, or export the workspace again from this console to get a version 2 file."
        );
    }

    #[test]
    fn what_cannot_be_moved_is_left_as_it_is() {
        for doc in [
            json!({ "keyVaultReferences": {} }),
            json!({ "keyVaultReferences": [1, { "certificates": {} }, { "certificates": [1, { "type": 2 }] }] }),
        ] {
            let (moved, migration) = one_to_two(doc.clone());
            assert_eq!(moved, doc);
            assert!(migration.moved.is_empty() && migration.problems.is_empty());
        }
    }
}
