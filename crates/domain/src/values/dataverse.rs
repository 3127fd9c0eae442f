//! The Dataverse endpoint URI of a service environment: where the
//! Electronic invoicing plug-in for Power Platform reaches the environment's
//! Dataverse organization, "https://<Dataverse organization URL>/api/data/v9.1/"
//! (Microsoft Learn, "Microsoft Power Platform plug-in admin reference").
//!
//! https only, a DNS host, no user info, query or fragment, no port other
//! than 443; the path is the Web API's `/api/data/v9.N/`. Normalised to a
//! lowercase host and path with exactly one trailing `/`. An organization
//! URL without the path is refused with the full URI offered.

use serde::{Deserialize, Serialize};

use super::dns::{check_dns_name, DnsNameError};
use super::secret::{refuse_secret, SecretRefused};
use super::text::quoted;
use super::url_parts::split;

const MAX: usize = 2048;
/// The Web API version Microsoft's set-up page names.
const WEB_API: &str = "/api/data/v9.1/";

/// A Dataverse Web API endpoint, such as
/// `https://contoso.crm.dynamics.com/api/data/v9.1/`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DataverseUri(String);

/// Why a [`DataverseUri`] was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DataverseUriError {
    #[error("Enter the Dataverse endpoint URI, such as https://contoso.crm.dynamics.com/api/data/v9.1/, or leave it empty.")]
    Empty,
    #[error(transparent)]
    Secret(#[from] SecretRefused),
    #[error("A URI must be at most 2048 characters; this one has {count}.")]
    TooLong { count: usize },
    #[error("The Dataverse endpoint URI must start with https://; {} {}.{}", quoted(.value), match .scheme { Some(s) => format!("starts with {s}://"), None => "has no scheme".to_string() }, did_you_mean(.suggestion.as_deref()))]
    NotHttps {
        value: String,
        scheme: Option<String>,
        suggestion: Option<String>,
    },
    #[error("The Dataverse endpoint URI must not contain a user name or password (text before '@'); {} does.", quoted(.value))]
    UserInfo { value: String },
    #[error("The host of {} is not a valid domain name: {reason}.", quoted(.value))]
    Host { value: String, reason: DnsNameError },
    #[error("The Dataverse endpoint URI must not name a port other than 443; {} names port {}. Remove the port.", quoted(.value), quoted(.port))]
    Port { value: String, port: String },
    #[error("The Dataverse endpoint URI ends with the Web API's path, /api/data/v9.N/ (such as /api/data/v9.1/); {} has {}.{}", quoted(.value), if .path.is_empty() { "none".to_string() } else { quoted(.path) }, did_you_mean(.suggestion.as_deref()))]
    Path {
        value: String,
        path: String,
        suggestion: Option<String>,
    },
    #[error("The Dataverse endpoint URI must not contain a query ('?…') or a fragment ('#…'); {} does. Remove everything from '?' or '#' on.", quoted(.value))]
    QueryOrFragment { value: String },
}

fn did_you_mean(suggestion: Option<&str>) -> String {
    suggestion
        .map(|s| format!(" Did you mean {s}?"))
        .unwrap_or_default()
}

/// `/api/data/v9.N` with any number of trailing `/`, any case: the
/// normalised path, or `None`.
fn web_api_path(path: &str) -> Option<String> {
    let lower = path.to_ascii_lowercase();
    let version = lower.trim_end_matches('/').strip_prefix("/api/data/v9.")?;
    let digits = !version.is_empty() && version.len() <= 3;
    (digits && version.bytes().all(|b| b.is_ascii_digit()))
        .then(|| format!("/api/data/v9.{version}/"))
}

impl DataverseUri {
    pub fn parse(input: &str) -> Result<Self, DataverseUriError> {
        let value = input.trim();
        let owned = || value.to_owned();
        if value.is_empty() {
            return Err(DataverseUriError::Empty);
        }
        refuse_secret(value)?;
        let count = value.chars().count();
        if count > MAX {
            return Err(DataverseUriError::TooLong { count });
        }
        let parts = split(value);
        match parts.scheme {
            Some(scheme) if scheme.eq_ignore_ascii_case("https") => {}
            scheme => {
                let rest = value.split_once("://").map_or(value, |(_, rest)| rest);
                // What https:// would make of it, even the organization URL
                // alone (then with the Web API's path).
                let suggestion = match Self::parse(&format!("https://{rest}")) {
                    Ok(uri) => Some(uri.0),
                    Err(e) => Self::suggestion(&e).map(str::to_owned),
                };
                return Err(DataverseUriError::NotHttps {
                    value: owned(),
                    scheme: scheme.map(str::to_owned),
                    suggestion,
                });
            }
        }
        if parts.userinfo.is_some() {
            return Err(DataverseUriError::UserInfo { value: owned() });
        }
        let host = check_dns_name(parts.host).map_err(|reason| DataverseUriError::Host {
            value: owned(),
            reason,
        })?;
        if let Some(port) = parts.port.filter(|p| *p != "443") {
            return Err(DataverseUriError::Port {
                value: owned(),
                port: port.to_owned(),
            });
        }
        if parts.query.is_some() || parts.fragment.is_some() {
            return Err(DataverseUriError::QueryOrFragment { value: owned() });
        }
        let Some(path) = web_api_path(parts.path) else {
            // The organization URL alone (the usual paste): offer the rest.
            let suggestion =
                matches!(parts.path, "" | "/").then(|| format!("https://{host}{WEB_API}"));
            return Err(DataverseUriError::Path {
                value: owned(),
                path: parts.path.to_owned(),
                suggestion,
            });
        };
        Ok(Self(format!("https://{host}{path}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The corrected URI to offer, when there is one.
    pub fn suggestion(error: &DataverseUriError) -> Option<&str> {
        match error {
            DataverseUriError::NotHttps { suggestion, .. }
            | DataverseUriError::Path { suggestion, .. } => suggestion.as_deref(),
            _ => None,
        }
    }
}
super::string_value!(DataverseUri, DataverseUriError);
