//! Import never panics, whatever the text: arbitrary text, JSON-like
//! text, and exports of the full example mutated as text and as JSON.
//! Whatever it accepts exports to a file it accepts again unchanged, and
//! whatever it refuses is reported one problem per line, with a known
//! rule code and a pointer.
#![cfg(not(target_arch = "wasm32"))]

mod file_fixtures;

use domain::file::{export, import, rule};
use proptest::prelude::*;
use serde_json::Value;

fn check(text: &str) -> Result<(), TestCaseError> {
    match import(text) {
        Ok(ws) => {
            let once = export(&ws);
            let again = import(&once).map_err(|e| TestCaseError::fail(format!("{e}")))?;
            prop_assert_eq!(export(&again), once);
        }
        Err(errors) => {
            prop_assert!(!errors.is_empty());
            prop_assert_eq!(errors.to_string().lines().count(), errors.len());
            for problem in &errors {
                prop_assert!(rule::ALL.contains(&problem.rule), "{}", problem.rule);
                prop_assert!(problem.pointer.is_empty() || problem.pointer.starts_with('/'));
                prop_assert!(!problem.message.is_empty());
            }
        }
    }
    Ok(())
}

fn base_text() -> String {
    export(&file_fixtures::full())
}

/// Every pointer in a document, parents before children.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                pointers(
                    v,
                    format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                pointers(v, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

/// Values a hand edit might leave: other types, near-valid and invalid
/// texts, names of other objects.
fn replacement() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        prop::sample::select(vec![
            "",
            " ",
            "UAT",
            "uat",
            "PROD",
            "ContosoKV",
            "contosokv",
            "Fabrikam KV",
            "signing",
            "root-ca",
            "einvoicing-sas",
            "chain",
            "ana",
            "ana@contoso.com",
            "secret",
            "certificate",
            "certificateChain",
            "https://x-y.vault.azure.net/",
            "eu",
            "sig=abc",
            "\u{202e}",
            "a/b~c",
        ])
        .prop_map(Value::from),
        "[ -~é\u{0}\n]{0,20}".prop_map(Value::from),
        Just(Value::Array(Vec::new())),
        Just(serde_json::json!(["UAT", "ContosoKV", 1])),
        Just(serde_json::json!({})),
        Just(serde_json::json!({ "name": "x", "userId": "x" })),
    ]
}

#[derive(Debug, Clone)]
enum Edit {
    Replace(prop::sample::Index, Value),
    Remove(prop::sample::Index),
    Rename(prop::sample::Index, String),
    Duplicate(prop::sample::Index),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<prop::sample::Index>(), replacement()).prop_map(|(i, v)| Edit::Replace(i, v)),
        any::<prop::sample::Index>().prop_map(Edit::Remove),
        (any::<prop::sample::Index>(), "[a-zA-Z]{1,12}").prop_map(|(i, k)| Edit::Rename(i, k)),
        any::<prop::sample::Index>().prop_map(Edit::Duplicate),
    ]
}

fn apply(doc: &mut Value, edit: &Edit) {
    let mut all = Vec::new();
    pointers(doc, String::new(), &mut all);
    let pick = |i: &prop::sample::Index| all[i.index(all.len())].clone();
    match edit {
        Edit::Replace(i, value) => {
            if let Some(slot) = doc.pointer_mut(&pick(i)) {
                *slot = value.clone();
            }
        }
        Edit::Remove(i) | Edit::Rename(i, _) | Edit::Duplicate(i) => {
            let at = pick(i);
            let Some((parent, key)) = at.rsplit_once('/') else {
                return;
            };
            let key = key.replace("~1", "/").replace("~0", "~");
            match doc.pointer_mut(parent) {
                Some(Value::Object(map)) => {
                    if let Some(value) = map.remove(&key) {
                        match edit {
                            Edit::Rename(_, to) => {
                                map.insert(to.clone(), value);
                            }
                            Edit::Duplicate(_) => {
                                map.insert(key.clone(), value.clone());
                                map.insert(format!("{key}2"), value);
                            }
                            _ => {}
                        }
                    }
                }
                Some(Value::Array(items)) => {
                    if let Ok(n) = key.parse::<usize>() {
                        if n < items.len() {
                            let value = items.remove(n);
                            if matches!(edit, Edit::Duplicate(_)) {
                                items.insert(n, value.clone());
                                items.insert(n, value);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

proptest! {
    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        check(&text)?;
    }

    #[test]
    fn json_like_text_never_panics(text in "[\\[\\]{}\",:0-9a-z \\\\.e+-]{0,300}") {
        check(&text)?;
    }

    #[test]
    fn a_header_then_anything_never_panics(rest in "[\\[\\]{}\",:0-9a-zA-Z \\\\]{0,200}") {
        check(&format!("{{\"format\": \"einvoicing-console/workspace\", \"version\": 1, {rest}"))?;
    }

    #[test]
    fn exports_cut_or_spliced_as_text_never_panic(
        cut in any::<prop::sample::Index>(),
        len in 0usize..200,
        insert in "[\\[\\]{}\",:0-9a-z \\\\\u{0}é]{0,20}",
    ) {
        let text: Vec<char> = base_text().chars().collect();
        let at = cut.index(text.len());
        let end = (at + len).min(text.len());
        let mutated: String = text[..at].iter().chain(insert.chars().collect::<Vec<_>>().iter()).chain(text[end..].iter()).collect();
        check(&mutated)?;
    }

    #[test]
    fn exports_edited_as_json_never_panic(edits in prop::collection::vec(edit(), 1..6)) {
        let mut doc: Value = serde_json::from_str(&base_text()).unwrap();
        for e in &edits {
            apply(&mut doc, e);
        }
        check(&serde_json::to_string_pretty(&doc).unwrap())?;
    }
}
