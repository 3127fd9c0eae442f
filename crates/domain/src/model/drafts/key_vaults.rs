//! The Key Vault parameters page's forms: a reference, a line of its
//! Certificates grid, and a chain of certificates.

use serde::{Deserialize, Serialize};

use super::{draft_fields, FieldErrors};
use crate::model::ids::Id;
use crate::model::key_vault::{ChainInput, EntryInput, EntryType, KeyVaultReferenceInput};
use crate::model::workspace::Workspace;
use crate::values::{Description, KeyVaultUri, Name, SecretName};

/// The Key Vault reference form: Name, Description, Key Vault URI.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct KeyVaultReferenceDraft {
    pub name: String,
    pub description: String,
    pub uri: String,
}

impl KeyVaultReferenceDraft {
    /// A draft holding a saved reference's values, for editing.
    pub fn of(ws: &Workspace, id: Id) -> Option<Self> {
        let r = ws.reference(id)?;
        Some(Self {
            name: r.name().to_string(),
            description: r.description().to_string(),
            uri: r.uri().to_string(),
        })
    }

    /// `editing`: the reference being edited, so its own name is not a
    /// duplicate of itself.
    pub fn check(
        &self,
        ws: &Workspace,
        editing: Option<Id>,
    ) -> Result<KeyVaultReferenceInput, FieldErrors<ReferenceFormField>> {
        let mut errors = FieldErrors::default();
        let name = errors.take(ReferenceFormField::Name, Name::parse(&self.name));
        if let Some(name) = &name {
            errors.rule(
                ReferenceFormField::Name,
                ws.check_reference_name(name.as_str(), editing),
            );
        }
        let description = errors.take(
            ReferenceFormField::Description,
            Description::parse(&self.description),
        );
        let uri = errors.take(ReferenceFormField::Uri, KeyVaultUri::parse(&self.uri));
        let input = (|| {
            Some(KeyVaultReferenceInput {
                name: name?,
                description: description?,
                uri: uri?,
            })
        })();
        errors.finish(input)
    }
}

draft_fields!(KeyVaultReferenceDraft, ReferenceFormField {
    /// Name.
    Name => name,
    /// Description.
    Description => description,
    /// Key Vault URI.
    Uri => uri,
});

/// The Certificates grid's line: Name, Description, Type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EntryDraft {
    pub name: String,
    pub description: String,
    pub entry_type: EntryType,
}

impl Default for EntryDraft {
    fn default() -> Self {
        Self {
            name: String::new(),
            description: String::new(),
            entry_type: EntryType::Secret,
        }
    }
}

impl EntryDraft {
    pub fn check(
        &self,
        ws: &Workspace,
        reference: Id,
        editing: Option<Id>,
    ) -> Result<EntryInput, FieldErrors<EntryFormField>> {
        let mut errors = FieldErrors::default();
        let name = errors.take(EntryFormField::Name, SecretName::parse(&self.name));
        if let (Some(name), Some(reference)) = (&name, ws.reference(reference)) {
            errors.rule(
                EntryFormField::Name,
                Workspace::check_entry_name(reference, name.as_str(), editing),
            );
        }
        let description = errors.take(
            EntryFormField::Description,
            Description::parse(&self.description),
        );
        let input = (|| {
            Some(EntryInput {
                name: name?,
                description: description?,
                entry_type: self.entry_type,
            })
        })();
        errors.finish(input)
    }
}

draft_fields!(EntryDraft, EntryFormField {
    /// Name (of the Key Vault secret or certificate).
    Name => name,
    /// Description.
    Description => description,
});

/// The Chain of certificates form: Name, Description (its members are added
/// and ordered once it exists).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChainDraft {
    pub name: String,
    pub description: String,
}

impl ChainDraft {
    /// A draft holding a saved chain's values, for editing.
    pub fn of(ws: &Workspace, reference: Id, chain: Id) -> Option<Self> {
        let chain = ws.reference(reference)?.chain(chain)?;
        Some(Self {
            name: chain.name().to_string(),
            description: chain.description().to_string(),
        })
    }

    /// `editing`: the chain being edited, so its own name is not a
    /// duplicate of itself.
    pub fn check(
        &self,
        ws: &Workspace,
        reference: Id,
        editing: Option<Id>,
    ) -> Result<ChainInput, FieldErrors<ChainFormField>> {
        let mut errors = FieldErrors::default();
        let name = errors.take(ChainFormField::Name, Name::parse(&self.name));
        if let (Some(name), Some(reference)) = (&name, ws.reference(reference)) {
            errors.rule(
                ChainFormField::Name,
                Workspace::check_chain_name(reference, name.as_str(), editing),
            );
        }
        let description = errors.take(
            ChainFormField::Description,
            Description::parse(&self.description),
        );
        let input = (|| {
            Some(ChainInput {
                name: name?,
                description: description?,
            })
        })();
        errors.finish(input)
    }
}

draft_fields!(ChainDraft, ChainFormField {
    /// Name.
    Name => name,
    /// Description.
    Description => description,
});
