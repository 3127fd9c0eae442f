//! Key Vault references ("Key Vault parameters") and their certificate and
//! secret entries.
//!
//! A reference names a vault by URI; its entries name objects inside that
//! vault (never their values). A certificate chain is an entry whose members
//! are other Certificate-type entries of the same reference, root first.

use serde::{Deserialize, Serialize};

use super::Id;
use crate::values::{Description, KeyVaultUri, Name, SecretName};

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
    pub(crate) uri: KeyVaultUri,
    pub(crate) certificates: Vec<CertificateEntry>,
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
    pub fn uri(&self) -> &KeyVaultUri {
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
    /// The input that would recreate this reference's own fields (for an
    /// edit form).
    pub fn input(&self) -> KeyVaultReferenceInput {
        KeyVaultReferenceInput {
            name: self.name.clone(),
            description: self.description.clone(),
            uri: self.uri.clone(),
        }
    }
}

/// What kind of Key Vault object an entry names, as the Type field offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum EntryType {
    Secret,
    Certificate,
    CertificateChain,
}

impl EntryType {
    pub const ALL: [EntryType; 3] = [
        EntryType::Secret,
        EntryType::Certificate,
        EntryType::CertificateChain,
    ];

    /// The label RCS shows in the Type field.
    pub fn label(self) -> &'static str {
        match self {
            EntryType::Secret => "Secret",
            EntryType::Certificate => "Certificate",
            EntryType::CertificateChain => "Certificate chain",
        }
    }

    /// The value the publish contract uses (`secret`, `certificate`,
    /// `certificateChain`).
    pub fn wire(self) -> &'static str {
        match self {
            EntryType::Secret => "secret",
            EntryType::Certificate => "certificate",
            EntryType::CertificateChain => "certificateChain",
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

/// An entry's type together with what only that type carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "type")]
pub enum EntryKind {
    Secret,
    Certificate,
    /// Members are Certificate-type entries of the same reference, in order:
    /// root first, intermediates, end-entity certificate last.
    CertificateChain {
        members: Vec<Id>,
    },
}

impl EntryKind {
    /// A fresh entry of this type (a chain starts with no members).
    pub fn new(entry_type: EntryType) -> EntryKind {
        match entry_type {
            EntryType::Secret => EntryKind::Secret,
            EntryType::Certificate => EntryKind::Certificate,
            EntryType::CertificateChain => EntryKind::CertificateChain {
                members: Vec::new(),
            },
        }
    }

    pub fn entry_type(&self) -> EntryType {
        match self {
            EntryKind::Secret => EntryType::Secret,
            EntryKind::Certificate => EntryType::Certificate,
            EntryKind::CertificateChain { .. } => EntryType::CertificateChain,
        }
    }

    /// The chain's members, empty for other types.
    pub fn members(&self) -> &[Id] {
        match self {
            EntryKind::CertificateChain { members } => members,
            _ => &[],
        }
    }
}

/// The validated fields of a certificate or secret entry, as a form submits
/// them. A chain's members are set separately (they are ordered with
/// Up/Down after the chain exists).
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
    pub(crate) kind: EntryKind,
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
    pub fn kind(&self) -> &EntryKind {
        &self.kind
    }
    pub fn entry_type(&self) -> EntryType {
        self.kind.entry_type()
    }
}
