//! Typed reads from a parsed JSON document that record a problem instead
//! of stopping: a wrong type, a missing field, a field the format does not
//! have, a value its constructor refuses.
//!
//! Every read returns `None` (or an empty list) after recording why, so the
//! import goes on and finds the next problem too. Each problem carries the
//! JSON pointer of the value, built as the reader descends.

use std::fmt::Display;

use serde_json::{Map, Value};

use super::limits::MAX_LIST_ITEMS;
use super::pointer;
use super::problem::FileProblem;
use super::rule;
use crate::values::quoted;

/// A JSON value's type, as a message names it.
pub(super) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// An object of the file, with where it is and what it is (for messages:
/// "this user").
pub(super) struct Obj<'v> {
    fields: &'v Map<String, Value>,
    pointer: String,
    what: &'static str,
}

impl<'v> Obj<'v> {
    pub(super) fn pointer(&self) -> &str {
        &self.pointer
    }
    /// The pointer of field `key`.
    pub(super) fn at(&self, key: &str) -> String {
        pointer::field(&self.pointer, key)
    }
    pub(super) fn get(&self, key: &str) -> Option<&'v Value> {
        self.fields.get(key)
    }
    /// The field's value, `None` when it is absent or `null`.
    pub(super) fn nullable(&self, key: &str) -> Option<&'v Value> {
        self.get(key).filter(|v| !v.is_null())
    }
}

/// The nearest known field to a mistyped one: the same but for case, or at
/// most two edits away.
fn closest<'f>(key: &str, fields: &[&'f str]) -> Option<&'f str> {
    if key.chars().count() > 64 {
        return None;
    }
    let key_chars: Vec<char> = key.to_lowercase().chars().collect();
    fields
        .iter()
        .map(|f| {
            (
                edit_distance(&key_chars, &f.to_lowercase().chars().collect::<Vec<_>>()),
                *f,
            )
        })
        .filter(|(d, f)| *d <= 2 && *d < f.len())
        .min_by_key(|(d, _)| *d)
        .map(|(_, f)| f)
}

/// Levenshtein distance, with a swap of two neighbours counted as one edit.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    rows[0] = (0..=b.len()).collect();
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

/// The problems found so far, and the reads that find them.
#[derive(Default)]
pub(super) struct Reader {
    pub(super) problems: Vec<FileProblem>,
}

impl Reader {
    pub(super) fn report(
        &mut self,
        pointer: impl Into<String>,
        rule: &'static str,
        message: impl Display,
    ) {
        self.problems.push(FileProblem::new(pointer, rule, message));
    }

    /// How many problems have been found; compare before and after reading
    /// a part to know whether it was clean.
    pub(super) fn count(&self) -> usize {
        self.problems.len()
    }

    /// Records a wrong JSON type.
    pub(super) fn expected(&mut self, pointer: &str, expected: &str, found: &Value) {
        let found = match found {
            Value::Number(n) => n.to_string(),
            other => kind(other).to_owned(),
        };
        self.report(
            pointer,
            rule::TYPE,
            format!("Expected {expected}, found {found}."),
        );
    }

    /// Keeps a value its constructor accepted; records the constructor's
    /// message for one it refused.
    pub(super) fn check<T, E: Display>(
        &mut self,
        pointer: &str,
        rule: &'static str,
        result: Result<T, E>,
    ) -> Option<T> {
        result.map_err(|e| self.report(pointer, rule, e)).ok()
    }

    /// Opens an object with exactly `fields`; records a wrong type and
    /// every field it does not know.
    pub(super) fn object<'v>(
        &mut self,
        value: &'v Value,
        pointer: String,
        what: &'static str,
        fields: &[&str],
    ) -> Option<Obj<'v>> {
        let Value::Object(map) = value else {
            self.expected(&pointer, "an object", value);
            return None;
        };
        for key in map.keys().filter(|k| !fields.contains(&k.as_str())) {
            let hint = closest(key, fields)
                .map(|f| format!(" (did you mean {}?)", quoted(f)))
                .unwrap_or_default();
            self.report(
                pointer::field(&pointer, key),
                rule::UNKNOWN_FIELD,
                format!(
                    "{} is not a field of this {what}{hint}. Its fields are {}.",
                    quoted(key),
                    fields.join(", ")
                ),
            );
        }
        Some(Obj {
            fields: map,
            pointer,
            what,
        })
    }

    pub(super) fn string<'v>(&mut self, value: &'v Value, pointer: &str) -> Option<&'v str> {
        match value {
            Value::String(s) => Some(s),
            other => {
                self.expected(pointer, "a string", other);
                None
            }
        }
    }

    /// An array of at most [`MAX_LIST_ITEMS`] items.
    pub(super) fn array<'v>(&mut self, value: &'v Value, pointer: &str) -> Option<&'v [Value]> {
        self.array_up_to(value, pointer, MAX_LIST_ITEMS)
    }

    /// An array of at most `max` items.
    pub(super) fn array_up_to<'v>(
        &mut self,
        value: &'v Value,
        pointer: &str,
        max: usize,
    ) -> Option<&'v [Value]> {
        match value {
            Value::Array(items) if items.len() > max => {
                self.report(
                    pointer,
                    rule::TOO_MANY_ITEMS,
                    format!(
                        "This list has {} items; a workspace file allows at most {max} in this list. None of them was read.",
                        items.len()
                    ),
                );
                None
            }
            Value::Array(items) => Some(items),
            other => {
                self.expected(pointer, "an array", other);
                None
            }
        }
    }

    /// A field that must be there.
    pub(super) fn required<'v>(&mut self, obj: &Obj<'v>, key: &str) -> Option<&'v Value> {
        let value = obj.get(key);
        if value.is_none() {
            self.report(
                obj.at(key),
                rule::REQUIRED,
                format!("This {} has no {}; it is required.", obj.what, quoted(key)),
            );
        }
        value
    }

    /// A required text field, through its constructor.
    pub(super) fn parse<T, E: Display>(
        &mut self,
        obj: &Obj<'_>,
        key: &str,
        rule: &'static str,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Option<T> {
        let value = self.required(obj, key)?;
        let text = self.string(value, &obj.at(key))?;
        self.check(&obj.at(key), rule, parse(text))
    }

    /// An optional text field, through its constructor; `default` when
    /// absent.
    pub(super) fn parse_or<T, E: Display>(
        &mut self,
        obj: &Obj<'_>,
        key: &str,
        rule: &'static str,
        parse: impl FnOnce(&str) -> Result<T, E>,
        default: impl FnOnce() -> T,
    ) -> Option<T> {
        match obj.get(key) {
            None => Some(default()),
            Some(value) => {
                let text = self.string(value, &obj.at(key))?;
                self.check(&obj.at(key), rule, parse(text))
            }
        }
    }

    /// An optional list; empty when absent or unreadable.
    pub(super) fn list<'v>(&mut self, obj: &Obj<'v>, key: &str) -> &'v [Value] {
        self.list_up_to(obj, key, MAX_LIST_ITEMS)
    }

    /// An optional list of at most `max` items; empty when absent or
    /// unreadable.
    pub(super) fn list_up_to<'v>(&mut self, obj: &Obj<'v>, key: &str, max: usize) -> &'v [Value] {
        match obj.get(key) {
            None => &[],
            Some(value) => self.array_up_to(value, &obj.at(key), max).unwrap_or(&[]),
        }
    }

    /// An optional list of texts, each with its pointer; items that are not
    /// texts are recorded and left out.
    pub(super) fn texts<'v>(&mut self, obj: &Obj<'v>, key: &str) -> Vec<(String, &'v str)> {
        let at = obj.at(key);
        let items = self.list(obj, key);
        items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| {
                let p = pointer::index(&at, i);
                self.string(item, &p).map(|s| (p, s))
            })
            .collect()
    }

    /// An optional true/false field.
    pub(super) fn boolean_or(&mut self, obj: &Obj<'_>, key: &str, default: bool) -> bool {
        match obj.get(key) {
            None => default,
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                self.expected(&obj.at(key), "true or false", other);
                default
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_find_the_field_meant() {
        let fields = ["name", "users", "applications", "numberSequences"];
        assert_eq!(closest("usres", &fields), Some("users"));
        assert_eq!(closest("Users", &fields), Some("users"));
        assert_eq!(closest("numbersequence", &fields), Some("numberSequences"));
        assert_eq!(closest("status", &fields), None);
        assert_eq!(closest("x", &["y"]), None);
    }
}
