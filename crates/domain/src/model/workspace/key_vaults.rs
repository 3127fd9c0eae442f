//! Key Vault references, their certificate and secret entries, and their
//! chains of certificates: every operation keeps names unique within their
//! reference, and refuses to delete or retype an entry an environment or a
//! chain still uses. Objects point at each other by id, so a rename carries
//! through to every chain and environment.

use super::{find_mut, name_taken, Workspace};
use super::{Direction, SecretChoice};
use super::{CHAIN, ENTRY, REFERENCE};
use crate::model::environment::SecretRef;
use crate::model::error::WorkspaceError;
use crate::model::ids::Id;
use crate::model::key_vault::{
    CertificateChain, CertificateEntry, ChainInput, EntryInput, EntryType, KeyVaultReference,
    KeyVaultReferenceInput,
};

impl Workspace {
    /// The entry a secret reference points at, with its reference.
    pub fn resolve(&self, secret: SecretRef) -> Option<(&KeyVaultReference, &CertificateEntry)> {
        let reference = self.reference(secret.reference)?;
        Some((reference, reference.entry(secret.entry)?))
    }

    /// Every Secret-type entry of every reference, for the Storage SAS token
    /// secret field.
    pub fn secret_choices(&self) -> Vec<SecretChoice> {
        self.key_vault_references
            .iter()
            .flat_map(|r| {
                r.certificates
                    .iter()
                    .filter(|e| e.entry_type() == EntryType::Secret)
                    .map(move |e| SecretChoice {
                        secret: SecretRef {
                            reference: r.id,
                            entry: e.id,
                        },
                        label: format!("{}/{}", r.name, e.name),
                    })
            })
            .collect()
    }

    /// Names of the environments whose SAS secret is this entry.
    pub fn environments_using_entry(&self, reference: Id, entry: Id) -> Vec<String> {
        self.environments
            .iter()
            .filter(|e| e.storage_sas_secret == Some(SecretRef { reference, entry }))
            .map(|e| e.name.to_string())
            .collect()
    }

    /// Names of the environments whose payload carries this reference.
    pub fn environments_using_reference(&self, reference: Id) -> Vec<String> {
        self.environments
            .iter()
            .filter(|e| e.used_references().contains(&reference))
            .map(|e| e.name.to_string())
            .collect()
    }

    pub(crate) fn check_reference_name(
        &self,
        name: &str,
        except: Option<Id>,
    ) -> Result<(), WorkspaceError> {
        if name_taken(&self.key_vault_references, name, except) {
            return Err(WorkspaceError::DuplicateReferenceName { name: name.into() });
        }
        Ok(())
    }

    fn reference_mut(&mut self, id: Id) -> Result<&mut KeyVaultReference, WorkspaceError> {
        find_mut(&mut self.key_vault_references, id, REFERENCE)
    }

    fn existing_reference(&self, id: Id) -> Result<&KeyVaultReference, WorkspaceError> {
        self.reference(id)
            .ok_or(WorkspaceError::NotFound { what: REFERENCE })
    }

    pub fn add_reference(&mut self, input: KeyVaultReferenceInput) -> Result<Id, WorkspaceError> {
        self.check_reference_name(input.name.as_str(), None)?;
        let id = self.fresh_id();
        self.key_vault_references.push(KeyVaultReference {
            id,
            name: input.name,
            description: input.description,
            uri: input.uri.into(),
            certificates: Vec::new(),
            chains: Vec::new(),
        });
        Ok(id)
    }

    /// Changes a reference's own fields. Environments that carry it see the
    /// change (and become Changed if published).
    pub fn update_reference(
        &mut self,
        id: Id,
        input: KeyVaultReferenceInput,
    ) -> Result<(), WorkspaceError> {
        self.check_reference_name(input.name.as_str(), Some(id))?;
        let reference = self.reference_mut(id)?;
        reference.name = input.name;
        reference.description = input.description;
        reference.uri = input.uri.into();
        Ok(())
    }

    /// Deletes a reference no environment uses.
    pub fn delete_reference(&mut self, id: Id) -> Result<(), WorkspaceError> {
        let reference = self.existing_reference(id)?;
        let environments = self.environments_using_reference(id);
        if !environments.is_empty() {
            return Err(WorkspaceError::ReferenceInUse {
                reference: reference.name.to_string(),
                environments,
            });
        }
        self.key_vault_references.retain(|r| r.id != id);
        Ok(())
    }

    // ----- entries ---------------------------------------------------------

    pub(crate) fn check_entry_name(
        reference: &KeyVaultReference,
        name: &str,
        except: Option<Id>,
    ) -> Result<(), WorkspaceError> {
        if name_taken(&reference.certificates, name, except) {
            return Err(WorkspaceError::DuplicateEntryName {
                reference: reference.name.to_string(),
                name: name.into(),
            });
        }
        Ok(())
    }

    pub fn add_entry(&mut self, reference: Id, input: EntryInput) -> Result<Id, WorkspaceError> {
        Self::check_entry_name(
            self.existing_reference(reference)?,
            input.name.as_str(),
            None,
        )?;
        let id = self.fresh_id();
        self.reference_mut(reference)?
            .certificates
            .push(CertificateEntry {
                id,
                name: input.name,
                description: input.description,
                entry_type: input.entry_type,
            });
        Ok(id)
    }

    /// Why `entry` cannot change Type or go: it is a SAS secret, or a chain
    /// member.
    fn entry_in_use(
        &self,
        reference: &KeyVaultReference,
        entry: &CertificateEntry,
    ) -> Option<WorkspaceError> {
        let environments = self.environments_using_entry(reference.id, entry.id);
        if !environments.is_empty() {
            return Some(WorkspaceError::EntryInUse {
                entry: entry.name.to_string(),
                environments,
            });
        }
        let chains = reference.chains_with(entry.id);
        (!chains.is_empty()).then(|| WorkspaceError::EntryInChain {
            entry: entry.name.to_string(),
            chains,
        })
    }

    /// Changes an entry. A rename carries through to every environment and
    /// chain that uses it; a change of Type is refused while the entry is a
    /// SAS secret (must stay Secret) or a chain member (must stay
    /// Certificate).
    pub fn update_entry(
        &mut self,
        reference: Id,
        entry: Id,
        input: EntryInput,
    ) -> Result<(), WorkspaceError> {
        let current = self.existing_reference(reference)?;
        Self::check_entry_name(current, input.name.as_str(), Some(entry))?;
        let old = current
            .entry(entry)
            .ok_or(WorkspaceError::NotFound { what: ENTRY })?;
        if old.entry_type != input.entry_type {
            if let Some(refused) = self.entry_in_use(current, old) {
                return Err(refused);
            }
        }
        let target = self
            .reference_mut(reference)?
            .entry_mut(entry)
            .ok_or(WorkspaceError::NotFound { what: ENTRY })?;
        target.entry_type = input.entry_type;
        target.name = input.name;
        target.description = input.description;
        Ok(())
    }

    /// Deletes an entry that is neither a SAS secret nor a chain member.
    pub fn delete_entry(&mut self, reference: Id, entry: Id) -> Result<(), WorkspaceError> {
        let current = self.existing_reference(reference)?;
        let old = current
            .entry(entry)
            .ok_or(WorkspaceError::NotFound { what: ENTRY })?;
        if let Some(refused) = self.entry_in_use(current, old) {
            return Err(refused);
        }
        self.reference_mut(reference)?
            .certificates
            .retain(|e| e.id != entry);
        Ok(())
    }

    // ----- chains of certificates -----------------------------------------

    pub(crate) fn check_chain_name(
        reference: &KeyVaultReference,
        name: &str,
        except: Option<Id>,
    ) -> Result<(), WorkspaceError> {
        if name_taken(&reference.chains, name, except) {
            return Err(WorkspaceError::DuplicateChainName {
                reference: reference.name.to_string(),
                name: name.into(),
            });
        }
        Ok(())
    }

    /// Adds a chain of certificates to `reference`, with no members yet.
    pub fn add_chain(&mut self, reference: Id, input: ChainInput) -> Result<Id, WorkspaceError> {
        Self::check_chain_name(
            self.existing_reference(reference)?,
            input.name.as_str(),
            None,
        )?;
        let id = self.fresh_id();
        self.reference_mut(reference)?
            .chains
            .push(CertificateChain {
                id,
                name: input.name,
                description: input.description,
                members: Vec::new(),
            });
        Ok(id)
    }

    /// Renames or re-describes a chain; its members stay.
    pub fn update_chain(
        &mut self,
        reference: Id,
        chain: Id,
        input: ChainInput,
    ) -> Result<(), WorkspaceError> {
        Self::check_chain_name(
            self.existing_reference(reference)?,
            input.name.as_str(),
            Some(chain),
        )?;
        let target = self
            .reference_mut(reference)?
            .chain_mut(chain)
            .ok_or(WorkspaceError::NotFound { what: CHAIN })?;
        target.name = input.name;
        target.description = input.description;
        Ok(())
    }

    /// Deletes a chain (its members, entries of the reference, stay).
    pub fn delete_chain(&mut self, reference: Id, chain: Id) -> Result<(), WorkspaceError> {
        let target = self.reference_mut(reference)?;
        if target.chain(chain).is_none() {
            return Err(WorkspaceError::NotFound { what: CHAIN });
        }
        target.chains.retain(|c| c.id != chain);
        Ok(())
    }

    /// Sets a chain's members, in order (root first). Each must be a
    /// Certificate-type entry of the same reference, listed once.
    pub fn set_chain_members(
        &mut self,
        reference: Id,
        chain: Id,
        members: Vec<Id>,
    ) -> Result<(), WorkspaceError> {
        let current = self.existing_reference(reference)?;
        let target = current
            .chain(chain)
            .ok_or(WorkspaceError::NotFound { what: CHAIN })?;
        let invalid = |member: String, reason: &'static str| WorkspaceError::InvalidChainMember {
            chain: target.name.to_string(),
            member,
            reason,
        };
        for (i, member) in members.iter().enumerate() {
            let Some(entry) = current.entry(*member) else {
                return Err(invalid(
                    format!("#{member}"),
                    "members must be certificates of the same Key Vault reference",
                ));
            };
            if entry.entry_type != EntryType::Certificate {
                return Err(invalid(
                    entry.name.to_string(),
                    "a chain's members must be entries of Type Certificate",
                ));
            }
            if members[..i].contains(member) {
                return Err(invalid(
                    entry.name.to_string(),
                    "it is already in the chain",
                ));
            }
        }
        self.reference_mut(reference)?
            .chain_mut(chain)
            .ok_or(WorkspaceError::NotFound { what: CHAIN })?
            .members = members;
        Ok(())
    }

    /// Adds a Certificate entry at the end of a chain (the end-user
    /// certificate's place; Up moves it towards the root).
    pub fn add_chain_member(
        &mut self,
        reference: Id,
        chain: Id,
        member: Id,
    ) -> Result<(), WorkspaceError> {
        let mut members = self.chain_members(reference, chain)?;
        members.push(member);
        self.set_chain_members(reference, chain, members)
    }

    /// Takes one member out of a chain.
    pub fn remove_chain_member(
        &mut self,
        reference: Id,
        chain: Id,
        member: Id,
    ) -> Result<(), WorkspaceError> {
        let mut members = self.chain_members(reference, chain)?;
        members.retain(|m| *m != member);
        self.set_chain_members(reference, chain, members)
    }

    /// Moves one member of a chain one place up (towards the root) or down.
    /// Moving past either end leaves the order as it is.
    pub fn move_chain_member(
        &mut self,
        reference: Id,
        chain: Id,
        member: Id,
        direction: Direction,
    ) -> Result<(), WorkspaceError> {
        let mut members = self.chain_members(reference, chain)?;
        let at = members
            .iter()
            .position(|m| *m == member)
            .ok_or(WorkspaceError::NotFound { what: ENTRY })?;
        let to = match direction {
            Direction::Up => at.checked_sub(1),
            Direction::Down => Some(at + 1).filter(|t| *t < members.len()),
        };
        if let Some(to) = to {
            members.swap(at, to);
        }
        self.set_chain_members(reference, chain, members)
    }

    fn chain_members(&self, reference: Id, chain: Id) -> Result<Vec<Id>, WorkspaceError> {
        Ok(self
            .existing_reference(reference)?
            .chain(chain)
            .ok_or(WorkspaceError::NotFound { what: CHAIN })?
            .members
            .clone())
    }
}
