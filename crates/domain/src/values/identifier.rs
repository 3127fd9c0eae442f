//! Names that travel as identifiers: the service environment's name (typed
//! into Finance's Environment field and carried in URLs) and number-sequence
//! names. Letters, digits, `-` and `_` only, 1–64 characters, so they never
//! need escaping. Uniqueness is case-insensitive, through `key()`.

use serde::{Deserialize, Serialize};

use super::secret::{refuse_secret, SecretRefused};
use super::text::{quoted, quoted_char};

const MAX: usize = 64;

/// The rule both identifiers share.
enum Problem {
    Secret(SecretRefused),
    Empty,
    TooLong(usize),
    BadCharacter(char),
}

fn check(input: &str) -> Result<&str, Problem> {
    refuse_secret(input).map_err(Problem::Secret)?;
    let value = input.trim();
    if value.is_empty() {
        return Err(Problem::Empty);
    }
    let count = value.chars().count();
    if count > MAX {
        return Err(Problem::TooLong(count));
    }
    if let Some(c) = value
        .chars()
        .find(|&c| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
    {
        return Err(Problem::BadCharacter(c));
    }
    Ok(value)
}

/// A service environment's name, as typed (trimmed).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EnvironmentName(String);

/// Why an [`EnvironmentName`] was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EnvironmentNameError {
    #[error(transparent)]
    Secret(#[from] SecretRefused),
    #[error("Enter a name for the service environment, such as UAT or PROD.")]
    Empty,
    #[error("The environment name must be at most 64 characters; {} has {count}.", quoted(.value))]
    TooLong { value: String, count: usize },
    #[error(
        "The environment name may contain only letters, digits, '-' and '_': it is typed into Finance's Environment field and travels in URLs. {} contains {}.",
        quoted(.value),
        quoted_char(*.character)
    )]
    BadCharacter { value: String, character: char },
}

impl EnvironmentName {
    pub fn parse(input: &str) -> Result<Self, EnvironmentNameError> {
        let value = || input.trim().to_owned();
        match check(input) {
            Ok(v) => Ok(Self(v.to_owned())),
            Err(Problem::Secret(e)) => Err(e.into()),
            Err(Problem::Empty) => Err(EnvironmentNameError::Empty),
            Err(Problem::TooLong(count)) => Err(EnvironmentNameError::TooLong {
                value: value(),
                count,
            }),
            Err(Problem::BadCharacter(character)) => Err(EnvironmentNameError::BadCharacter {
                value: value(),
                character,
            }),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Lowercase form, for case-insensitive uniqueness.
    pub fn key(&self) -> String {
        self.0.to_ascii_lowercase()
    }
}
string_value!(EnvironmentName, EnvironmentNameError);

/// A number sequence's name, as typed (trimmed).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SequenceName(String);

/// Why a [`SequenceName`] was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SequenceNameError {
    #[error(transparent)]
    Secret(#[from] SecretRefused),
    #[error("Enter a name for the number sequence.")]
    Empty,
    #[error("A number sequence name must be at most 64 characters; {} has {count}.", quoted(.value))]
    TooLong { value: String, count: usize },
    #[error(
        "A number sequence name may contain only letters, digits, '-' and '_'; {} contains {}.",
        quoted(.value),
        quoted_char(*.character)
    )]
    BadCharacter { value: String, character: char },
}

impl SequenceName {
    pub fn parse(input: &str) -> Result<Self, SequenceNameError> {
        let value = || input.trim().to_owned();
        match check(input) {
            Ok(v) => Ok(Self(v.to_owned())),
            Err(Problem::Secret(e)) => Err(e.into()),
            Err(Problem::Empty) => Err(SequenceNameError::Empty),
            Err(Problem::TooLong(count)) => Err(SequenceNameError::TooLong {
                value: value(),
                count,
            }),
            Err(Problem::BadCharacter(character)) => Err(SequenceNameError::BadCharacter {
                value: value(),
                character,
            }),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Lowercase form, for case-insensitive uniqueness.
    pub fn key(&self) -> String {
        self.0.to_ascii_lowercase()
    }
}
string_value!(SequenceName, SequenceNameError);
