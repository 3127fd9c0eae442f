//! Key Vault references and their certificate and secret entries; their
//! chains of certificates are read in [`super::chains`].
//!
//! Entries are added before any chain, so a chain names entries of the
//! reference wherever they are listed. A reference whose name is taken or
//! invalid is not added; its entries and chains are still checked against
//! each other in a workspace of their own.

use serde_json::Value;
use thiserror::Error;

use super::{placeholder, unnamed, unreadable, Builder};
use crate::file::migration::is_chain_type;
use crate::file::{pointer, rule};
use crate::model::{EntryInput, EntryType, Id, KeyVaultReferenceInput, Workspace};
use crate::values::{quoted, Description, KeyVaultUri, Name, SecretName};

const REFERENCE_FIELDS: &[&str] = &[
    "name",
    "description",
    "uri",
    "certificates",
    "certificateChains",
];
const ENTRY_FIELDS: &[&str] = &["name", "description", "type"];

/// Why an entry's `type` was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub(super) enum EntryTypeError {
    #[error("The type must be secret or certificate; {} is neither. A chain of certificates is not an entry: list it under the reference's certificateChains.", quoted(.0))]
    Unknown(String),
    #[error("{} is no longer a type of entry: since workspace file version 2 a chain of certificates is listed under its reference's certificateChains, as {{\"name\", \"description\", \"certificates\": [its members, root first]}}. Move it there, or make the file's version 1 if it is written in version 1's shape.", quoted(.0))]
    Chain(String),
}

/// The wire value (`certificate`) or the label RCS shows (`Certificate`),
/// case-insensitive.
pub(super) fn entry_type(text: &str) -> Result<EntryType, EntryTypeError> {
    EntryType::parse(text).ok_or_else(|| {
        if is_chain_type(text) {
            EntryTypeError::Chain(text.to_owned())
        } else {
            EntryTypeError::Unknown(text.to_owned())
        }
    })
}

impl Builder {
    pub(super) fn reference(&mut self, ws: &mut Workspace, value: &Value, at: String) {
        let Some(obj) = self
            .r
            .object(value, at, "Key Vault reference", REFERENCE_FIELDS)
        else {
            return;
        };
        let name = self.r.parse(&obj, "name", rule::NAME, Name::parse);
        let description = self.r.parse_or(
            &obj,
            "description",
            rule::DESCRIPTION,
            Description::parse,
            Description::empty,
        );
        let uri = self
            .r
            .parse(&obj, "uri", rule::KEY_VAULT_URI, KeyVaultUri::parse);
        let input = KeyVaultReferenceInput {
            name: name.clone().unwrap_or_else(placeholder::name),
            description: description.unwrap_or_default(),
            uri: uri.unwrap_or_else(placeholder::key_vault_uri),
        };
        let added = match name {
            Some(_) => match ws.add_reference(input.clone()) {
                Ok(id) => Some(id),
                Err(e) => {
                    self.refused(obj.pointer(), e);
                    None
                }
            },
            None => None,
        };
        let certificates = self.r.list(&obj, "certificates");
        let mut alone = Workspace::new();
        let (ws, id, main) = match added {
            Some(id) => {
                if unreadable(&obj, "certificates", certificates.len())
                    || certificates.iter().any(unnamed)
                {
                    self.unread.entries_of.insert(id);
                }
                (ws, id, true)
            }
            None => {
                let id = alone
                    .add_reference(input)
                    .expect("an empty workspace takes any reference");
                (&mut alone, id, false)
            }
        };
        self.entries(ws, id, certificates, &obj.at("certificates"), main);
        let chains = self.r.list(&obj, "certificateChains");
        self.chains(ws, id, chains, &obj.at("certificateChains"), main);
    }

    /// `main`: whether `ws` is the workspace being built (not one of a
    /// reference on its own, whose ids mean nothing outside it).
    fn entries(
        &mut self,
        ws: &mut Workspace,
        reference: Id,
        items: &[Value],
        at: &str,
        main: bool,
    ) {
        for (i, item) in items.iter().enumerate() {
            let Some(obj) = self.r.object(
                item,
                pointer::index(at, i),
                "certificate or secret",
                ENTRY_FIELDS,
            ) else {
                continue;
            };
            let name = self
                .r
                .parse(&obj, "name", rule::SECRET_NAME, SecretName::parse);
            let description = self.r.parse_or(
                &obj,
                "description",
                rule::DESCRIPTION,
                Description::parse,
                Description::empty,
            );
            let entry_type = self.r.parse(&obj, "type", rule::ENTRY_TYPE, entry_type);
            match (name, entry_type) {
                (Some(name), Some(entry_type)) => {
                    let input = EntryInput {
                        name,
                        description: description.unwrap_or_default(),
                        entry_type,
                    };
                    if let Err(e) = ws.add_entry(reference, input) {
                        self.refused(obj.pointer(), e);
                    }
                }
                (Some(name), None) if main => {
                    self.unread.untyped.insert((reference, name.key()));
                }
                _ => {}
            }
        }
    }
}
