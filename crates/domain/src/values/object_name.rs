//! The name of an object in a Key Vault (a secret or a certificate), as
//! Azure allows it: 1–127 characters `0-9 a-z A-Z -`.
//!
//! Key Vault compares object names case-insensitively, so uniqueness uses
//! [`SecretName::key`] while the name is shown as typed.

use serde::{Deserialize, Serialize};

use super::secret::{refuse_secret, SecretRefused};
use super::text::{quoted, quoted_char};

const MAX: usize = 127;

/// The name of a Key Vault secret or certificate, as typed (trimmed).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SecretName(String);

/// Why a [`SecretName`] was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretNameError {
    #[error(transparent)]
    Secret(#[from] SecretRefused),
    #[error("Enter the name of the secret or certificate as it appears in the Key Vault.")]
    Empty,
    #[error("A Key Vault object name must be at most 127 characters; {} has {count}.", quoted(.value))]
    TooLong { value: String, count: usize },
    #[error(
        "A Key Vault object name may contain only letters, digits and hyphens; {} contains {}. Enter the name exactly as the Key Vault shows it.",
        quoted(.value),
        quoted_char(*.character)
    )]
    BadCharacter { value: String, character: char },
}

impl SecretName {
    pub fn parse(input: &str) -> Result<Self, SecretNameError> {
        refuse_secret(input)?;
        let value = input.trim();
        if value.is_empty() {
            return Err(SecretNameError::Empty);
        }
        let count = value.chars().count();
        if count > MAX {
            return Err(SecretNameError::TooLong {
                value: value.to_owned(),
                count,
            });
        }
        if let Some(character) = value
            .chars()
            .find(|&c| !(c.is_ascii_alphanumeric() || c == '-'))
        {
            return Err(SecretNameError::BadCharacter {
                value: value.to_owned(),
                character,
            });
        }
        Ok(Self(value.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Lowercase form: two names with the same key are the same Key Vault
    /// object.
    pub fn key(&self) -> String {
        self.0.to_ascii_lowercase()
    }

    /// Whether both name the same Key Vault object (case-insensitive).
    pub fn eq_ignore_case(&self, other: &SecretName) -> bool {
        self.0.eq_ignore_ascii_case(&other.0)
    }
}
string_value!(SecretName, SecretNameError);
