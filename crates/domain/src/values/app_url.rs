//! The URL of a connected application: the Dynamics 365 Finance / Supply
//! Chain Management instance the configuration is deployed to.
//!
//! https only, a DNS host, an optional port and path; no user info, query or
//! fragment. Normalised to a lowercase scheme and host, no `:443`, and a
//! path ending in exactly one `/`.

use serde::{Deserialize, Serialize};

use super::dns::{check_dns_name, DnsNameError};
use super::secret::{refuse_secret, SecretRefused};
use super::text::quoted;
use super::url_parts::{normalise_path, parse_port, split, PathError};

const MAX: usize = 2048;

/// A Finance instance URL, such as `https://contoso.operations.dynamics.com/`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ApplicationUrl(String);

/// Why an [`ApplicationUrl`] was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApplicationUrlError {
    #[error(
        "Enter the URL of the Finance instance, such as https://contoso.operations.dynamics.com/."
    )]
    Empty,
    #[error(transparent)]
    Secret(#[from] SecretRefused),
    #[error("A URL must be at most 2048 characters; this one has {count}.")]
    TooLong { value: String, count: usize },
    #[error("The application URL must start with https://; {} has no scheme.{}", quoted(.value), match .suggestion { Some(s) => format!(" Did you mean {s}?"), None => String::new() })]
    MissingScheme {
        value: String,
        suggestion: Option<String>,
    },
    #[error("The application URL must start with https://; {} starts with {}://.", quoted(.value), .scheme)]
    NotHttps { value: String, scheme: String },
    #[error("The application URL must not contain a user name or password (text before '@'); {} does.", quoted(.value))]
    UserInfo { value: String },
    #[error("The host of {} is not a valid domain name: {reason}.", quoted(.value))]
    Host { value: String, reason: DnsNameError },
    #[error("The port of {} must be a number from 1 to 65535; it is {}.", quoted(.value), quoted(.port))]
    Port { value: String, port: String },
    #[error("The path of {} is not valid: {reason}.", quoted(.value))]
    Path { value: String, reason: PathError },
    #[error("The application URL must not contain a query ('?…'), such as ?cmp=USMF; {} does. Remove everything from '?' on.", quoted(.value))]
    Query { value: String },
    #[error("The application URL must not contain a fragment ('#…'); {} does. Remove everything from '#' on.", quoted(.value))]
    Fragment { value: String },
}

impl ApplicationUrl {
    pub fn parse(input: &str) -> Result<Self, ApplicationUrlError> {
        let value = input.trim();
        let owned = || value.to_owned();
        if value.is_empty() {
            return Err(ApplicationUrlError::Empty);
        }
        refuse_secret(value)?;
        let count = value.chars().count();
        if count > MAX {
            return Err(ApplicationUrlError::TooLong {
                value: owned(),
                count,
            });
        }
        let parts = split(value);
        let Some(scheme) = parts.scheme else {
            let suggestion = Self::parse(&format!("https://{value}")).ok().map(|u| u.0);
            return Err(ApplicationUrlError::MissingScheme {
                value: owned(),
                suggestion,
            });
        };
        if !scheme.eq_ignore_ascii_case("https") {
            return Err(ApplicationUrlError::NotHttps {
                value: owned(),
                scheme: scheme.to_owned(),
            });
        }
        if parts.userinfo.is_some() {
            return Err(ApplicationUrlError::UserInfo { value: owned() });
        }
        let host = check_dns_name(parts.host).map_err(|reason| ApplicationUrlError::Host {
            value: owned(),
            reason,
        })?;
        let port = match parts.port {
            None => None,
            Some(p) => match parse_port(p) {
                Some(443) => None,
                Some(n) => Some(n),
                None => {
                    return Err(ApplicationUrlError::Port {
                        value: owned(),
                        port: p.to_owned(),
                    })
                }
            },
        };
        let path = normalise_path(parts.path).map_err(|reason| ApplicationUrlError::Path {
            value: owned(),
            reason,
        })?;
        if parts.query.is_some() {
            return Err(ApplicationUrlError::Query { value: owned() });
        }
        if parts.fragment.is_some() {
            return Err(ApplicationUrlError::Fragment { value: owned() });
        }
        let url = match port {
            Some(port) => format!("https://{host}:{port}{path}"),
            None => format!("https://{host}{path}"),
        };
        Ok(Self(url))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}
string_value!(ApplicationUrl, ApplicationUrlError);
