//! Hand edits of a workspace file for the rule tests: the full example's
//! file as JSON, broken one field at a time, and what import then reports.

use domain::file::{export, import, ImportErrors};
use serde_json::Value;

/// The full example's file, as a JSON value to break.
pub fn base() -> Value {
    serde_json::from_str(&export(&super::full())).unwrap()
}

pub fn errors(text: &str) -> ImportErrors {
    match import(text) {
        Ok(_) => panic!("imported a bad file:\n{text}"),
        Err(e) => e,
    }
}

pub fn found(text: &str) -> Vec<(String, &'static str)> {
    errors(text)
        .problems
        .into_iter()
        .map(|p| (p.pointer, p.rule))
        .collect()
}

pub fn set(doc: &mut Value, pointer: &str, value: Value) {
    if let Some(slot) = doc.pointer_mut(pointer) {
        *slot = value;
        return;
    }
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    doc.pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("no object at {parent}"))
        .insert(key.into(), value);
}

pub fn remove(doc: &mut Value, pointer: &str) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    doc.pointer_mut(parent)
        .unwrap()
        .as_object_mut()
        .unwrap()
        .remove(key)
        .unwrap_or_else(|| panic!("no {pointer}"));
}

pub fn push(doc: &mut Value, pointer: &str, value: Value) {
    doc.pointer_mut(pointer)
        .unwrap()
        .as_array_mut()
        .unwrap()
        .push(value);
}

pub fn rename(doc: &mut Value, pointer: &str, to: &str) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let object = doc.pointer_mut(parent).unwrap().as_object_mut().unwrap();
    let value = object.remove(key).unwrap();
    object.insert(to.into(), value);
}

/// A crafted bad file: (what, how the base file is broken, the pointer and
/// the rule of the one problem it causes).
pub type Case = (&'static str, fn(&mut Value), &'static str, &'static str);

/// The cases whose file does not report exactly their one problem, each
/// with what was reported instead.
pub fn failing(cases: &[Case]) -> Vec<String> {
    let mut failures = Vec::new();
    for (what, break_it, pointer, rule) in cases {
        let mut doc = base();
        break_it(&mut doc);
        let text = serde_json::to_string_pretty(&doc).unwrap();
        let got = match import(&text) {
            Ok(_) => Vec::new(),
            Err(e) => e
                .problems
                .into_iter()
                .map(|p| (p.pointer, p.rule))
                .collect(),
        };
        if got != [(pointer.to_string(), *rule)] {
            let shown = import(&text)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            failures.push(format!(
                "{what}: expected {pointer} [{rule}], got {got:?}\n  {shown}"
            ));
        }
    }
    failures
}
