//! Lines and fields of pasted or uploaded spreadsheet text.
//!
//! Spreadsheets write CSV differently by locale and by route: Excel writes
//! `;` where the decimal separator is a comma, and copying cells pastes
//! tab-separated text. So a line's separator is the first `,` or `;`
//! outside quotes, or a tab when it has neither. A field may be
//! double-quoted (a `""` inside is one `"`) and have spaces around it. The
//! text may start with a UTF-8 byte-order mark and end its lines with CRLF,
//! LF or CR.
//!
//! A quoted field does not span lines: the values read here (aliases,
//! email addresses) never hold a line break, and a problem's line number
//! must be the line the administrator sees.

use thiserror::Error;

/// The lines of a text, numbered from 1, without their line ends; a
/// leading byte-order mark is dropped.
pub(crate) struct Lines<'a> {
    rest: &'a str,
    number: usize,
}

impl<'a> Lines<'a> {
    pub(crate) fn new(text: &'a str) -> Lines<'a> {
        Lines {
            rest: text.strip_prefix('\u{feff}').unwrap_or(text),
            number: 0,
        }
    }
}

impl<'a> Iterator for Lines<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        if self.rest.is_empty() {
            return None;
        }
        self.number += 1;
        let line = match self.rest.find(['\n', '\r']) {
            Some(end) => {
                let line = &self.rest[..end];
                let ending = if self.rest[end..].starts_with("\r\n") {
                    2
                } else {
                    1
                };
                self.rest = &self.rest[end + ending..];
                line
            }
            None => std::mem::take(&mut self.rest),
        };
        Some((self.number, line))
    }
}

/// Why a line could not be split into fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub(crate) enum FieldError {
    #[error(
        "a quoted field has no closing '\"'. Close it; inside quotes, write a '\"' as '\"\"'."
    )]
    UnclosedQuote,
    #[error("text follows the closing '\"' of a quoted field. Put the whole field in quotes; inside quotes, write a '\"' as '\"\"'.")]
    TextAfterQuote,
}

/// Whether `c` separates fields; the first `,` or `;` met decides which of
/// the two the line uses.
fn is_separator(c: char, separator: &mut Option<char>) -> bool {
    match *separator {
        Some(s) => c == s,
        None if c == ',' || c == ';' => {
            *separator = Some(c);
            true
        }
        None => false,
    }
}

/// Splits on `,`/`;` or, with `tabs`, on tabs. Also says whether a
/// separator was met.
fn split(line: &str, tabs: bool) -> Result<(Vec<String>, bool), FieldError> {
    let is_space = |c: char| c == ' ' || (!tabs && c == '\t');
    let mut separator = tabs.then_some('\t');
    let mut chars = line.chars().peekable();
    let mut fields = Vec::new();
    loop {
        while chars.next_if(|&c| is_space(c)).is_some() {}
        let mut field = String::new();
        let more = if chars.next_if_eq(&'"').is_some() {
            loop {
                match chars.next() {
                    None => return Err(FieldError::UnclosedQuote),
                    Some('"') if chars.next_if_eq(&'"').is_some() => field.push('"'),
                    Some('"') => break,
                    Some(c) => field.push(c),
                }
            }
            while chars.next_if(|&c| is_space(c)).is_some() {}
            match chars.next() {
                None => false,
                Some(c) if is_separator(c, &mut separator) => true,
                Some(_) => return Err(FieldError::TextAfterQuote),
            }
        } else {
            let more = loop {
                match chars.next() {
                    None => break false,
                    Some(c) if is_separator(c, &mut separator) => break true,
                    Some(c) => field.push(c),
                }
            };
            field.truncate(field.trim_end_matches(is_space).len());
            more
        };
        fields.push(field);
        if !more {
            return Ok((fields, separator.is_some()));
        }
    }
}

/// The fields of one line, unquoted and trimmed.
pub(crate) fn fields(line: &str) -> Result<Vec<String>, FieldError> {
    match split(line, false) {
        Ok((fields, true)) => Ok(fields),
        _ if line.contains('\t') => split(line, true).map(|(fields, _)| fields),
        result => result.map(|(fields, _)| fields),
    }
}
