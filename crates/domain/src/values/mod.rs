//! Validated newtypes: every value an administrator types goes through one of
//! these constructors, which trims, normalises and refuses what Azure or the
//! Electronic invoicing service would refuse later (or what must never be
//! stored, such as a SAS token), with an error naming the rule that failed.
//!
//! Each type's field is private; `parse` (also `FromStr`, `TryFrom`, serde)
//! is the only way in, so holding a value proves it is valid. Normalisation
//! is idempotent: `X::parse(x.as_str()) == Ok(x)`.

/// Implements the conversions every string newtype shares, on top of its
/// `parse(&str) -> Result<Self, $err>` and `as_str(&self) -> &str`.
///
/// `string_value!(T, E, checked)` is for the values read by the ten
/// thousand (User ID, Email): their type has `checked(&str) -> Result<&str,
/// E>`, the trimmed text once valid, so a value read from a file or a
/// stored draft keeps the `String` serde already made when trimming left it
/// as it was, instead of copying it; and it is written as the string it
/// holds, without the copy serde's `into = "String"` makes first.
macro_rules! string_value {
    ($ty:ident, $err:ty, checked) => {
        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl ::core::convert::TryFrom<String> for $ty {
            type Error = $err;
            fn try_from(input: String) -> Result<Self, Self::Error> {
                let value = Self::checked(&input)?;
                if value.len() == input.len() {
                    Ok(Self(input))
                } else {
                    Ok(Self(value.to_owned()))
                }
            }
        }
        $crate::values::string_value!(@shared $ty, $err);
    };
    ($ty:ident, $err:ty) => {
        impl ::core::convert::TryFrom<String> for $ty {
            type Error = $err;
            fn try_from(input: String) -> Result<Self, Self::Error> {
                Self::parse(&input)
            }
        }
        $crate::values::string_value!(@shared $ty, $err);
    };
    (@shared $ty:ident, $err:ty) => {
        impl ::core::str::FromStr for $ty {
            type Err = $err;
            fn from_str(input: &str) -> Result<Self, Self::Err> {
                Self::parse(input)
            }
        }

        impl<'a> ::core::convert::TryFrom<&'a str> for $ty {
            type Error = $err;
            fn try_from(input: &'a str) -> Result<Self, Self::Error> {
                Self::parse(input)
            }
        }

        impl From<$ty> for String {
            fn from(value: $ty) -> String {
                value.as_str().to_owned()
            }
        }

        impl ::core::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl AsRef<str> for $ty {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }
    };
}
pub(crate) use string_value;

mod app_url;
mod dataverse;
mod dns;
mod endpoint;
mod guid;
mod identifier;
mod key_vault_uri;
mod object_name;
mod search;
mod secret;
mod tenant;
mod text;
mod timeout;
mod url_parts;
mod user;
mod user_shapes;

pub use app_url::{ApplicationUrl, ApplicationUrlError};
pub use dataverse::{DataverseUri, DataverseUriError};
pub use dns::DnsNameError;
pub use endpoint::{
    catalogue, EndpointError, EndpointUrl, EndpointUrlError, Geography, ServiceEndpoint,
    GEOGRAPHIES, LOCAL_DEVELOPMENT_URL, SERVICE_APPLICATION_ID,
};
pub use guid::{Guid, GuidError};
pub use identifier::{EnvironmentName, EnvironmentNameError, SequenceName, SequenceNameError};
pub use key_vault_uri::{
    KeyVaultCloud, KeyVaultUri, KeyVaultUriError, KeyVaultUriWarning, VaultName, VaultNameError,
};
pub use object_name::{SecretName, SecretNameError};
pub(crate) use search::contains_ignore_case;
pub use secret::{refuse_secret, SecretKind, SecretRefused};
pub use tenant::{Tenant, TenantError};
pub use text::is_hidden_control;
pub(crate) use text::shown;
pub use text::{
    quoted, Description, DescriptionError, Justification, JustificationError, Name, NameError,
};
pub use timeout::{RequestTimeout, RequestTimeoutError};
pub use url_parts::{percent_decode, split, PathError, UrlParts};
pub use user::{Email, EmailError, UserId, UserIdError};
