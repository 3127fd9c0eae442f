//! Key Vault references ("Key Vault parameters") and their certificate and
//! secret entries.
//!
//! A reference names a vault by URI; its entries name objects inside that
//! vault (never their values), and its chains of certificates order some of
//! its Certificate entries, root first.

use serde::{Deserialize, Serialize};

use super::Id;
use crate::values::{Description, KeyVaultUri, KeyVaultUriError, Name, SecretName};

/// The validated fields of a Key Vault reference, as a form submits them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyVaultReferenceInput {
    pub name: Name,
    pub description: Description,
    pub uri: KeyVaultUri,
}

/// A Key Vault reference: a vault and the names of the objects in it that
/// the service may use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct KeyVaultReference {
    pub(crate) id: Id,
    pub(crate) name: Name,
    pub(crate) description: Description,
    pub(crate) uri: ReferenceUri,
    pub(crate) certificates: Vec<CertificateEntry>,
    /// The reference's chains of certificates.
    #[serde(default)]
    pub(crate) chains: Vec<CertificateChain>,
}

impl KeyVaultReference {
    pub fn id(&self) -> Id {
        self.id
    }
    pub fn name(&self) -> &Name {
        &self.name
    }
    pub fn description(&self) -> &Description {
        &self.description
    }
    pub fn uri(&self) -> &ReferenceUri {
        &self.uri
    }
    pub fn certificates(&self) -> &[CertificateEntry] {
        &self.certificates
    }
    pub fn entry(&self, id: Id) -> Option<&CertificateEntry> {
        self.certificates.iter().find(|e| e.id == id)
    }
    pub(crate) fn entry_mut(&mut self, id: Id) -> Option<&mut CertificateEntry> {
        self.certificates.iter_mut().find(|e| e.id == id)
    }
    pub fn chains(&self) -> &[CertificateChain] {
        &self.chains
    }
    pub fn chain(&self, id: Id) -> Option<&CertificateChain> {
        self.chains.iter().find(|c| c.id == id)
    }
    pub(crate) fn chain_mut(&mut self, id: Id) -> Option<&mut CertificateChain> {
        self.chains.iter_mut().find(|c| c.id == id)
    }
    /// The names of the chains that list `entry`.
    pub fn chains_with(&self, entry: Id) -> Vec<String> {
        self.chains
            .iter()
            .filter(|c| c.members.contains(&entry))
            .map(|c| c.name.to_string())
            .collect()
    }
    /// The names of `chain`'s members, root first (empty for no such
    /// chain).
    pub fn member_names(&self, chain: Id) -> Vec<String> {
        self.chain(chain)
            .map(|c| {
                c.members
                    .iter()
                    .filter_map(|m| self.entry(*m))
                    .map(|e| e.name.to_string())
                    .collect()
            })
            .unwrap_or_default()
    }
    /// The input that would recreate this reference's own fields (for an
    /// edit form).
    pub fn input(&self) -> Option<KeyVaultReferenceInput> {
        Some(KeyVaultReferenceInput {
            name: self.name.clone(),
            description: self.description.clone(),
            uri: self.uri.valid()?.clone(),
        })
    }
}

/// A reference's Key Vault URI as the workspace keeps it: valid, or written
/// before a rule that refuses it now (a Managed HSM's URI, refused since the
/// service can read no secret or certificate from one). Such a URI is kept
/// exactly as it was, shown marked on its reference, and blocks Publish of
/// the environments that carry the reference until it is corrected; it
/// never silently disappears. Only a draft stored by an earlier console can
/// hold one: the form, an imported file and the service refuse it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReferenceUri {
    Valid(KeyVaultUri),
    Refused {
        text: String,
        error: KeyVaultUriError,
    },
}

impl ReferenceUri {
    /// The URI as stored.
    pub fn as_str(&self) -> &str {
        match self {
            ReferenceUri::Valid(uri) => uri.as_str(),
            ReferenceUri::Refused { text, .. } => text,
        }
    }
    pub fn valid(&self) -> Option<&KeyVaultUri> {
        match self {
            ReferenceUri::Valid(uri) => Some(uri),
            ReferenceUri::Refused { .. } => None,
        }
    }
    /// Why the URI is refused today, when it is.
    pub fn refusal(&self) -> Option<&KeyVaultUriError> {
        match self {
            ReferenceUri::Valid(_) => None,
            ReferenceUri::Refused { error, .. } => Some(error),
        }
    }
}

impl From<KeyVaultUri> for ReferenceUri {
    fn from(uri: KeyVaultUri) -> ReferenceUri {
        ReferenceUri::Valid(uri)
    }
}

impl std::fmt::Display for ReferenceUri {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ReferenceUri {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Reads a stored URI: one a rule refuses since it was written is kept,
/// marked; any other refusal means the draft was damaged.
impl<'de> Deserialize<'de> for ReferenceUri {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        match KeyVaultUri::parse(&text) {
            Ok(uri) => Ok(ReferenceUri::Valid(uri)),
            Err(error @ KeyVaultUriError::ManagedHsm { .. }) => {
                Ok(ReferenceUri::Refused { text, error })
            }
            Err(e) => Err(serde::de::Error::custom(e)),
        }
    }
}

/// What kind of Key Vault object an entry names, as the Type field offers
/// (Microsoft Learn, "Customer certificates and secrets": "select
/// Certificate … Select Secret …"). A chain of certificates is not an entry
/// but an object of its own ([`CertificateChain`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum EntryType {
    Secret,
    Certificate,
}

impl EntryType {
    pub const ALL: [EntryType; 2] = [EntryType::Secret, EntryType::Certificate];

    /// The label RCS shows in the Type field.
    pub fn label(self) -> &'static str {
        match self {
            EntryType::Secret => "Secret",
            EntryType::Certificate => "Certificate",
        }
    }

    /// The value the publish contract uses (`secret`, `certificate`).
    pub fn wire(self) -> &'static str {
        match self {
            EntryType::Secret => "secret",
            EntryType::Certificate => "certificate",
        }
    }

    /// Parses either the label or the wire value (case-insensitive).
    pub fn parse(text: &str) -> Option<EntryType> {
        let text = text.trim();
        EntryType::ALL
            .into_iter()
            .find(|t| t.label().eq_ignore_ascii_case(text) || t.wire().eq_ignore_ascii_case(text))
    }
}

/// The validated fields of a certificate or secret entry, as a form submits
/// them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryInput {
    pub name: SecretName,
    pub description: Description,
    pub entry_type: EntryType,
}

/// One line of a reference's Certificates grid: the name of an object in the
/// vault, never its value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CertificateEntry {
    pub(crate) id: Id,
    pub(crate) name: SecretName,
    pub(crate) description: Description,
    #[serde(rename = "type")]
    pub(crate) entry_type: EntryType,
}

impl CertificateEntry {
    pub fn id(&self) -> Id {
        self.id
    }
    pub fn name(&self) -> &SecretName {
        &self.name
    }
    pub fn description(&self) -> &Description {
        &self.description
    }
    pub fn entry_type(&self) -> EntryType {
        self.entry_type
    }
}

/// The validated fields of a chain of certificates, as its form submits
/// them; the members are added, and ordered, once the chain exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainInput {
    pub name: Name,
    pub description: Description,
}

/// A chain of certificates, RCS's own object on the Key Vault parameters
/// page ("Chain of certificates … New … Name … Description … in the
/// Certificates section, select Add … Up or Down"): Certificate entries of
/// its reference, in order, the CA root first and the end-user certificate
/// last. Its name follows the console's general Name rule (it is not a Key
/// Vault object) and is unique among the reference's chains.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CertificateChain {
    pub(crate) id: Id,
    pub(crate) name: Name,
    pub(crate) description: Description,
    /// Certificate entries of the same reference, root first.
    pub(crate) members: Vec<Id>,
}

impl CertificateChain {
    pub fn id(&self) -> Id {
        self.id
    }
    pub fn name(&self) -> &Name {
        &self.name
    }
    pub fn description(&self) -> &Description {
        &self.description
    }
    /// The members, root first.
    pub fn members(&self) -> &[Id] {
        &self.members
    }
}
