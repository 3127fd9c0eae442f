//! A cheap pass over the text before it is parsed: refuses nesting deeper
//! than [`MAX_DEPTH`] and more than [`MAX_ITEMS`] values, and finds fields
//! named twice in one object.
//!
//! serde_json would stop nesting only at 128 levels and keeps the last of
//! two equal fields silently, which hides a bad merge of a hand-edited
//! file. The scan knows where it is (the JSON pointer of each value), so
//! its problems point at the place. It trusts nothing: on text that is not
//! JSON it simply finds nothing, and the parser reports the syntax error.

use std::collections::HashSet;

use super::limits::{MAX_DEPTH, MAX_ITEMS};
use super::pointer;
use super::problem::FileProblem;
use super::rule;
use crate::values::quoted;

enum Frame {
    Array {
        /// Items seen so far; the current one is `items - 1`.
        items: usize,
        /// After `[` or `,`: the next non-blank character starts an item.
        expect_item: bool,
    },
    Object {
        keys: HashSet<String>,
        key: Option<String>,
        /// After `{` or `,`: the next string is a field name.
        expect_key: bool,
    },
}

/// The pointer of the value the innermost frame is at.
fn here(stack: &[Frame]) -> String {
    let mut out = String::new();
    for frame in stack {
        out = match frame {
            Frame::Array { items, .. } if *items > 0 => pointer::index(&out, items - 1),
            Frame::Object { key: Some(key), .. } => pointer::field(&out, key),
            _ => out,
        };
    }
    out
}

/// The index of the `"` that closes the string whose content starts at
/// `from`, or the text's length when it never closes.
fn string_end(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// A field name as JSON means it (escapes decoded).
fn decode_key(text: &str, open: usize, close: usize) -> String {
    let raw = &text[open + 1..close.min(text.len())];
    if raw.contains('\\') && close < text.len() {
        serde_json::from_str(&text[open..=close]).unwrap_or_else(|_| raw.to_owned())
    } else {
        raw.to_owned()
    }
}

fn too_many() -> String {
    format!("The file holds more than {MAX_ITEMS} values (array items and object fields counted together); a workspace file holds far fewer. It is not a workspace file, or it is damaged.")
}

/// `Err` with the one problem that stops reading (too deep, too many
/// values); otherwise the fields named twice, if any.
pub(crate) fn scan(text: &str) -> Result<Vec<FileProblem>, FileProblem> {
    let bytes = text.as_bytes();
    let mut stack: Vec<Frame> = Vec::new();
    let mut total = 0usize;
    let mut duplicates = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if matches!(b, b' ' | b'\t' | b'\r' | b'\n') {
            i += 1;
            continue;
        }
        if let Some(Frame::Array { items, expect_item }) = stack.last_mut() {
            if *expect_item && b != b']' {
                *expect_item = false;
                *items += 1;
                total += 1;
                if total > MAX_ITEMS {
                    return Err(FileProblem::new(
                        here(&stack),
                        rule::TOO_MANY_ITEMS,
                        too_many(),
                    ));
                }
            }
        }
        match b {
            b'"' => {
                let close = string_end(bytes, i + 1);
                if let Some(Frame::Object {
                    keys,
                    key,
                    expect_key,
                }) = stack.last_mut()
                {
                    if *expect_key {
                        *expect_key = false;
                        total += 1;
                        let name = decode_key(text, i, close);
                        let repeated = (!keys.insert(name.clone())).then(|| quoted(&name));
                        *key = Some(name);
                        if total > MAX_ITEMS {
                            return Err(FileProblem::new(
                                here(&stack),
                                rule::TOO_MANY_ITEMS,
                                too_many(),
                            ));
                        }
                        if let Some(name) = repeated {
                            duplicates.push(FileProblem::new(
                                here(&stack),
                                rule::DUPLICATE_FIELD,
                                format!(
                                    "This object names the field {name} twice; only one of them would be read. Merge them into one."
                                ),
                            ));
                        }
                    }
                }
                i = close + 1;
                continue;
            }
            b'[' | b'{' => {
                if stack.len() == MAX_DEPTH {
                    return Err(FileProblem::new(
                        here(&stack),
                        rule::TOO_DEEP,
                        format!("Arrays and objects nest more than {MAX_DEPTH} levels deep here; a workspace file needs at most 10. It is not a workspace file, or it is damaged."),
                    ));
                }
                stack.push(if b == b'[' {
                    Frame::Array {
                        items: 0,
                        expect_item: true,
                    }
                } else {
                    Frame::Object {
                        keys: HashSet::new(),
                        key: None,
                        expect_key: true,
                    }
                });
            }
            b']' | b'}' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array { expect_item, .. }) => *expect_item = true,
                Some(Frame::Object { expect_key, .. }) => *expect_key = true,
                None => {}
            },
            _ => {}
        }
        i += 1;
    }
    Ok(duplicates)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deep(levels: usize) -> String {
        format!("{}{}", "[".repeat(levels), "]".repeat(levels))
    }

    #[test]
    fn depth_up_to_the_limit_is_read() {
        assert_eq!(scan(&deep(MAX_DEPTH)), Ok(Vec::new()));
        let err = scan(&deep(MAX_DEPTH + 1)).unwrap_err();
        assert_eq!(err.rule, rule::TOO_DEEP);
        assert_eq!(err.pointer, "/0".repeat(MAX_DEPTH));
    }

    #[test]
    fn brackets_inside_strings_do_not_count() {
        let text = format!("{{\"a\": \"{}\\\"{}\"}}", "[".repeat(100), "{".repeat(100));
        assert_eq!(scan(&text), Ok(Vec::new()));
    }

    #[test]
    fn items_are_counted_across_arrays_and_objects() {
        let ok = format!("[{}0]", "0,".repeat(MAX_ITEMS - 1));
        assert_eq!(scan(&ok), Ok(Vec::new()));
        let over = format!("[{}0]", "0,".repeat(MAX_ITEMS));
        let err = scan(&over).unwrap_err();
        assert_eq!(
            (err.rule, err.pointer.as_str()),
            (rule::TOO_MANY_ITEMS, "/100000")
        );
        assert_eq!(scan("[[], {}, []]"), Ok(Vec::new()));
    }

    #[test]
    fn fields_named_twice_are_found_with_their_pointer() {
        let found =
            scan(r#"{"a": [{"x": 1, "y": {"x": 2}, "x": 3}], "a\u0062": 1, "ab": 2}"#).unwrap();
        let at: Vec<&str> = found.iter().map(|p| p.pointer.as_str()).collect();
        assert_eq!(at, ["/a/0/x", "/ab"]);
        assert!(found.iter().all(|p| p.rule == rule::DUPLICATE_FIELD));
    }

    #[test]
    fn unclosed_text_is_left_to_the_parser() {
        for text in ["\"abc", "{\"a", "[[[", "{\"a\\", "}}]]"] {
            assert!(scan(text).is_ok(), "{text}");
        }
    }
}
