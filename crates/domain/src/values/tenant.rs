//! The Microsoft Entra tenant of a connected application: its tenant ID (a
//! GUID) or one of its verified domains (`contoso.onmicrosoft.com`,
//! `contoso.com`).
//!
//! Text without a dot made only of hex digits, hyphens and braces is read as
//! an attempted GUID (and gets the GUID's messages); anything else as a
//! domain name, stored lowercase.

use serde::{Deserialize, Serialize};

use super::dns::{check_dns_name, DnsNameError};
use super::guid::{Guid, GuidError};
use super::secret::{refuse_secret, SecretRefused};
use super::text::quoted;

/// A tenant: a GUID or a verified domain.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Tenant(Inner);

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Inner {
    Id(Guid),
    Domain(String),
}

/// Why a [`Tenant`] was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TenantError {
    #[error(transparent)]
    Secret(#[from] SecretRefused),
    #[error("Enter the tenant: a GUID or a verified domain such as contoso.onmicrosoft.com.")]
    Empty,
    #[error("The tenant must be a GUID or a verified domain such as contoso.onmicrosoft.com. {0}")]
    Guid(GuidError),
    #[error("The tenant must be a GUID or a verified domain such as contoso.onmicrosoft.com; {} is not a domain name: {reason}.", quoted(.value))]
    Domain { value: String, reason: DnsNameError },
}

/// No dot, and only what a GUID (possibly mistyped) is made of.
fn looks_like_guid(s: &str) -> bool {
    !s.contains('.')
        && s.chars()
            .all(|c| c.is_ascii_hexdigit() || matches!(c, '-' | '{' | '}') || c.is_whitespace())
}

impl Tenant {
    pub fn parse(input: &str) -> Result<Self, TenantError> {
        refuse_secret(input)?;
        let value = input.trim();
        if value.is_empty() {
            return Err(TenantError::Empty);
        }
        if looks_like_guid(value) {
            return Guid::parse(value)
                .map(|g| Self(Inner::Id(g)))
                .map_err(TenantError::Guid);
        }
        check_dns_name(value)
            .map(|d| Self(Inner::Domain(d)))
            .map_err(|reason| TenantError::Domain {
                value: value.to_owned(),
                reason,
            })
    }

    /// The GUID (lowercase) or the domain (lowercase).
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Inner::Id(g) => g.as_str(),
            Inner::Domain(d) => d,
        }
    }

    /// The tenant ID, when the tenant was given as one.
    pub fn guid(&self) -> Option<&Guid> {
        match &self.0 {
            Inner::Id(g) => Some(g),
            Inner::Domain(_) => None,
        }
    }

    /// The domain, when the tenant was given as one.
    pub fn domain(&self) -> Option<&str> {
        match &self.0 {
            Inner::Id(_) => None,
            Inner::Domain(d) => Some(d),
        }
    }
}
string_value!(Tenant, TenantError);
