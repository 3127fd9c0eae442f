//! Where Electronic invoicing is reached: the per-geography service
//! endpoints Microsoft publishes, or another endpoint an administrator
//! enters (a private gateway, a test double).
//!
//! An entered endpoint must be https, except `http://localhost` and
//! `http://127.0.0.1` for development. The catalogue is the table of
//! domain.md ("Set up RCS" page of the Electronic invoicing docs).

use core::ops::RangeInclusive;

use serde::{Deserialize, Serialize};

use super::dns::{check_dns_name, DnsNameError};
use super::secret::{refuse_secret, SecretRefused};
use super::text::quoted;
use super::url_parts::{normalise_path, parse_port, split, PathError};

/// The Application ID of the Electronic invoicing service: the Entra
/// resource an access token for the service is issued for.
pub const SERVICE_APPLICATION_ID: &str = "0cdb527f-a8d1-4bf8-9436-b352c68682b2";

/// Where the project's local development receiver listens (`scripts/serve`
/// starts it; `docs/receiver.md` describes it).
pub const LOCAL_DEVELOPMENT_URL: &str = "http://127.0.0.1:8081/";

const MAX: usize = 2048;

/// A service endpoint URL: https (or http for localhost / 127.0.0.1),
/// lowercase scheme and host, no default port, path ending in exactly one
/// `/`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EndpointUrl(String);

/// Why an [`EndpointUrl`] was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EndpointUrlError {
    #[error("Enter the service endpoint URL, such as https://gw.eu-il101.gateway.prod.island.powerapps.com/electronicinvoicing/.")]
    Empty,
    #[error(transparent)]
    Secret(#[from] SecretRefused),
    #[error("A URL must be at most 2048 characters; this one has {count}.")]
    TooLong { value: String, count: usize },
    #[error("The endpoint URL must start with https://; {} has no scheme.{}", quoted(.value), match .suggestion { Some(s) => format!(" Did you mean {s}?"), None => String::new() })]
    MissingScheme {
        value: String,
        suggestion: Option<String>,
    },
    #[error("The endpoint URL must start with https://; {} starts with {}://.", quoted(.value), .scheme)]
    UnsupportedScheme { value: String, scheme: String },
    #[error("{} uses http://, but http:// is allowed only for localhost or 127.0.0.1 (development); use https://", quoted(.value))]
    HttpNotLocal { value: String },
    #[error("The endpoint URL must not contain a user name or password (text before '@'); {} does.", quoted(.value))]
    UserInfo { value: String },
    #[error("The host of {} is not valid: {reason}. Use a domain name (or localhost / 127.0.0.1 for development).", quoted(.value))]
    Host { value: String, reason: DnsNameError },
    #[error("The port of {} must be a number from 1 to 65535; it is {}.", quoted(.value), quoted(.port))]
    Port { value: String, port: String },
    #[error("The path of {} is not valid: {reason}.", quoted(.value))]
    Path { value: String, reason: PathError },
    #[error("The endpoint URL must not contain a query ('?…'); {} does. Remove everything from '?' on.", quoted(.value))]
    Query { value: String },
    #[error("The endpoint URL must not contain a fragment ('#…'); {} does. Remove everything from '#' on.", quoted(.value))]
    Fragment { value: String },
}

impl EndpointUrl {
    pub fn parse(input: &str) -> Result<Self, EndpointUrlError> {
        let value = input.trim();
        let owned = || value.to_owned();
        if value.is_empty() {
            return Err(EndpointUrlError::Empty);
        }
        refuse_secret(value)?;
        let count = value.chars().count();
        if count > MAX {
            return Err(EndpointUrlError::TooLong {
                value: owned(),
                count,
            });
        }
        let parts = split(value);
        let Some(scheme) = parts.scheme else {
            let suggestion = Self::parse(&format!("https://{value}")).ok().map(|u| u.0);
            return Err(EndpointUrlError::MissingScheme {
                value: owned(),
                suggestion,
            });
        };
        let (scheme, default_port) = if scheme.eq_ignore_ascii_case("https") {
            ("https", 443)
        } else if scheme.eq_ignore_ascii_case("http") {
            ("http", 80)
        } else {
            return Err(EndpointUrlError::UnsupportedScheme {
                value: owned(),
                scheme: scheme.to_owned(),
            });
        };
        if parts.userinfo.is_some() {
            return Err(EndpointUrlError::UserInfo { value: owned() });
        }
        let lower = parts.host.to_ascii_lowercase();
        let local = lower == "localhost" || lower == "127.0.0.1";
        if scheme == "http" && !local {
            return Err(EndpointUrlError::HttpNotLocal { value: owned() });
        }
        let host = if local {
            lower
        } else {
            check_dns_name(parts.host).map_err(|reason| EndpointUrlError::Host {
                value: owned(),
                reason,
            })?
        };
        let port = match parts.port {
            None => None,
            Some(p) => match parse_port(p) {
                Some(n) if n == default_port => None,
                Some(n) => Some(n),
                None => {
                    return Err(EndpointUrlError::Port {
                        value: owned(),
                        port: p.to_owned(),
                    })
                }
            },
        };
        let path = normalise_path(parts.path).map_err(|reason| EndpointUrlError::Path {
            value: owned(),
            reason,
        })?;
        if parts.query.is_some() {
            return Err(EndpointUrlError::Query { value: owned() });
        }
        if parts.fragment.is_some() {
            return Err(EndpointUrlError::Fragment { value: owned() });
        }
        let url = match port {
            Some(port) => format!("{scheme}://{host}:{port}{path}"),
            None => format!("{scheme}://{host}{path}"),
        };
        Ok(Self(url))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `scheme://host[:port]`, the origin a browser sends requests to (the
    /// access token is bound to it).
    pub fn origin(&self) -> &str {
        let after_scheme = self.0.find("://").map_or(0, |i| i + 3);
        let end = self.0[after_scheme..]
            .find('/')
            .map_or(self.0.len(), |i| after_scheme + i);
        &self.0[..end]
    }

    /// Whether requests to it travel unencrypted (`http://`, allowed for
    /// localhost and 127.0.0.1 only).
    pub fn is_http(&self) -> bool {
        self.0.starts_with("http://")
    }
}
string_value!(EndpointUrl, EndpointUrlError);

/// A geography Electronic invoicing runs in, and its instance numbers.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Geography {
    pub name: &'static str,
    pub code: &'static str,
    pub il: RangeInclusive<u16>,
}

const fn geo(name: &'static str, code: &'static str, il: RangeInclusive<u16>) -> Geography {
    Geography { name, code, il }
}

/// The geographies and instance numbers Microsoft publishes.
pub const GEOGRAPHIES: [Geography; 14] = [
    geo("United States", "us", 101..=109),
    geo("Europe", "eu", 101..=110),
    geo("United Kingdom", "uk", 101..=102),
    geo("Asia", "as", 101..=102),
    geo("Japan", "jp", 101..=101),
    geo("Switzerland", "ch", 101..=101),
    geo("Brazil", "br", 101..=102),
    geo("United Arab Emirates", "ae", 101..=101),
    geo("Australia", "au", 101..=102),
    geo("Canada", "ca", 101..=102),
    geo("France", "fr", 101..=101),
    geo("India", "in", 101..=101),
    geo("Norway", "no", 101..=101),
    geo("South Africa", "za", 101..=101),
];

static TABLE: [Geography; 14] = GEOGRAPHIES;

/// `https://gw.{code}-il{il}.gateway.prod.island.powerapps.com/electronicinvoicing/`
fn pattern(code: &str, il: u16) -> String {
    format!("https://gw.{code}-il{il}.gateway.prod.island.powerapps.com/electronicinvoicing/")
}

impl Geography {
    /// The geography with this code (case-insensitive).
    pub fn find(code: &str) -> Option<&'static Geography> {
        TABLE
            .iter()
            .find(|g| g.code.eq_ignore_ascii_case(code.trim()))
    }

    /// The endpoint of instance `il`, if this geography has it.
    pub fn url(&self, il: u16) -> Option<EndpointUrl> {
        if !self.il.contains(&il) {
            return None;
        }
        EndpointUrl::parse(&pattern(self.code, il)).ok()
    }
}

/// Every published endpoint: geography, instance number, URL.
pub fn catalogue() -> impl Iterator<Item = (&'static Geography, u16, EndpointUrl)> {
    TABLE.iter().flat_map(|g| {
        g.il.clone()
            .filter_map(move |il| g.url(il).map(|u| (g, il, u)))
    })
}

/// Why a [`ServiceEndpoint`] was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EndpointError {
    #[error("There is no Electronic invoicing geography {}; choose one of us, eu, uk, as, jp, ch, br, ae, au, ca, fr, in, no, za.", quoted(.code))]
    UnknownGeography { code: String },
    #[error("{geography} has {}; il{il} does not exist.", instances(*.first, *.last))]
    UnknownInstance {
        geography: &'static str,
        code: String,
        il: u16,
        first: u16,
        last: u16,
    },
    #[error(transparent)]
    Url(#[from] EndpointUrlError),
}

fn instances(first: u16, last: u16) -> String {
    if first == last {
        format!("only instance il{first}")
    } else {
        format!("instances il{first} to il{last}")
    }
}

/// The endpoint a service environment is reached at: a published one, by
/// geography and instance, or one an administrator entered.
///
/// Serialised as `{"kind":"geography","code":"eu","il":101}` or
/// `{"kind":"custom","url":"https://…/"}`; deserialising re-validates.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "Repr", into = "Repr")]
pub enum ServiceEndpoint {
    Geography { code: String, il: u16 },
    Custom(EndpointUrl),
}

#[derive(Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
enum Repr {
    Geography { code: String, il: u16 },
    Custom { url: EndpointUrl },
}

impl TryFrom<Repr> for ServiceEndpoint {
    type Error = EndpointError;
    fn try_from(repr: Repr) -> Result<Self, EndpointError> {
        match repr {
            Repr::Geography { code, il } => ServiceEndpoint::geography(&code, il),
            Repr::Custom { url } => Ok(ServiceEndpoint::Custom(url)),
        }
    }
}

impl From<ServiceEndpoint> for Repr {
    fn from(endpoint: ServiceEndpoint) -> Repr {
        match endpoint {
            ServiceEndpoint::Geography { code, il } => Repr::Geography { code, il },
            ServiceEndpoint::Custom(url) => Repr::Custom { url },
        }
    }
}

impl ServiceEndpoint {
    /// A published endpoint; the code is case-insensitive and stored
    /// lowercase.
    pub fn geography(code: &str, il: u16) -> Result<Self, EndpointError> {
        let geography = Geography::find(code).ok_or_else(|| EndpointError::UnknownGeography {
            code: code.to_owned(),
        })?;
        if !geography.il.contains(&il) {
            return Err(EndpointError::UnknownInstance {
                geography: geography.name,
                code: geography.code.to_owned(),
                il,
                first: *geography.il.start(),
                last: *geography.il.end(),
            });
        }
        Ok(ServiceEndpoint::Geography {
            code: geography.code.to_owned(),
            il,
        })
    }

    /// The local development receiver ([`LOCAL_DEVELOPMENT_URL`]).
    pub fn local_development() -> ServiceEndpoint {
        ServiceEndpoint::Custom(EndpointUrl(LOCAL_DEVELOPMENT_URL.to_owned()))
    }

    /// Whether this is the local development receiver.
    pub fn is_local_development(&self) -> bool {
        *self == ServiceEndpoint::local_development()
    }

    /// An endpoint an administrator entered.
    pub fn custom(input: &str) -> Result<Self, EndpointError> {
        Ok(ServiceEndpoint::Custom(EndpointUrl::parse(input)?))
    }

    /// Checks a value built by hand (the variants' fields are public).
    pub fn validate(&self) -> Result<(), EndpointError> {
        match self {
            ServiceEndpoint::Geography { code, il } => {
                ServiceEndpoint::geography(code, *il).map(|_| ())
            }
            ServiceEndpoint::Custom(_) => Ok(()),
        }
    }

    /// The published geography, for a geography endpoint in the catalogue.
    pub fn catalogue_entry(&self) -> Option<&'static Geography> {
        match self {
            ServiceEndpoint::Geography { code, il } => {
                Geography::find(code).filter(|g| g.il.contains(il))
            }
            ServiceEndpoint::Custom(_) => None,
        }
    }

    /// The URL Finance must be given.
    ///
    /// For a geography endpoint built by hand outside the catalogue (see
    /// [`ServiceEndpoint::validate`]) this is the URL Microsoft's pattern
    /// gives for it, with the code reduced to lowercase letters and digits.
    pub fn url(&self) -> EndpointUrl {
        match self {
            ServiceEndpoint::Custom(url) => url.clone(),
            ServiceEndpoint::Geography { code, il } => {
                let mut code: String = code
                    .chars()
                    .filter(char::is_ascii_alphanumeric)
                    .map(|c| c.to_ascii_lowercase())
                    .take(40)
                    .collect();
                if code.is_empty() {
                    code.push_str("unknown");
                }
                let url = pattern(&code, *il);
                // The pattern with such a code is always a valid endpoint.
                EndpointUrl::parse(&url).unwrap_or(EndpointUrl(url))
            }
        }
    }
}
