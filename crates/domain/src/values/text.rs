//! Free text an administrator types (names, descriptions, justifications),
//! and [`quoted`], the one way an offending value is shown in a message.
//!
//! Text is trimmed, counted in characters (not bytes), and refused when it
//! carries control characters (which would corrupt a message or a table) or
//! looks like a secret (which must never be stored here).

use serde::{Deserialize, Serialize};

use super::secret::{refuse_secret, SecretRefused};

/// How many characters of an offending value a message shows.
const QUOTE_MAX: usize = 40;

/// Shows an offending value in a message: in single quotes, at most 40
/// characters then `…`, with control characters and invisible or
/// direction-changing characters escaped (`\0`, `\n`, `\u{202e}`), so a
/// message never carries them raw.
pub fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len().min(QUOTE_MAX * 4) + 8);
    out.push('\'');
    let mut chars = s.chars();
    for c in chars.by_ref().take(QUOTE_MAX) {
        push_escaped(&mut out, c);
    }
    if chars.next().is_some() {
        out.push('…');
    }
    out.push('\'');
    out
}

/// How many characters of another system's words a message shows.
const SHOWN_MAX: usize = 500;

/// Shows words that came from elsewhere (the service's `title` and
/// `detail`, a JSON pointer it sent, a parser's error about its answer)
/// inside a message: on one line (line breaks and tabs become spaces), with
/// other control, invisible and direction-changing characters escaped as
/// [`quoted`] escapes them, and cut with `…` past 500 characters (escapes
/// counted), so a message never carries them raw, however long the answer.
pub(crate) fn shown(s: &str) -> String {
    let mut out = String::with_capacity(s.len().min(SHOWN_MAX * 4) + 4);
    let mut count = 0;
    for c in s.trim().chars() {
        if count >= SHOWN_MAX {
            out.push('…');
            break;
        }
        match c {
            '\n' | '\r' | '\t' => {
                out.push(' ');
                count += 1;
            }
            c if is_hidden_control(c) => {
                // An escape is ASCII: its length in bytes is its length.
                let before = out.len();
                push_escaped(&mut out, c);
                count += out.len() - before;
            }
            c => {
                out.push(c);
                count += 1;
            }
        }
    }
    out
}

/// [`quoted`] for one character.
pub(crate) fn quoted_char(c: char) -> String {
    let mut buf = [0u8; 4];
    quoted(c.encode_utf8(&mut buf))
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '\0' => out.push_str("\\0"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if is_hidden_control(c) => {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        }
        c => out.push(c),
    }
}

/// Control characters, and the invisible or direction-changing characters
/// (bidi overrides and isolates, zero-width space, byte-order mark, line and
/// paragraph separators) that make a text display differently from what it
/// holds.
pub fn is_hidden_control(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{061C}'
                | '\u{180E}'
                | '\u{200B}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{206F}'
                | '\u{FEFF}'
                | '\u{FFF9}'..='\u{FFFB}'
        )
}

/// The first character that is not allowed in free text; line breaks (`\n`)
/// are allowed when `line_breaks` is true.
fn first_control(s: &str, line_breaks: bool) -> Option<char> {
    s.chars()
        .find(|&c| is_hidden_control(c) && !(line_breaks && c == '\n'))
}

/// Turns `\r\n` and lone `\r` into `\n`, then trims.
fn normalise_multiline(input: &str) -> String {
    input
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .trim()
        .to_owned()
}

const NAME_MAX: usize = 100;
const DESCRIPTION_MAX: usize = 1000;
const JUSTIFICATION_MAX: usize = 2000;

/// A display name: of a Key Vault reference or of a connected application.
/// Required, trimmed, 1–100 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Name(String);

/// Why a [`Name`] was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    #[error(transparent)]
    Secret(#[from] SecretRefused),
    #[error("Enter a name.")]
    Empty,
    #[error("A name must be at most 100 characters; {} has {count}.", quoted(.value))]
    TooLong { value: String, count: usize },
    #[error(
        "A name must not contain line breaks, tabs or other control or invisible characters; {} contains {}. Retype it on one line.",
        quoted(.value),
        quoted_char(*.character)
    )]
    ControlCharacter { value: String, character: char },
}

impl Name {
    pub fn parse(input: &str) -> Result<Self, NameError> {
        refuse_secret(input)?;
        let value = input.trim();
        if value.is_empty() {
            return Err(NameError::Empty);
        }
        let count = value.chars().count();
        if count > NAME_MAX {
            return Err(NameError::TooLong {
                value: value.to_owned(),
                count,
            });
        }
        if let Some(character) = first_control(value, false) {
            return Err(NameError::ControlCharacter {
                value: value.to_owned(),
                character,
            });
        }
        Ok(Self(value.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Lowercase form, for case-insensitive uniqueness.
    pub fn key(&self) -> String {
        self.0.to_lowercase()
    }
}
string_value!(Name, NameError);

/// An optional description: may be empty, trimmed, at most 1000
/// characters; line breaks allowed (stored as `\n`), no other control
/// characters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Description(String);

/// Why a [`Description`] was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DescriptionError {
    #[error(transparent)]
    Secret(#[from] SecretRefused),
    #[error("A description must be at most 1000 characters; this one has {count}.")]
    TooLong { value: String, count: usize },
    #[error(
        "A description may contain line breaks but no tabs or other control or invisible characters; {} contains {}.",
        quoted(.value),
        quoted_char(*.character)
    )]
    ControlCharacter { value: String, character: char },
}

impl Description {
    pub fn parse(input: &str) -> Result<Self, DescriptionError> {
        refuse_secret(input)?;
        let value = normalise_multiline(input);
        let count = value.chars().count();
        if count > DESCRIPTION_MAX {
            return Err(DescriptionError::TooLong { value, count });
        }
        if let Some(character) = first_control(&value, true) {
            return Err(DescriptionError::ControlCharacter { value, character });
        }
        Ok(Self(value))
    }

    /// The empty description.
    pub fn empty() -> Self {
        Self::default()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}
string_value!(Description, DescriptionError);

/// The justification sent to Microsoft with a request to register an
/// application: required, trimmed, at most 2000 characters, line breaks
/// allowed, no other control characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Justification(String);

/// Why a [`Justification`] was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JustificationError {
    #[error(transparent)]
    Secret(#[from] SecretRefused),
    #[error(
        "Enter a justification: Microsoft reads it to decide whether to register the application."
    )]
    Empty,
    #[error("A justification must be at most 2000 characters; this one has {count}.")]
    TooLong { value: String, count: usize },
    #[error(
        "A justification may contain line breaks but no tabs or other control or invisible characters; {} contains {}.",
        quoted(.value),
        quoted_char(*.character)
    )]
    ControlCharacter { value: String, character: char },
}

impl Justification {
    pub fn parse(input: &str) -> Result<Self, JustificationError> {
        refuse_secret(input)?;
        let value = normalise_multiline(input);
        if value.is_empty() {
            return Err(JustificationError::Empty);
        }
        let count = value.chars().count();
        if count > JUSTIFICATION_MAX {
            return Err(JustificationError::TooLong { value, count });
        }
        if let Some(character) = first_control(&value, true) {
            return Err(JustificationError::ControlCharacter { value, character });
        }
        Ok(Self(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}
string_value!(Justification, JustificationError);
