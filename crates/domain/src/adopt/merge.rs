//! Adding an environment the service holds: its Key Vault references
//! merged by name, then the environment itself, Published at the held
//! revision.
//!
//! A reference missing here is created with its entries and chains; one of
//! the same name (and, conflicts aside, the same URI) gains the entries and
//! chains it lacks. Everything goes through the workspace's own
//! operations, so every rule they keep holds, and new ids come from the
//! workspace's counter. Whatever this workspace has that differs from the
//! body without conflicting (a description, an extra entry, a name in
//! another case) stays as it is here: the environment then reads Changed,
//! and [`Added::differences`] says why, in the words of "Changes since
//! publish".

use std::collections::HashMap;

use super::conflict::Conflict;
use super::Incoming;
use crate::diff;
use crate::model::same_name as same;
use crate::model::{
    ApplicationInput, ChainInput, EntryInput, EnvironmentInput, Id, KeyVaultReference,
    KeyVaultReferenceInput, NumberSequenceInput, SecretRef, Workspace, WorkspaceError,
};

/// What adding one environment did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Added {
    /// The environment, in this workspace.
    pub environment: Id,
    /// Key Vault references that were not here and now are.
    pub created_references: Vec<String>,
    /// References that were here and gained entries or chains.
    pub extended_references: Vec<String>,
    /// How the environment here differs from what the service holds,
    /// without conflict (a reference's description, an entry it has more),
    /// one sentence each; the environment reads Changed when any.
    pub differences: Vec<String>,
}

/// What adding several environments did, in the order given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AddAll {
    /// Each environment added, by name.
    pub added: Vec<(String, Added)>,
    /// Each environment not added, by name, with every conflict.
    pub conflicted: Vec<(String, Vec<Conflict>)>,
}

const REFERENCE: &str = "Key Vault reference";

/// The ids of the side workspace's references and entries, here.
#[derive(Default)]
struct Ids(HashMap<Id, Id>);

impl Ids {
    fn get(&self, side: Id) -> Result<Id, WorkspaceError> {
        self.0
            .get(&side)
            .copied()
            .ok_or(WorkspaceError::NotFound { what: REFERENCE })
    }
}

impl Workspace {
    /// Adds the environment the service holds, merging its Key Vault
    /// references. Refused whole, the workspace unchanged, with every
    /// conflict when there is any.
    pub fn add_from_service(&mut self, incoming: &Incoming) -> Result<Added, Vec<Conflict>> {
        let conflicts = self.conflicts_with(incoming);
        if !conflicts.is_empty() {
            return Err(conflicts);
        }
        let before = self.clone();
        self.merge(incoming).map_err(|error| {
            *self = before;
            vec![Conflict::Refused {
                environment: incoming.name().to_owned(),
                error,
            }]
        })
    }

    /// Adds every environment without a conflict and lists the others, in
    /// order; each later one sees the references the earlier ones merged.
    pub fn add_all_from_service(&mut self, incoming: &[Incoming]) -> AddAll {
        let mut all = AddAll::default();
        for one in incoming {
            let name = one.name().to_owned();
            match self.add_from_service(one) {
                Ok(added) => all.added.push((name, added)),
                Err(conflicts) => all.conflicted.push((name, conflicts)),
            }
        }
        all
    }

    fn merge(&mut self, incoming: &Incoming) -> Result<Added, WorkspaceError> {
        let mut ids = Ids::default();
        let mut created_references = Vec::new();
        let mut extended_references = Vec::new();
        for there in incoming.key_vault_references() {
            match self
                .reference_by_name(there.name().as_str())
                .map(|r| r.id())
            {
                Some(here) => {
                    if self.merge_reference(here, there, &mut ids)? {
                        let name = self.reference(here).map(|r| r.name().to_string());
                        extended_references.extend(name);
                    }
                }
                None => {
                    let uri = there
                        .uri()
                        .valid()
                        .cloned()
                        .ok_or(WorkspaceError::NotFound { what: REFERENCE })?;
                    let here = self.add_reference(KeyVaultReferenceInput {
                        name: there.name().clone(),
                        description: there.description().clone(),
                        uri,
                    })?;
                    self.merge_reference(here, there, &mut ids)?;
                    created_references.push(there.name().to_string());
                }
            }
        }
        let environment = self.add_environment_of(incoming, &ids)?;
        let differences = diff::changes(self, environment)
            .iter()
            .map(ToString::to_string)
            .collect();
        Ok(Added {
            environment,
            created_references,
            extended_references,
            differences,
        })
    }

    /// Gives the reference `here` the entries and chains of `there` it
    /// lacks; whether it gained any.
    fn merge_reference(
        &mut self,
        here: Id,
        there: &KeyVaultReference,
        ids: &mut Ids,
    ) -> Result<bool, WorkspaceError> {
        ids.0.insert(there.id(), here);
        let mut grew = false;
        for entry in there.certificates() {
            let existing = self.reference(here).and_then(|r| {
                r.certificates()
                    .iter()
                    .find(|e| same(e.name().as_str(), entry.name().as_str()))
                    .map(|e| e.id())
            });
            let id = match existing {
                Some(id) => id,
                None => {
                    grew = true;
                    self.add_entry(
                        here,
                        EntryInput {
                            name: entry.name().clone(),
                            description: entry.description().clone(),
                            entry_type: entry.entry_type(),
                        },
                    )?
                }
            };
            ids.0.insert(entry.id(), id);
        }
        for chain in there.chains() {
            let exists = self.reference(here).is_some_and(|r| {
                r.chains()
                    .iter()
                    .any(|c| same(c.name().as_str(), chain.name().as_str()))
            });
            if exists {
                continue;
            }
            grew = true;
            let id = self.add_chain(
                here,
                ChainInput {
                    name: chain.name().clone(),
                    description: chain.description().clone(),
                },
            )?;
            let members = chain
                .members()
                .iter()
                .map(|m| ids.get(*m))
                .collect::<Result<Vec<_>, _>>()?;
            self.set_chain_members(here, id, members)?;
        }
        Ok(grew)
    }

    /// The environment itself, pointing at the merged references.
    fn add_environment_of(&mut self, incoming: &Incoming, ids: &Ids) -> Result<Id, WorkspaceError> {
        let env = incoming.environment();
        let id = self.add_environment(EnvironmentInput {
            name: env.name().clone(),
            description: env.description().clone(),
            dataverse_endpoint: env.dataverse_endpoint().cloned(),
        })?;
        if let Some(sas) = env.storage_sas_secret() {
            let secret = SecretRef {
                reference: ids.get(sas.reference)?,
                entry: ids.get(sas.entry)?,
            };
            self.set_storage_sas_secret(id, Some(secret))?;
        }
        let further = env
            .key_vault_references()
            .iter()
            .map(|r| ids.get(*r))
            .collect::<Result<Vec<_>, _>>()?;
        self.set_environment_references(id, further)?;
        // The side workspace's add_user kept them unique already.
        for user in env.users() {
            self.push_new_user(id, user.clone());
        }
        for app in env.applications() {
            self.add_application(
                id,
                ApplicationInput {
                    name: app.name().cloned(),
                    tenant_id: app.tenant_id().clone(),
                    lcs_environment_id: app.lcs_environment_id().clone(),
                    application_id: app.application_id().clone(),
                    object_id: app.object_id().clone(),
                    justification: app.justification().clone(),
                },
            )?;
        }
        for sequence in env.number_sequences() {
            let s = self.add_number_sequence(
                id,
                NumberSequenceInput {
                    name: sequence.name().clone(),
                    description: sequence.description().clone(),
                },
            )?;
            self.set_sequence_usage(id, s, sequence.in_use(), sequence.current())?;
        }
        if let Some(publication) = env.publication() {
            self.record_publication(id, publication.clone())?;
        }
        Ok(id)
    }
}
