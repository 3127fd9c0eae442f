//! Key Vault references, their certificate and secret entries, and the
//! chains among those entries.
//!
//! Entries are added before any chain is set, so a chain may name entries
//! listed after it. A reference whose name is taken or invalid is not
//! added; its entries are still checked against each other in a workspace
//! of their own.

use serde_json::Value;
use thiserror::Error;

use super::{placeholder, unnamed, unreadable, Builder};
use crate::file::{pointer, rule};
use crate::model::{EntryInput, EntryType, Id, KeyVaultReferenceInput, Workspace};
use crate::values::{quoted, Description, KeyVaultUri, Name, SecretName};

const REFERENCE_FIELDS: &[&str] = &["name", "description", "uri", "certificates"];
const ENTRY_FIELDS: &[&str] = &["name", "description", "type", "chain"];

/// An entry `type` that is none of the three.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("The type must be secret, certificate or certificateChain; {} is none of them.", quoted(.0))]
pub(super) struct UnknownEntryType(String);

/// The wire value (`certificateChain`) or the label RCS shows
/// (`Certificate chain`), case-insensitive.
pub(super) fn entry_type(text: &str) -> Result<EntryType, UnknownEntryType> {
    EntryType::parse(text).ok_or_else(|| UnknownEntryType(text.to_owned()))
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
        let at = obj.at("certificates");
        match added {
            Some(id) => {
                if unreadable(&obj, "certificates", certificates.len())
                    || certificates.iter().any(unnamed)
                {
                    self.unread.entries_of.insert(id);
                }
                self.entries(ws, id, certificates, &at, true);
            }
            None => {
                let mut alone = Workspace::new();
                let id = alone
                    .add_reference(input)
                    .expect("an empty workspace takes any reference");
                self.entries(&mut alone, id, certificates, &at, false);
            }
        }
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
        let mut chains = Vec::new();
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
            let id = match (name, entry_type) {
                (Some(name), Some(entry_type)) => match ws.add_entry(
                    reference,
                    EntryInput {
                        name,
                        description: description.unwrap_or_default(),
                        entry_type,
                    },
                ) {
                    Ok(id) => Some(id),
                    Err(e) => {
                        self.refused(obj.pointer(), e);
                        None
                    }
                },
                (Some(name), None) => {
                    if main {
                        self.unread.untyped.insert((reference, name.key()));
                    }
                    None
                }
                (None, _) => None,
            };
            if let Some(chain) = obj.get("chain") {
                chains.push((id, chain, obj.at("chain")));
            }
        }
        for (id, chain, at) in chains {
            self.chain(ws, reference, id, chain, &at, main);
        }
    }

    /// A chain's members: each name resolved within the reference, then
    /// judged by `set_chain_members` on its own (a Certificate of the same
    /// reference) and, when repeated, as a repeat, so every bad member is
    /// reported at its place; then the good ones are set in order.
    fn chain(
        &mut self,
        ws: &mut Workspace,
        reference: Id,
        chain: Option<Id>,
        value: &Value,
        at: &str,
        main: bool,
    ) {
        let Some(items) = self.r.array(value, at) else {
            return;
        };
        let mut members = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let p = pointer::index(at, i);
            let Some(text) = self.r.string(item, &p) else {
                continue;
            };
            let Some(name) = self.r.check(&p, rule::SECRET_NAME, SecretName::parse(text)) else {
                continue;
            };
            let Some(r) = ws.reference(reference) else {
                continue;
            };
            match r
                .certificates()
                .iter()
                .find(|e| e.name().eq_ignore_case(&name))
            {
                Some(entry) => members.push((p, entry.id())),
                None if main && self.unread.may_hold(reference, name.key()) => {}
                None => {
                    let message = format!(
                        "Key Vault reference {} has no entry named {}. A chain's members are Certificate entries of the same reference, root first.",
                        quoted(r.name().as_str()),
                        quoted(name.as_str())
                    );
                    self.r.report(p, rule::CHAIN_MEMBER, message);
                }
            }
        }
        let Some(chain) = chain else {
            return;
        };
        if ws.set_chain_members(reference, chain, Vec::new()).is_err() {
            if let Some(entry) = ws.reference(reference).and_then(|r| r.entry(chain)) {
                let message = format!(
                    "Only an entry of type certificateChain has a \"chain\"; {} is of type {}. Remove \"chain\", or make the type certificateChain.",
                    quoted(entry.name().as_str()),
                    entry.entry_type().wire()
                );
                self.r.report(at, rule::CHAIN_MEMBER, message);
            }
            return;
        }
        let mut accepted: Vec<Id> = Vec::new();
        for (p, id) in members {
            let trial = if accepted.contains(&id) {
                vec![id, id]
            } else {
                vec![id]
            };
            match ws.set_chain_members(reference, chain, trial) {
                Ok(()) => accepted.push(id),
                Err(e) => self.refused(&p, e),
            }
        }
        if let Err(e) = ws.set_chain_members(reference, chain, accepted) {
            self.refused(at, e);
        }
    }
}
