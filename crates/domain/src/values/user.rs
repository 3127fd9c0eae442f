//! Who may submit through a service environment: the user's alias (User ID)
//! and email address.
//!
//! The alias follows the rule for the part of a UPN before `@`; the email is
//! checked by the maintained `email_address` crate (no display name, no
//! domain literal), plus Entra's rule that `mail` has no accents. Both are
//! unique per environment case-insensitively, through `key()`.

use email_address::{EmailAddress, Options};
use serde::{Deserialize, Serialize};

use super::secret::{refuse_secret, SecretRefused};
use super::text::{quoted, quoted_char};

const ALIAS_MAX: usize = 64;
const EMAIL_MAX: usize = 254;

/// A user's alias: the part of the UPN before `@`, as typed (trimmed).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct UserId(String);

/// Why a [`UserId`] was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UserIdError {
    #[error(transparent)]
    Secret(#[from] SecretRefused),
    #[error("Enter the user's alias: the part of their sign-in name before '@'.")]
    Empty,
    #[error("Enter only the part before '@' (the alias): {} instead of {}.", quoted(.alias), quoted(.value))]
    ContainsAt { value: String, alias: String },
    #[error("A user ID must be at most 64 characters; {} has {count}.", quoted(.value))]
    TooLong { value: String, count: usize },
    #[error(
        "A user ID may contain only letters A–Z, digits and ' . - _ ! # ^ ~; {} contains {}.",
        quoted(.value),
        quoted_char(*.character)
    )]
    BadCharacter { value: String, character: char },
    #[error("A user ID must not start with '.'; {} does.", quoted(.value))]
    LeadingDot { value: String },
    #[error("A user ID must not end with '.'; {} does.", quoted(.value))]
    TrailingDot { value: String },
    #[error("A user ID must not contain two periods in a row ('..'); {} does.", quoted(.value))]
    ConsecutiveDots { value: String },
}

fn is_alias_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '\'' | '.' | '-' | '_' | '!' | '#' | '^' | '~')
}

impl UserId {
    pub fn parse(input: &str) -> Result<Self, UserIdError> {
        refuse_secret(input)?;
        let value = input.trim();
        let owned = || value.to_owned();
        if value.is_empty() {
            return Err(UserIdError::Empty);
        }
        if let Some((alias, _)) = value.split_once('@') {
            return Err(UserIdError::ContainsAt {
                value: owned(),
                alias: alias.trim().to_owned(),
            });
        }
        let count = value.chars().count();
        if count > ALIAS_MAX {
            return Err(UserIdError::TooLong {
                value: owned(),
                count,
            });
        }
        if let Some(character) = value.chars().find(|&c| !is_alias_char(c)) {
            return Err(UserIdError::BadCharacter {
                value: owned(),
                character,
            });
        }
        if value.starts_with('.') {
            return Err(UserIdError::LeadingDot { value: owned() });
        }
        if value.ends_with('.') {
            return Err(UserIdError::TrailingDot { value: owned() });
        }
        if value.contains("..") {
            return Err(UserIdError::ConsecutiveDots { value: owned() });
        }
        Ok(Self(owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Lowercase form, for case-insensitive uniqueness.
    pub fn key(&self) -> String {
        self.0.to_ascii_lowercase()
    }
}
string_value!(UserId, UserIdError);

/// An email address (RFC 5322 addr-spec), ASCII only, at most 254
/// characters, as typed (trimmed).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

/// Why an [`Email`] was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error(transparent)]
    Secret(#[from] SecretRefused),
    #[error("Enter the user's email address, such as ana@contoso.com.")]
    Empty,
    #[error("Enter only the address, without a display name or angle brackets: ana@contoso.com rather than 'Ana <ana@contoso.com>'; {} has them.", quoted(.value))]
    DisplayName { value: String },
    #[error("An email address must not contain accents or other non-ASCII characters; {} contains {}.", quoted(.value), quoted_char(*.character))]
    NotAscii { value: String, character: char },
    #[error("An email address must be at most 254 characters; this one has {count}.")]
    TooLong { value: String, count: usize },
    #[error("An email address needs an '@' between the name and the domain, such as ana@contoso.com; {} has none.", quoted(.value))]
    MissingAt { value: String },
    #[error("Enter an email address with a domain name, such as ana@contoso.com, not an IP address in brackets; {} has one.", quoted(.value))]
    DomainLiteral { value: String },
    #[error("{} is not a valid email address: {reason}.", quoted(.value))]
    Invalid { value: String, reason: &'static str },
}

fn reason(error: &email_address::Error) -> &'static str {
    use email_address::Error as E;
    match error {
        E::InvalidCharacter => "it contains a character an address cannot hold in that place",
        E::LocalPartEmpty => "there is nothing before '@'",
        E::LocalPartTooLong => "the part before '@' must be at most 64 characters",
        E::DomainEmpty => "there is nothing after '@'",
        E::DomainTooLong => "the domain after '@' is too long",
        E::SubDomainEmpty => {
            "the domain has an empty part (two dots in a row, or a dot at the start or end)"
        }
        E::SubDomainTooLong => "each part of the domain must be at most 63 characters",
        E::DomainTooFew => "the domain needs at least one dot, such as contoso.com",
        E::DomainInvalidSeparator => "a dot in the domain is misplaced",
        E::UnbalancedQuotes => "its quotes are unbalanced",
        E::InvalidComment => "it contains a malformed comment in parentheses",
        E::InvalidIPAddress => "its IP address is malformed",
        _ => "it is not in the form name@domain",
    }
}

impl Email {
    pub fn parse(input: &str) -> Result<Self, EmailError> {
        refuse_secret(input)?;
        let value = input.trim();
        let owned = || value.to_owned();
        if value.is_empty() {
            return Err(EmailError::Empty);
        }
        if value.contains(['<', '>']) {
            return Err(EmailError::DisplayName { value: owned() });
        }
        if let Some(character) = value.chars().find(|c| !c.is_ascii()) {
            return Err(EmailError::NotAscii {
                value: owned(),
                character,
            });
        }
        if value.len() > EMAIL_MAX {
            return Err(EmailError::TooLong {
                value: owned(),
                count: value.len(),
            });
        }
        if value.bytes().any(|b| b.is_ascii_control()) {
            return Err(EmailError::Invalid {
                value: owned(),
                reason: "it contains a tab or another control character",
            });
        }
        let options = Options::default()
            .without_display_text()
            .without_domain_literal()
            .with_required_tld();
        match EmailAddress::parse_with_options(value, options) {
            Ok(_) => Ok(Self(owned())),
            Err(email_address::Error::MissingSeparator) => {
                Err(EmailError::MissingAt { value: owned() })
            }
            Err(email_address::Error::UnsupportedDomainLiteral) => {
                Err(EmailError::DomainLiteral { value: owned() })
            }
            Err(
                email_address::Error::UnsupportedDisplayName
                | email_address::Error::MissingDisplayName
                | email_address::Error::MissingEndBracket,
            ) => Err(EmailError::DisplayName { value: owned() }),
            Err(e) => Err(EmailError::Invalid {
                value: owned(),
                reason: reason(&e),
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
string_value!(Email, EmailError);
