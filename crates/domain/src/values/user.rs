//! Who may submit through a service environment: the user's alias (User ID)
//! and email address.
//!
//! The alias follows the rule for the part of a UPN before `@`; the email is
//! checked by the maintained `email_address` crate (no display name, no
//! domain literal), plus Entra's rule that `mail` has no accents. Both are
//! unique per environment case-insensitively, through `key()`.

use email_address::{EmailAddress, Options};
use serde::Deserialize;

use super::search::contains_bytes;
use super::secret::{refuse_secret, SecretRefused};
use super::text::{quoted, quoted_char};
use super::user_shapes;

const ALIAS_MAX: usize = 64;
const EMAIL_MAX: usize = 254;

/// A user's alias: the part of the UPN before `@`, as typed (trimmed).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(try_from = "String")]
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

/// `input` without the whitespace around it: the text itself when it
/// starts and ends with a visible ASCII character (every value of a stored
/// draft), without walking it for Unicode whitespace.
fn trimmed(input: &str) -> &str {
    match (input.as_bytes().first(), input.as_bytes().last()) {
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => input,
        _ => input.trim(),
    }
}

fn is_alias_char(c: char) -> bool {
    u8::try_from(c).is_ok_and(user_shapes::is_alias_byte)
}

impl UserId {
    pub fn parse(input: &str) -> Result<Self, UserIdError> {
        Self::checked(input).map(|value| Self(value.to_owned()))
    }

    /// The User ID `input` holds (trimmed), or why it is refused.
    fn checked(input: &str) -> Result<&str, UserIdError> {
        refuse_secret(input)?;
        let value = trimmed(input);
        // The common shape passes every check below, in one pass; only
        // other text goes through them, to say what is wrong.
        if user_shapes::is_plain_alias(value, ALIAS_MAX) {
            return Ok(value);
        }
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
        if contains_bytes(value, b"..") {
            return Err(UserIdError::ConsecutiveDots { value: owned() });
        }
        Ok(value)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Lowercase form, for case-insensitive uniqueness.
    pub fn key(&self) -> String {
        self.0.to_ascii_lowercase()
    }
}
string_value!(UserId, UserIdError, checked);

/// An email address (RFC 5322 addr-spec), ASCII only, at most 254
/// characters, as typed (trimmed).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(try_from = "String")]
pub struct Email(String);

/// What the `email_address` crate is asked to accept: an addr-spec alone
/// (no display name), a domain name (no IP literal) with at least two
/// labels.
fn crate_options() -> Options {
    Options::default()
        .without_display_text()
        .without_domain_literal()
        .with_required_tld()
}

/// The common shape of an address ([`user_shapes::is_plain_address`]):
/// every such address is one the crate accepts with [`crate_options`] (a
/// property test checks it), so only the others are handed to it. It is
/// the crate that decides; this is its shortcut for `ana.lopez@contoso.com`,
/// since reading a 10,000-user draft in the page spent most of its time in
/// the crate's general parser.
fn is_plain_address(value: &str) -> bool {
    user_shapes::is_plain_address(value, EMAIL_MAX)
}

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
        Self::checked(input).map(|value| Self(value.to_owned()))
    }

    /// The address `input` holds (trimmed), or why it is refused.
    fn checked(input: &str) -> Result<&str, EmailError> {
        refuse_secret(input)?;
        let value = trimmed(input);
        let owned = || value.to_owned();
        if value.is_empty() {
            return Err(EmailError::Empty);
        }
        // The common shape passes every check below; only other text goes
        // through them, to say what is wrong.
        if is_plain_address(value) {
            return Ok(value);
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
        match EmailAddress::parse_with_options(value, crate_options()) {
            Ok(_) => Ok(value),
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
string_value!(Email, EmailError, checked);

// The shortcut must never accept what the crate refuses: random addresses
// drawn from the shortcut's own alphabet and shape, and near misses (every
// byte an address may hold, dots and hyphens at the edges), each accepted
// by `is_plain_address` only if the crate accepts it too.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod plain_address_is_a_subset_of_the_crate {
    use super::{crate_options, is_plain_address};
    use email_address::EmailAddress;
    use proptest::prelude::*;

    fn agrees(address: &str) -> Result<(), TestCaseError> {
        if is_plain_address(address) {
            prop_assert!(
                EmailAddress::parse_with_options(address, crate_options()).is_ok(),
                "the shortcut accepts {address:?}, which the crate refuses"
            );
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5_000))]

        #[test]
        fn shaped_addresses(address in "[A-Za-z0-9._%+-]{1,70}@([A-Za-z0-9-]{1,65}\\.){0,4}[A-Za-z0-9-]{0,65}") {
            agrees(&address)?;
        }

        #[test]
        fn any_printable_text(address in "[ -~]{0,80}") {
            agrees(&address)?;
        }

        #[test]
        fn long_addresses(local in "[a-z]{1,66}", labels in proptest::collection::vec("[a-z0-9-]{1,64}", 1..6)) {
            agrees(&format!("{local}@{}", labels.join(".")))?;
        }
    }

    #[test]
    fn common_addresses_take_the_shortcut() {
        for address in [
            "ana@contoso.com",
            "ana.lopez+uat@mail.contoso.co.uk",
            "user00001@contoso.com",
            "a_b%c-d@x-1.y2",
        ] {
            assert!(is_plain_address(address), "{address}");
            assert!(
                EmailAddress::parse_with_options(address, crate_options()).is_ok(),
                "{address}"
            );
        }
        for address in [
            "ana@contoso",
            ".ana@contoso.com",
            "ana.@contoso.com",
            "a..b@contoso.com",
            "ana@-contoso.com",
            "ana@contoso-.com",
            "ana@contoso..com",
            "\"ana\"@contoso.com",
            "ana@[10.0.0.1]",
            "ana@@contoso.com",
        ] {
            assert!(!is_plain_address(address), "{address}");
        }
    }
}
