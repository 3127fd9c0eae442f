//! The access token Publish sends as `Authorization: Bearer`.
//!
//! It is the one secret the console handles, so the type makes leaking it
//! hard: it has no `Serialize` (it cannot reach the stored workspace or an
//! export), its `Debug` and `Display` hide it, and it is read only through
//! [`AccessToken::expose`] when a request is built. The value is checked
//! against RFC 6750's `b64token` so a pasted line break or space can never
//! inject a header.

use thiserror::Error;

/// Longest token accepted (Entra tokens are a few kilobytes).
const MAX: usize = 16 * 1024;

#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken(String);

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AccessTokenError {
    #[error("Paste an access token for the Electronic invoicing service (for example the output of az account get-access-token), or leave the field empty to publish without one.")]
    Empty,
    #[error("The access token is {count} characters long; a token is at most {MAX}. Check that only the token was pasted.")]
    TooLong { count: usize },
    #[error("The access token contains {found}, which a token never does. Paste only the token itself, without quotes, spaces or line breaks.")]
    InvalidCharacter { found: String },
}

fn describe(c: char) -> String {
    match c {
        ' ' => "a space".into(),
        '\n' | '\r' => "a line break".into(),
        '\t' => "a tab".into(),
        '"' | '\'' => "a quote".into(),
        c if c.is_control() => format!("the control character U+{:04X}", c as u32),
        c => format!("'{c}'"),
    }
}

impl AccessToken {
    /// Reads a pasted token: surrounding blanks and a leading `Bearer ` are
    /// dropped.
    pub fn parse(input: &str) -> Result<AccessToken, AccessTokenError> {
        let mut value = input.trim();
        if value.eq_ignore_ascii_case("bearer") {
            value = "";
        } else if value.len() > 7 && value[..7].eq_ignore_ascii_case("bearer ") {
            value = value[7..].trim_start();
        }
        if value.is_empty() {
            return Err(AccessTokenError::Empty);
        }
        let count = value.chars().count();
        if count > MAX {
            return Err(AccessTokenError::TooLong { count });
        }
        let body = value.trim_end_matches('=');
        if body.is_empty() {
            return Err(AccessTokenError::InvalidCharacter {
                found: "'='".into(),
            });
        }
        if let Some(c) = body.chars().find(|c| {
            !(c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~' | '+' | '/'))
        }) {
            return Err(AccessTokenError::InvalidCharacter { found: describe(c) });
        }
        Ok(AccessToken(value.to_string()))
    }

    /// The token itself, for the `Authorization` header only.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// What the page may show of it: its length and last four characters.
    pub fn hint(&self) -> String {
        let tail: String = self
            .0
            .chars()
            .rev()
            .take(4)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        format!("{} characters, ending …{tail}", self.0.chars().count())
    }
}

impl std::fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AccessToken(hidden)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pasted_token_is_trimmed_and_loses_its_bearer_prefix() {
        let token = AccessToken::parse("  Bearer eyJ0eXAi.eyJhdWQi.c2ln_-~+/==\n").unwrap();
        assert_eq!(token.expose(), "eyJ0eXAi.eyJhdWQi.c2ln_-~+/==");
    }

    #[test]
    fn characters_that_could_break_a_header_are_refused_by_name() {
        assert_eq!(
            AccessToken::parse("abc\r\nX-Evil: 1"),
            Err(AccessTokenError::InvalidCharacter {
                found: "a line break".into()
            })
        );
        assert_eq!(
            AccessToken::parse("abc def"),
            Err(AccessTokenError::InvalidCharacter {
                found: "a space".into()
            })
        );
        assert_eq!(
            AccessToken::parse("\"abc\""),
            Err(AccessTokenError::InvalidCharacter {
                found: "a quote".into()
            })
        );
        assert_eq!(AccessToken::parse("   "), Err(AccessTokenError::Empty));
        assert_eq!(AccessToken::parse("Bearer "), Err(AccessTokenError::Empty));
        assert!(AccessToken::parse("====").is_err());
    }

    #[test]
    fn debug_output_and_the_hint_never_show_the_token() {
        let token = AccessToken::parse("secret-token-value-1234").unwrap();
        assert_eq!(format!("{token:?}"), "AccessToken(hidden)");
        assert_eq!(token.hint(), "23 characters, ending …1234");
    }

    #[test]
    fn an_overlong_paste_is_refused() {
        let long = "a".repeat(MAX + 1);
        assert_eq!(
            AccessToken::parse(&long),
            Err(AccessTokenError::TooLong { count: MAX + 1 })
        );
    }
}
