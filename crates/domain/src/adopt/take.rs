//! "Take the service's": this workspace's side of one conflict made the
//! service's, through the workspace's own operations, so every rule they
//! keep still holds and their refusal is the administrator's answer (an
//! entry that is some environment's Storage SAS token secret cannot become
//! a Certificate; an entry in a chain cannot become a Secret).
//!
//! The change is shared: every environment here that carries the
//! reference sends it from then on, and those published read Changed.

use super::conflict::Conflict;
use super::Incoming;
use crate::model::same_name as same;
use crate::model::{
    EntryInput, Id, KeyVaultReference, KeyVaultReferenceInput, Workspace, WorkspaceError,
};

const REFERENCE: &str = "Key Vault reference";
const ENTRY: &str = "certificate or secret";
const CHAIN: &str = "chain of certificates";

fn not_found(what: &'static str) -> WorkspaceError {
    WorkspaceError::NotFound { what }
}

/// The service's reference of this name.
fn theirs<'i>(incoming: &'i Incoming, name: &str) -> Result<&'i KeyVaultReference, WorkspaceError> {
    incoming
        .key_vault_references()
        .iter()
        .find(|r| same(r.name().as_str(), name))
        .ok_or(not_found(REFERENCE))
}

impl Workspace {
    /// The reference here of this name.
    fn mine(&self, name: &str) -> Result<&KeyVaultReference, WorkspaceError> {
        self.reference_by_name(name).ok_or(not_found(REFERENCE))
    }

    /// Makes this workspace's side of `conflict` the service's: the
    /// reference's URI, the entry's Type, or the chain's members (entries
    /// it names that this reference lacks are added first). The workspace
    /// is unchanged when an operation refuses, and its typed error says
    /// why. An environment of the same name cannot be taken over here: it
    /// is refused with the error that says to choose another name.
    pub fn take_service_side(
        &mut self,
        incoming: &Incoming,
        conflict: &Conflict,
    ) -> Result<(), WorkspaceError> {
        let before = self.clone();
        let result = self.take(incoming, conflict);
        if result.is_err() {
            *self = before;
        }
        result
    }

    fn take(&mut self, incoming: &Incoming, conflict: &Conflict) -> Result<(), WorkspaceError> {
        match conflict {
            Conflict::ReferenceUri { reference, .. } => {
                let uri = theirs(incoming, reference)?
                    .uri()
                    .valid()
                    .cloned()
                    .ok_or(not_found(REFERENCE))?;
                let mine = self.mine(reference)?;
                let (id, name, description) =
                    (mine.id(), mine.name().clone(), mine.description().clone());
                self.update_reference(
                    id,
                    KeyVaultReferenceInput {
                        name,
                        description,
                        uri,
                    },
                )
            }
            Conflict::EntryType {
                reference, entry, ..
            } => {
                let their_type = theirs(incoming, reference)?
                    .certificates()
                    .iter()
                    .find(|e| same(e.name().as_str(), entry))
                    .ok_or(not_found(ENTRY))?
                    .entry_type();
                let mine = self.mine(reference)?;
                let found = mine
                    .certificates()
                    .iter()
                    .find(|e| same(e.name().as_str(), entry))
                    .ok_or(not_found(ENTRY))?;
                let (r, e) = (mine.id(), found.id());
                let input = EntryInput {
                    name: found.name().clone(),
                    description: found.description().clone(),
                    entry_type: their_type,
                };
                self.update_entry(r, e, input)
            }
            Conflict::ChainMembers {
                reference, chain, ..
            } => self.take_members(theirs(incoming, reference)?, reference, chain),
            Conflict::EnvironmentExists { here, .. } => {
                Err(WorkspaceError::DuplicateEnvironmentName { name: here.clone() })
            }
            Conflict::Refused { error, .. } => Err(error.clone()),
        }
    }

    /// The chain `chain` of `reference` made of the service's members, in
    /// its order.
    fn take_members(
        &mut self,
        there: &KeyVaultReference,
        reference: &str,
        chain: &str,
    ) -> Result<(), WorkspaceError> {
        let their_chain = there
            .chains()
            .iter()
            .find(|c| same(c.name().as_str(), chain))
            .ok_or(not_found(CHAIN))?;
        let names = there.member_names(their_chain.id());
        let mine = self.mine(reference)?;
        let r = mine.id();
        let c = mine
            .chains()
            .iter()
            .find(|c| same(c.name().as_str(), chain))
            .ok_or(not_found(CHAIN))?
            .id();
        let mut members: Vec<Id> = Vec::with_capacity(names.len());
        for name in &names {
            let existing = self
                .mine(reference)?
                .certificates()
                .iter()
                .find(|e| same(e.name().as_str(), name))
                .map(|e| e.id());
            let id = match existing {
                Some(id) => id,
                None => {
                    let entry = there
                        .certificates()
                        .iter()
                        .find(|e| same(e.name().as_str(), name))
                        .ok_or(not_found(ENTRY))?;
                    self.add_entry(
                        r,
                        EntryInput {
                            name: entry.name().clone(),
                            description: entry.description().clone(),
                            entry_type: entry.entry_type(),
                        },
                    )?
                }
            };
            members.push(id);
        }
        self.set_chain_members(r, c, members)
    }
}
