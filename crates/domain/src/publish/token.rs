//! The access token Publish sends as `Authorization: Bearer`.
//!
//! It is the one secret the console handles, so the type makes leaking it
//! hard: it has no `Serialize` (it cannot reach the stored workspace or an
//! export), its `Debug` and `Display` hide it, and it is read only through
//! [`AccessToken::expose`] when a request is built. The value is checked
//! against RFC 6750's `b64token` so a pasted line break or space can never
//! inject a header.
//!
//! A [`BoundToken`] ties it to the endpoint origin it was given for: it is
//! sent there and nowhere else, so changing the endpoint can never carry
//! the tenant's token to another host.

use thiserror::Error;

use crate::values::is_hidden_control;

use crate::values::EndpointUrl;

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
        c if is_hidden_control(c) => format!("the invisible character U+{:04X}", c as u32),
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
        } else if value
            .get(..7)
            .is_some_and(|p| p.eq_ignore_ascii_case("bearer "))
        {
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

/// A token and the origin (`scheme://host[:port]`) it may be sent to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoundToken {
    token: AccessToken,
    origin: String,
}

impl BoundToken {
    /// `token`, for calls to `endpoint`'s origin only.
    pub fn new(token: AccessToken, endpoint: &EndpointUrl) -> BoundToken {
        BoundToken {
            token,
            origin: endpoint.origin().to_owned(),
        }
    }

    /// The origin it is sent to.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The token, when `endpoint` is on its origin.
    pub fn for_endpoint(&self, endpoint: &EndpointUrl) -> Option<&AccessToken> {
        (endpoint.origin() == self.origin).then_some(&self.token)
    }

    /// What the page may show: length, last four characters, and where it
    /// goes.
    pub fn hint(&self) -> String {
        format!("{}; sent only to {}", self.token.hint(), self.origin)
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
    fn a_bearer_followed_by_a_multibyte_character_is_refused_not_a_panic() {
        // Found by the fuzz harness: byte 7 inside a character.
        assert_eq!(
            AccessToken::parse("bearer\u{202e}x"),
            Err(AccessTokenError::InvalidCharacter {
                found: "the invisible character U+202E".into()
            })
        );
        assert!(AccessToken::parse("Beareré").is_err());
        assert_eq!(AccessToken::parse("Bearer  abc").unwrap().expose(), "abc");
    }

    #[test]
    fn debug_output_and_the_hint_never_show_the_token() {
        let token = AccessToken::parse("secret-token-value-1234").unwrap();
        assert_eq!(format!("{token:?}"), "AccessToken(hidden)");
        assert_eq!(token.hint(), "23 characters, ending …1234");
    }

    #[test]
    fn a_bound_token_goes_to_its_origin_only() {
        let token = AccessToken::parse("abc.def.ghi").unwrap();
        let gateway = EndpointUrl::parse(
            "https://gw.eu-il101.gateway.prod.island.powerapps.com/electronicinvoicing/",
        )
        .unwrap();
        let bound = BoundToken::new(token.clone(), &gateway);
        assert_eq!(
            bound.origin(),
            "https://gw.eu-il101.gateway.prod.island.powerapps.com"
        );
        assert_eq!(bound.for_endpoint(&gateway), Some(&token));
        let same_origin =
            EndpointUrl::parse("https://gw.eu-il101.gateway.prod.island.powerapps.com/other/")
                .unwrap();
        assert_eq!(bound.for_endpoint(&same_origin), Some(&token));
        for other in [
            "https://gw.eu-il102.gateway.prod.island.powerapps.com/electronicinvoicing/",
            "https://gw.eu-il101.gateway.prod.island.powerapps.com:8443/electronicinvoicing/",
            "http://127.0.0.1:8081/",
            "https://evil.example/electronicinvoicing/",
        ] {
            assert_eq!(
                bound.for_endpoint(&EndpointUrl::parse(other).unwrap()),
                None,
                "{other}"
            );
        }
        assert!(!format!("{bound:?}").contains("abc.def.ghi"));
        assert!(bound
            .hint()
            .ends_with("sent only to https://gw.eu-il101.gateway.prod.island.powerapps.com"));
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
