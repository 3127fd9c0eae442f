//! The Key Vault URI of a Key Vault reference, `https://{vault}.{suffix}/`,
//! and the vault name inside it, checked against Azure's rules.
//!
//! Pasting a secret's full identifier (`…/secrets/{name}/{version}`) where
//! the vault URI belongs is a common mistake: it is refused with the vault
//! part offered instead. A Managed HSM (`{hsm}.managedhsm.azure.net`) is
//! refused too: "Managed HSM pools only support HSM-protected keys" (Azure
//! Key Vault, "About keys"), so it never holds the secrets and certificates
//! the Electronic invoicing service reads.

use core::fmt;

use serde::{Deserialize, Serialize};

use super::secret::{refuse_secret, SecretRefused};
use super::text::{quoted, quoted_char};
use super::url_parts::split;

/// The Azure cloud a vault lives in, told by the host's suffix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyVaultCloud {
    /// `vault.azure.net`
    Public,
    /// `vault.azure.cn`
    China,
    /// `vault.usgovcloudapi.net`
    UsGovernment,
    /// `vault.microsoftazure.de`: Microsoft Cloud Deutschland, retired;
    /// accepted with a warning.
    GermanyRetired,
}

impl KeyVaultCloud {
    /// Every cloud, in the order the messages list them.
    pub const ALL: [KeyVaultCloud; 4] = [
        KeyVaultCloud::Public,
        KeyVaultCloud::China,
        KeyVaultCloud::UsGovernment,
        KeyVaultCloud::GermanyRetired,
    ];

    /// The DNS suffix after the vault name, without a leading dot.
    pub const fn suffix(self) -> &'static str {
        match self {
            KeyVaultCloud::Public => "vault.azure.net",
            KeyVaultCloud::China => "vault.azure.cn",
            KeyVaultCloud::UsGovernment => "vault.usgovcloudapi.net",
            KeyVaultCloud::GermanyRetired => "vault.microsoftazure.de",
        }
    }

    /// The cloud's name, for an administrator.
    pub const fn name(self) -> &'static str {
        match self {
            KeyVaultCloud::Public => "Azure (global)",
            KeyVaultCloud::China => "Azure operated by 21Vianet (China)",
            KeyVaultCloud::UsGovernment => "Azure Government (US)",
            KeyVaultCloud::GermanyRetired => "Microsoft Cloud Deutschland (retired)",
        }
    }

    /// The cloud whose suffix ends `host` (lowercase), and the part before it.
    fn split_host(host: &str) -> Option<(Self, &str)> {
        Self::ALL.into_iter().find_map(|cloud| {
            let vault = host.strip_suffix(cloud.suffix())?.strip_suffix('.')?;
            Some((cloud, vault))
        })
    }
}

impl fmt::Display for KeyVaultCloud {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A vault name: 3–24 characters `0-9 a-z A-Z -`, starting
/// with a letter, ending with a letter or digit, no `--`. Stored lowercase.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct VaultName(String);

/// Why a [`VaultName`] was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VaultNameError {
    #[error(transparent)]
    Secret(#[from] SecretRefused),
    #[error("The vault name must be 3 to 24 characters; {} has {count}.", quoted(.value))]
    Length { value: String, count: usize },
    #[error("The vault name may contain only letters, digits and hyphens; {} contains {}.", quoted(.value), quoted_char(*.character))]
    BadCharacter { value: String, character: char },
    #[error("The vault name must start with a letter; {} starts with {}.", quoted(.value), quoted_char(*.first))]
    MustStartWithLetter { value: String, first: char },
    #[error("The vault name must end with a letter or a digit; {} ends with '-'.", quoted(.value))]
    MustEndWithLetterOrDigit { value: String },
    #[error("The vault name must not contain two hyphens in a row; {} does.", quoted(.value))]
    ConsecutiveHyphens { value: String },
}

impl VaultName {
    pub fn parse(input: &str) -> Result<Self, VaultNameError> {
        refuse_secret(input)?;
        let value = input.trim();
        let count = value.chars().count();
        if !(3..=24).contains(&count) {
            return Err(VaultNameError::Length {
                value: value.to_owned(),
                count,
            });
        }
        if let Some(character) = value
            .chars()
            .find(|&c| !(c.is_ascii_alphanumeric() || c == '-'))
        {
            return Err(VaultNameError::BadCharacter {
                value: value.to_owned(),
                character,
            });
        }
        let first = value.chars().next().unwrap_or('-');
        if !first.is_ascii_alphabetic() {
            return Err(VaultNameError::MustStartWithLetter {
                value: value.to_owned(),
                first,
            });
        }
        if value.ends_with('-') {
            return Err(VaultNameError::MustEndWithLetterOrDigit {
                value: value.to_owned(),
            });
        }
        if value.contains("--") {
            return Err(VaultNameError::ConsecutiveHyphens {
                value: value.to_owned(),
            });
        }
        Ok(Self(value.to_ascii_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}
string_value!(VaultName, VaultNameError);

/// A Key Vault URI, normalised to `https://{vault}.{suffix}/` with a
/// lowercase host.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct KeyVaultUri {
    uri: String,
    vault: VaultName,
    cloud: KeyVaultCloud,
}

/// Something accepted but worth telling the administrator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyVaultUriWarning {
    /// The vault is in Microsoft Cloud Deutschland (`vault.microsoftazure.de`).
    GermanyCloudRetired,
}

impl fmt::Display for KeyVaultUriWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyVaultUriWarning::GermanyCloudRetired => f.write_str(
                "This vault is in Microsoft Cloud Deutschland (vault.microsoftazure.de), which Microsoft has retired. \
                 Move the vault to a current Azure region and enter its new URI.",
            ),
        }
    }
}

const EXAMPLE: &str = "https://contoso-einvoicing.vault.azure.net/";

/// The host suffix of a Managed HSM pool (Azure Key Vault Managed HSM).
const MANAGED_HSM: &str = ".managedhsm.azure.net";

/// Why a [`KeyVaultUri`] was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyVaultUriError {
    #[error("Enter the Key Vault URI, for example https://contoso-einvoicing.vault.azure.net/")]
    Empty,
    #[error(transparent)]
    Secret(#[from] SecretRefused),
    #[error("The Key Vault URI must start with https://; {} has no scheme.{}", quoted(.value), did_you_mean(.suggestion.as_deref()))]
    MissingScheme {
        value: String,
        suggestion: Option<String>,
    },
    #[error("The Key Vault URI must start with https://; {} starts with {}://.", quoted(.value), .scheme)]
    NotHttps { value: String, scheme: String },
    #[error("The Key Vault URI must not contain a user name or password (text before '@'); {} does. Enter https://{{vault}}.vault.azure.net/.", quoted(.value))]
    UserInfo { value: String },
    #[error("The Key Vault URI must not name a port other than 443; {} names port {}. Remove the port.", quoted(.value), quoted(.port))]
    Port { value: String, port: String },
    #[error("The Key Vault URI's host may contain only letters, digits, hyphens and dots; {} contains {}.", quoted(.value), quoted_char(*.character))]
    HostCharacter { value: String, character: char },
    #[error(
        "{} is not a Key Vault host: the host must be {{vault}}.vault.azure.net, {{vault}}.vault.azure.cn, {{vault}}.vault.usgovcloudapi.net or {{vault}}.vault.microsoftazure.de. Copy the Vault URI from the vault's Overview page in the Azure portal.",
        quoted(.host)
    )]
    NotKeyVaultHost { value: String, host: String },
    #[error(
        "{} is a Managed HSM, not a key vault: a Managed HSM holds only HSM-protected keys, never the secrets and certificates the Electronic invoicing service reads. Enter the URI of the key vault that holds them instead, https://{{vault}}.vault.azure.net/ (the Vault URI on the vault's Overview page in the Azure portal).",
        quoted(.value)
    )]
    ManagedHsm { value: String },
    #[error(transparent)]
    VaultName(#[from] VaultNameError),
    #[error("{} is the identifier of a {object} in the vault, not the vault's URI. Enter only the vault part: {suggestion}", quoted(.value))]
    ObjectIdentifier {
        value: String,
        object: &'static str,
        suggestion: String,
    },
    #[error("The Key Vault URI must have no path after the host; {} has {}. Enter only https://{{vault}}.{{suffix}}/.", quoted(.value), quoted(.path))]
    Path { value: String, path: String },
    #[error("The Key Vault URI must not contain a query ('?…'); {} does. Remove everything from '?' on.", quoted(.value))]
    Query { value: String },
    #[error("The Key Vault URI must not contain a fragment ('#…'); {} does. Remove everything from '#' on.", quoted(.value))]
    Fragment { value: String },
}

fn did_you_mean(suggestion: Option<&str>) -> String {
    match suggestion {
        Some(s) => format!(" Did you mean {s}?"),
        None => format!(" For example {EXAMPLE}"),
    }
}

impl KeyVaultUriError {
    /// The corrected URI to offer, when there is one (missing scheme, or an
    /// object identifier pasted).
    pub fn suggestion(&self) -> Option<&str> {
        match self {
            KeyVaultUriError::MissingScheme { suggestion, .. } => suggestion.as_deref(),
            KeyVaultUriError::ObjectIdentifier { suggestion, .. } => Some(suggestion),
            _ => None,
        }
    }
}

impl KeyVaultUri {
    pub fn parse(input: &str) -> Result<Self, KeyVaultUriError> {
        let value = input.trim();
        if value.is_empty() {
            return Err(KeyVaultUriError::Empty);
        }
        refuse_secret(value)?;
        let parts = split(value);
        let owned = || value.to_owned();

        let Some(scheme) = parts.scheme else {
            let suggestion = match Self::parse(&format!("https://{value}")) {
                Ok(uri) => Some(uri.uri),
                Err(KeyVaultUriError::ObjectIdentifier { suggestion, .. }) => Some(suggestion),
                // No scheme is the lesser problem of a Managed HSM's URI.
                Err(KeyVaultUriError::ManagedHsm { .. }) => {
                    return Err(KeyVaultUriError::ManagedHsm { value: owned() })
                }
                Err(_) => None,
            };
            return Err(KeyVaultUriError::MissingScheme {
                value: owned(),
                suggestion,
            });
        };
        if !scheme.eq_ignore_ascii_case("https") {
            return Err(KeyVaultUriError::NotHttps {
                value: owned(),
                scheme: scheme.to_owned(),
            });
        }
        if parts.userinfo.is_some() {
            return Err(KeyVaultUriError::UserInfo { value: owned() });
        }
        if let Some(port) = parts.port {
            if port != "443" {
                return Err(KeyVaultUriError::Port {
                    value: owned(),
                    port: port.to_owned(),
                });
            }
        }

        let host = parts.host.to_ascii_lowercase();
        if host.ends_with(MANAGED_HSM) {
            return Err(KeyVaultUriError::ManagedHsm { value: owned() });
        }
        let Some((cloud, vault)) = KeyVaultCloud::split_host(&host) else {
            if let Some(character) = host
                .chars()
                .find(|&c| !(c.is_ascii_alphanumeric() || c == '-' || c == '.'))
            {
                return Err(KeyVaultUriError::HostCharacter {
                    value: owned(),
                    character,
                });
            }
            return Err(KeyVaultUriError::NotKeyVaultHost {
                value: owned(),
                host,
            });
        };
        let vault = VaultName::parse(vault)?;
        let uri = format!("https://{}.{}/", vault.as_str(), cloud.suffix());

        let mut segments = parts.path.split('/').filter(|s| !s.is_empty());
        if let Some(first) = segments.next() {
            let object = [
                ("secrets", "secret"),
                ("certificates", "certificate"),
                ("keys", "key"),
            ]
            .into_iter()
            .find(|(plural, _)| first.eq_ignore_ascii_case(plural));
            if let Some((_, object)) = object {
                return Err(KeyVaultUriError::ObjectIdentifier {
                    value: owned(),
                    object,
                    suggestion: uri,
                });
            }
        }
        if !parts.path.is_empty() && parts.path != "/" {
            return Err(KeyVaultUriError::Path {
                value: owned(),
                path: parts.path.to_owned(),
            });
        }
        if parts.query.is_some() {
            return Err(KeyVaultUriError::Query { value: owned() });
        }
        if parts.fragment.is_some() {
            return Err(KeyVaultUriError::Fragment { value: owned() });
        }
        Ok(Self { uri, vault, cloud })
    }

    /// `https://{vault}.{suffix}/`
    pub fn as_str(&self) -> &str {
        &self.uri
    }

    pub fn vault_name(&self) -> &VaultName {
        &self.vault
    }

    pub fn cloud(&self) -> KeyVaultCloud {
        self.cloud
    }

    /// What is accepted but should be told: a vault in the retired German
    /// cloud.
    pub fn warnings(&self) -> Vec<KeyVaultUriWarning> {
        match self.cloud {
            KeyVaultCloud::GermanyRetired => vec![KeyVaultUriWarning::GermanyCloudRetired],
            _ => Vec::new(),
        }
    }
}
string_value!(KeyVaultUri, KeyVaultUriError);
