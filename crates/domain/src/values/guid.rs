//! GUIDs: tenant, LCS environment, application (client) and object IDs.
//!
//! Microsoft's setup pages ask for "only a GUID, without spaces, commas,
//! periods or quotes": surrounding whitespace and one pair of braces are
//! forgiven, everything else must be the 36-character `8-4-4-4-12` form.
//! Stored lowercase.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::secret::{refuse_secret, SecretRefused};
use super::text::{quoted, quoted_char};

const SHAPE: &str = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
const HYPHENS: [usize; 4] = [8, 13, 18, 23];

/// A GUID, lowercase and hyphenated.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Guid {
    text: String,
    uuid: Uuid,
}

/// Why a [`Guid`] was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GuidError {
    #[error(transparent)]
    Secret(#[from] SecretRefused),
    #[error("Enter a GUID, in the form {SHAPE}.")]
    Empty,
    #[error("Enter only a GUID, in the form {SHAPE}, without 'urn:uuid:'; {} starts with it.", quoted(.value))]
    Urn { value: String },
    #[error("Enter only a GUID, without spaces, commas, periods or quotes; {} contains {}.", quoted(.value), quoted_char(*.character))]
    Punctuation { value: String, character: char },
    #[error("A GUID is written with hyphens, in the form {SHAPE} (36 characters); {} has none. Copy the GUID as the Azure portal shows it.", quoted(.value))]
    NoHyphens { value: String },
    #[error("A GUID has 36 characters, in the form {SHAPE}; {} has {count}.", quoted(.value))]
    WrongLength { value: String, count: usize },
    #[error("A GUID contains only hexadecimal digits (0-9, a-f) and hyphens; {} contains {}.", quoted(.value), quoted_char(*.character))]
    NotHex { value: String, character: char },
    #[error("A GUID has hyphens after the 8th, 12th, 16th and 20th digit, in the form {SHAPE}; {} has them elsewhere.", quoted(.value))]
    MisplacedHyphens { value: String },
}

fn is_punctuation(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '"' | '\'' | '`' | ',' | '.' | ';' | '‘' | '’' | '‚' | '“' | '”' | '„' | '«' | '»'
        )
}

impl Guid {
    pub fn parse(input: &str) -> Result<Self, GuidError> {
        refuse_secret(input)?;
        let trimmed = input.trim();
        let value = trimmed
            .strip_prefix('{')
            .and_then(|s| s.strip_suffix('}'))
            .unwrap_or(trimmed);
        let owned = || value.to_owned();
        if value.is_empty() {
            return Err(GuidError::Empty);
        }
        if value
            .get(..9)
            .is_some_and(|p| p.eq_ignore_ascii_case("urn:uuid:"))
        {
            return Err(GuidError::Urn { value: owned() });
        }
        if let Some(character) = value.chars().find(|&c| is_punctuation(c)) {
            return Err(GuidError::Punctuation {
                value: owned(),
                character,
            });
        }
        let count = value.chars().count();
        if count == 32 && value.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(GuidError::NoHyphens { value: owned() });
        }
        if count != 36 {
            return Err(GuidError::WrongLength {
                value: owned(),
                count,
            });
        }
        if let Some(character) = value
            .chars()
            .find(|&c| !(c.is_ascii_hexdigit() || c == '-'))
        {
            return Err(GuidError::NotHex {
                value: owned(),
                character,
            });
        }
        // All ASCII from here, so byte positions are character positions.
        let hyphens_right = value
            .bytes()
            .enumerate()
            .all(|(i, b)| (b == b'-') == HYPHENS.contains(&i));
        if !hyphens_right {
            return Err(GuidError::MisplacedHyphens { value: owned() });
        }
        let uuid =
            Uuid::try_parse(value).map_err(|_| GuidError::MisplacedHyphens { value: owned() })?;
        Ok(Self {
            text: value.to_ascii_lowercase(),
            uuid,
        })
    }

    /// Lowercase, hyphenated: `0cdb527f-a8d1-4bf8-9436-b352c68682b2`.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn uuid(&self) -> Uuid {
        self.uuid
    }
}
string_value!(Guid, GuidError);
