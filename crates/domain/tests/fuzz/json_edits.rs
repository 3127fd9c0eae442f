//! Hand edits of a JSON document, as strategies: a value replaced by one of
//! another type (or a near-valid or hostile text, or a shape of the other
//! workspace file version), a member removed, renamed or duplicated, an
//! array item removed or repeated. The workspace
//! file and the service's answers are both mutated this way.

use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::Value;

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

/// Values a hand edit (or a broken service) might leave: other types,
/// near-valid and invalid texts, names of other objects.
fn replacement() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        Just(Value::from(u64::MAX)),
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
            "Certificate chain",
            "certificateChains",
            "https://x-y.vault.azure.net/",
            "https://contoso-hsm.managedhsm.azure.net/",
            "https://contoso.crm.dynamics.com/api/data/v9.1/",
            "https://contoso.crm.dynamics.com/",
            "Contoso POS",
            "eu",
            "sig=abc",
            "\u{202e}",
            "a/b~c",
            "\"7\"",
            "/users/0/email",
        ])
        .prop_map(Value::from),
        "[ -~é\u{0}\n\u{202e}]{0,20}".prop_map(Value::from),
        Just(Value::Array(Vec::new())),
        Just(serde_json::json!(["UAT", "ContosoKV", 1])),
        Just(serde_json::json!({})),
        Just(serde_json::json!({ "name": "x", "userId": "x" })),
        Just(serde_json::json!({ "name": "chain", "certificates": ["root-ca", "signing"] })),
        Just(serde_json::json!({ "name": "x", "type": "certificateChain", "chain": ["signing"] })),
        Just(Value::from("c".repeat(101))),
    ]
}

#[derive(Debug, Clone)]
pub enum Edit {
    Replace(Index, Value),
    Remove(Index),
    Rename(Index, String),
    Duplicate(Index),
}

pub fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<Index>(), replacement()).prop_map(|(i, v)| Edit::Replace(i, v)),
        any::<Index>().prop_map(Edit::Remove),
        (any::<Index>(), "[a-zA-Z]{1,12}").prop_map(|(i, k)| Edit::Rename(i, k)),
        any::<Index>().prop_map(Edit::Duplicate),
    ]
}

/// One to five edits.
pub fn edits() -> impl Strategy<Value = Vec<Edit>> {
    prop::collection::vec(edit(), 1..6)
}

/// `doc` with `edits` applied, in order.
pub fn edited(mut doc: Value, edits: &[Edit]) -> Value {
    for e in edits {
        apply(&mut doc, e);
    }
    doc
}

fn apply(doc: &mut Value, edit: &Edit) {
    let mut all = Vec::new();
    pointers(doc, String::new(), &mut all);
    let pick = |i: &Index| all[i.index(all.len())].clone();
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

/// Text cut at `cut` with `len` characters replaced by `insert`: a
/// truncated (`len` past the end) or corrupted transfer, or a bad hand edit.
pub fn spliced(text: &str, cut: Index, len: usize, insert: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let at = cut.index(chars.len() + 1);
    let end = at.saturating_add(len).min(chars.len());
    chars[..at]
        .iter()
        .copied()
        .chain(insert.chars())
        .chain(chars[end..].iter().copied())
        .collect()
}
