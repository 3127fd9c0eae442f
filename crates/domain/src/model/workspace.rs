//! The workspace: every Key Vault reference, service environment and
//! connected application of one administrator, plus the settings.
//!
//! Its operations are the only way to change the model, and each one keeps
//! the cross-object rules: case-insensitive uniqueness of names, the Storage
//! SAS token secret pointing at a Secret-type entry, chain members being
//! certificates of the same reference, and nothing in use being deleted.
//! Renames need no special care: objects point at each other by [`Id`].

use serde::{Deserialize, Serialize};

use super::connected_app::{ConnectedApplication, ConnectedApplicationInput, FinanceValues};
use super::environment::{
    Application, ApplicationInput, EnvironmentInput, NumberSequence, NumberSequenceInput,
    Publication, SecretRef, ServiceEnvironment, User,
};
use super::error::WorkspaceError;
use super::ids::Id;
use super::key_vault::KeyVaultReferenceInput;
use super::key_vault::{CertificateEntry, EntryInput, EntryKind, EntryType, KeyVaultReference};
use super::problems::{EnvironmentField, Problem};
use crate::payload::{self, EnvironmentPayload};
use crate::status::{self, Status};
use crate::values::{Email, Guid, RequestTimeout, ServiceEndpoint, UserId};

/// Case-insensitive comparison of names (Key Vault and the service compare
/// identifiers without regard to case).
pub(crate) fn same_name(a: &str, b: &str) -> bool {
    a.to_lowercase() == b.to_lowercase()
}

/// What the uniqueness rules and lookups by id need of an object.
pub(crate) trait Named {
    fn id(&self) -> Id;
    fn name(&self) -> &str;
}

macro_rules! named {
    ($($ty:ty),*) => {$(
        impl Named for $ty {
            fn id(&self) -> Id {
                self.id
            }
            fn name(&self) -> &str {
                self.name.as_str()
            }
        }
    )*};
}
named!(
    KeyVaultReference,
    CertificateEntry,
    ServiceEnvironment,
    NumberSequence,
    ConnectedApplication
);

/// Whether an object other than `except` already carries `name`.
fn name_taken<T: Named>(items: &[T], name: &str, except: Option<Id>) -> bool {
    items
        .iter()
        .any(|i| Some(i.id()) != except && same_name(i.name(), name))
}

/// The object with this id, or why the edit cannot be made.
fn find_mut<'a, T: Named>(
    items: &'a mut [T],
    id: Id,
    what: &'static str,
) -> Result<&'a mut T, WorkspaceError> {
    items
        .iter_mut()
        .find(|i| i.id() == id)
        .ok_or(WorkspaceError::NotFound { what })
}

/// Settings that apply to the whole workspace.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Settings {
    /// Where Publish sends environments; `None` until chosen.
    #[serde(default)]
    pub endpoint: Option<ServiceEndpoint>,
    /// How long Publish and the other calls wait for an answer.
    #[serde(default)]
    pub timeout: RequestTimeout,
    /// Signing in with Microsoft Entra ID; `None` until set up (a token
    /// can still be pasted by hand).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sign_in: Option<crate::auth::SignInSettings>,
}

impl Settings {
    /// Where requests go: the chosen endpoint, or, while none is chosen
    /// and the page itself is served from this machine, the local
    /// development receiver (so a fresh clone publishes without set-up).
    pub fn effective_endpoint(&self, page_is_local: bool) -> Option<ServiceEndpoint> {
        self.endpoint
            .clone()
            .or_else(|| page_is_local.then(ServiceEndpoint::local_development))
    }
}

/// A Secret-type entry offered for the Storage SAS token secret field,
/// labelled `reference/secret` as the field shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretChoice {
    pub secret: SecretRef,
    pub label: String,
}

/// Which way Up/Down moves a chain member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", try_from = "super::integrity::RawWorkspace")]
pub struct Workspace {
    pub(crate) next_id: u64,
    pub(crate) key_vault_references: Vec<KeyVaultReference>,
    pub(crate) environments: Vec<ServiceEnvironment>,
    pub(crate) connected_applications: Vec<ConnectedApplication>,
    pub(crate) settings: Settings,
}

const REFERENCE: &str = "Key Vault reference";
const ENTRY: &str = "certificate or secret";
const ENVIRONMENT: &str = "service environment";
const CONNECTED_APP: &str = "connected application";
const SEQUENCE: &str = "number sequence";

impl Workspace {
    pub fn new() -> Workspace {
        Workspace::default()
    }

    /// The next id. A workspace's counter is at most
    /// [`super::integrity::MAX_ID`] when read, and 2^53 additions would take
    /// centuries, so it never wraps onto an id in use.
    fn fresh_id(&mut self) -> Id {
        self.next_id = self.next_id.saturating_add(1);
        Id(self.next_id)
    }

    // ----- queries -------------------------------------------------------

    pub fn key_vault_references(&self) -> &[KeyVaultReference] {
        &self.key_vault_references
    }
    pub fn reference(&self, id: Id) -> Option<&KeyVaultReference> {
        self.key_vault_references.iter().find(|r| r.id == id)
    }
    pub fn environments(&self) -> &[ServiceEnvironment] {
        &self.environments
    }
    pub fn environment(&self, id: Id) -> Option<&ServiceEnvironment> {
        self.environments.iter().find(|e| e.id == id)
    }
    pub fn environment_by_name(&self, name: &str) -> Option<&ServiceEnvironment> {
        self.environments
            .iter()
            .find(|e| same_name(e.name.as_str(), name))
    }
    /// The reference with this name (compared without regard to case).
    pub fn reference_by_name(&self, name: &str) -> Option<&KeyVaultReference> {
        self.key_vault_references
            .iter()
            .find(|r| same_name(r.name.as_str(), name))
    }
    /// The connected application with this name (without regard to case).
    pub fn connected_application_by_name(&self, name: &str) -> Option<&ConnectedApplication> {
        self.connected_applications
            .iter()
            .find(|a| same_name(a.name.as_str(), name))
    }
    pub fn connected_applications(&self) -> &[ConnectedApplication] {
        &self.connected_applications
    }
    pub fn connected_application(&self, id: Id) -> Option<&ConnectedApplication> {
        self.connected_applications.iter().find(|a| a.id == id)
    }
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

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

    /// The environment's status, derived from its content and its last
    /// publication.
    pub fn status(&self, environment: Id) -> Option<Status> {
        Some(status::of(self, self.environment(environment)?))
    }

    /// What blocks Publish of this environment; empty when it may be
    /// published.
    pub fn problems(&self, environment: Id) -> Vec<Problem> {
        let Some(env) = self.environment(environment) else {
            return Vec::new();
        };
        let mut problems = Vec::new();
        match env.storage_sas_secret {
            None => problems.push(Problem {
                environment,
                field: EnvironmentField::StorageSasTokenSecret,
                message: "Choose the Storage SAS token secret: the Key Vault secret that holds the storage account's SAS URL.".into(),
            }),
            Some(secret) if self.resolve(secret).is_none() => problems.push(Problem {
                environment,
                field: EnvironmentField::StorageSasTokenSecret,
                message: "The Storage SAS token secret no longer exists. Choose another one.".into(),
            }),
            Some(_) => {}
        }
        if env.users.is_empty() {
            problems.push(Problem {
                environment,
                field: EnvironmentField::Users,
                message: "Add at least one user who may submit electronic invoices through this environment.".into(),
            });
        }
        for (index, reference) in env
            .used_references()
            .into_iter()
            .filter_map(|id| self.reference(id))
            .enumerate()
        {
            for (position, entry) in reference.certificates.iter().enumerate() {
                if matches!(&entry.kind, EntryKind::CertificateChain { members } if members.is_empty())
                {
                    problems.push(Problem {
                        environment,
                        field: EnvironmentField::KeyVaultReference {
                            index,
                            path: Some(format!("certificates/{position}/chain")),
                        },
                        message: format!(
                            "Certificate chain '{}' of Key Vault reference '{}' has no certificates. Add them, root first.",
                            entry.name, reference.name
                        ),
                    });
                }
            }
        }
        problems
    }

    /// The payload Publish sends, or what blocks it.
    pub fn publish_payload(&self, environment: Id) -> Result<EnvironmentPayload, Vec<Problem>> {
        payload::build(self, environment)
    }

    /// For each environment a connected application uses, the two values
    /// Finance needs. Empty while no service endpoint is chosen.
    pub fn finance_values(&self, application: Id) -> Vec<(Id, FinanceValues)> {
        let (Some(app), Some(endpoint)) = (
            self.connected_application(application),
            self.settings.endpoint.as_ref(),
        ) else {
            return Vec::new();
        };
        let url = endpoint.url();
        app.environments
            .iter()
            .filter_map(|id| self.environment(*id))
            .map(|env| {
                (
                    env.id,
                    FinanceValues {
                        service_endpoint_url: url.clone(),
                        environment_name: env.name.clone(),
                    },
                )
            })
            .collect()
    }

    // ----- Key Vault references -------------------------------------------

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

    pub fn add_reference(&mut self, input: KeyVaultReferenceInput) -> Result<Id, WorkspaceError> {
        self.check_reference_name(input.name.as_str(), None)?;
        let id = self.fresh_id();
        self.key_vault_references.push(KeyVaultReference {
            id,
            name: input.name,
            description: input.description,
            uri: input.uri,
            certificates: Vec::new(),
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
        reference.uri = input.uri;
        Ok(())
    }

    /// Deletes a reference no environment uses.
    pub fn delete_reference(&mut self, id: Id) -> Result<(), WorkspaceError> {
        let reference = self
            .reference(id)
            .ok_or(WorkspaceError::NotFound { what: REFERENCE })?;
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

    /// Chains of `reference` that list `entry` as a member.
    fn chains_containing(reference: &KeyVaultReference, entry: Id) -> Vec<String> {
        reference
            .certificates
            .iter()
            .filter(|c| c.kind.members().contains(&entry))
            .map(|c| c.name.to_string())
            .collect()
    }

    pub fn add_entry(&mut self, reference: Id, input: EntryInput) -> Result<Id, WorkspaceError> {
        Self::check_entry_name(
            self.reference(reference)
                .ok_or(WorkspaceError::NotFound { what: REFERENCE })?,
            input.name.as_str(),
            None,
        )?;
        let id = self.fresh_id();
        let kind = EntryKind::new(input.entry_type);
        self.reference_mut(reference)?
            .certificates
            .push(CertificateEntry {
                id,
                name: input.name,
                description: input.description,
                kind,
            });
        Ok(id)
    }

    /// Changes an entry. A rename carries through to every environment that
    /// uses it; a change of Type is refused while the entry is a SAS secret
    /// (must stay Secret) or a chain member (must stay Certificate).
    pub fn update_entry(
        &mut self,
        reference: Id,
        entry: Id,
        input: EntryInput,
    ) -> Result<(), WorkspaceError> {
        let current = self
            .reference(reference)
            .ok_or(WorkspaceError::NotFound { what: REFERENCE })?;
        Self::check_entry_name(current, input.name.as_str(), Some(entry))?;
        let old = current
            .entry(entry)
            .ok_or(WorkspaceError::NotFound { what: ENTRY })?;
        if old.entry_type() != input.entry_type {
            let environments = self.environments_using_entry(reference, entry);
            if !environments.is_empty() {
                return Err(WorkspaceError::EntryInUse {
                    entry: old.name.to_string(),
                    environments,
                });
            }
            let chains = Self::chains_containing(current, entry);
            if !chains.is_empty() {
                return Err(WorkspaceError::EntryInChain {
                    entry: old.name.to_string(),
                    chains,
                });
            }
        }
        let target = self
            .reference_mut(reference)?
            .entry_mut(entry)
            .ok_or(WorkspaceError::NotFound { what: ENTRY })?;
        if target.entry_type() != input.entry_type {
            target.kind = EntryKind::new(input.entry_type);
        }
        target.name = input.name;
        target.description = input.description;
        Ok(())
    }

    /// Deletes an entry that is neither a SAS secret nor a chain member.
    pub fn delete_entry(&mut self, reference: Id, entry: Id) -> Result<(), WorkspaceError> {
        let current = self
            .reference(reference)
            .ok_or(WorkspaceError::NotFound { what: REFERENCE })?;
        let old = current
            .entry(entry)
            .ok_or(WorkspaceError::NotFound { what: ENTRY })?;
        let environments = self.environments_using_entry(reference, entry);
        if !environments.is_empty() {
            return Err(WorkspaceError::EntryInUse {
                entry: old.name.to_string(),
                environments,
            });
        }
        let chains = Self::chains_containing(current, entry);
        if !chains.is_empty() {
            return Err(WorkspaceError::EntryInChain {
                entry: old.name.to_string(),
                chains,
            });
        }
        self.reference_mut(reference)?
            .certificates
            .retain(|e| e.id != entry);
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
        let current = self
            .reference(reference)
            .ok_or(WorkspaceError::NotFound { what: REFERENCE })?;
        let chain_entry = current
            .entry(chain)
            .ok_or(WorkspaceError::NotFound { what: ENTRY })?;
        let invalid = |member: String, reason: &'static str| WorkspaceError::InvalidChainMember {
            chain: chain_entry.name.to_string(),
            member,
            reason,
        };
        if chain_entry.entry_type() != EntryType::CertificateChain {
            return Err(invalid(
                chain_entry.name.to_string(),
                "only an entry of Type Certificate chain has members",
            ));
        }
        for (i, member) in members.iter().enumerate() {
            let Some(entry) = current.entry(*member) else {
                return Err(invalid(
                    format!("#{member}"),
                    "members must be certificates of the same Key Vault reference",
                ));
            };
            if entry.entry_type() != EntryType::Certificate {
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
        if let EntryKind::CertificateChain { members: slot } = &mut self
            .reference_mut(reference)?
            .entry_mut(chain)
            .ok_or(WorkspaceError::NotFound { what: ENTRY })?
            .kind
        {
            *slot = members;
        }
        Ok(())
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
        let mut members = self
            .reference(reference)
            .ok_or(WorkspaceError::NotFound { what: REFERENCE })?
            .entry(chain)
            .ok_or(WorkspaceError::NotFound { what: ENTRY })?
            .kind
            .members()
            .to_vec();
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

    // ----- service environments -------------------------------------------

    pub(crate) fn check_environment_name(
        &self,
        name: &str,
        except: Option<Id>,
    ) -> Result<(), WorkspaceError> {
        if name_taken(&self.environments, name, except) {
            return Err(WorkspaceError::DuplicateEnvironmentName { name: name.into() });
        }
        Ok(())
    }

    pub(crate) fn environment_mut(
        &mut self,
        id: Id,
    ) -> Result<&mut ServiceEnvironment, WorkspaceError> {
        find_mut(&mut self.environments, id, ENVIRONMENT)
    }

    pub fn add_environment(&mut self, input: EnvironmentInput) -> Result<Id, WorkspaceError> {
        self.check_environment_name(input.name.as_str(), None)?;
        let id = self.fresh_id();
        self.environments.push(ServiceEnvironment {
            id,
            name: input.name,
            description: input.description,
            storage_sas_secret: None,
            key_vault_references: Vec::new(),
            users: Vec::new(),
            applications: Vec::new(),
            number_sequences: Vec::new(),
            publication: None,
            history: Vec::new(),
        });
        Ok(id)
    }

    pub fn update_environment(
        &mut self,
        id: Id,
        input: EnvironmentInput,
    ) -> Result<(), WorkspaceError> {
        self.check_environment_name(input.name.as_str(), Some(id))?;
        let env = self.environment_mut(id)?;
        env.name = input.name;
        env.description = input.description;
        Ok(())
    }

    /// Deletes an environment no connected application links to.
    pub fn delete_environment(&mut self, id: Id) -> Result<(), WorkspaceError> {
        let env = self
            .environment(id)
            .ok_or(WorkspaceError::NotFound { what: ENVIRONMENT })?;
        let applications: Vec<String> = self
            .connected_applications
            .iter()
            .filter(|a| a.environments.contains(&id))
            .map(|a| a.name.to_string())
            .collect();
        if !applications.is_empty() {
            return Err(WorkspaceError::EnvironmentLinked {
                environment: env.name.to_string(),
                applications,
            });
        }
        self.environments.retain(|e| e.id != id);
        Ok(())
    }

    /// Copies an environment under a new name (e.g. UAT to PROD): same
    /// secret, references, users and applications, the number sequences'
    /// names and descriptions, never published.
    pub fn clone_environment(
        &mut self,
        source: Id,
        input: EnvironmentInput,
    ) -> Result<Id, WorkspaceError> {
        self.check_environment_name(input.name.as_str(), None)?;
        let original = self
            .environment(source)
            .ok_or(WorkspaceError::NotFound { what: ENVIRONMENT })?
            .clone();
        let id = self.fresh_id();
        let applications = original
            .applications
            .into_iter()
            .map(|a| Application {
                id: self.fresh_id(),
                ..a
            })
            .collect();
        let number_sequences = original
            .number_sequences
            .into_iter()
            .map(|s| NumberSequence {
                id: self.fresh_id(),
                in_use: false,
                current: None,
                ..s
            })
            .collect();
        self.environments.push(ServiceEnvironment {
            id,
            name: input.name,
            description: input.description,
            storage_sas_secret: original.storage_sas_secret,
            key_vault_references: original.key_vault_references,
            users: original.users,
            applications,
            number_sequences,
            publication: None,
            history: Vec::new(),
        });
        Ok(id)
    }

    /// Chooses (or clears) the Storage SAS token secret; it must be a
    /// Secret-type entry.
    pub fn set_storage_sas_secret(
        &mut self,
        environment: Id,
        secret: Option<SecretRef>,
    ) -> Result<(), WorkspaceError> {
        if let Some(secret) = secret {
            let (_, entry) = self
                .resolve(secret)
                .ok_or(WorkspaceError::NotFound { what: ENTRY })?;
            if entry.entry_type() != EntryType::Secret {
                return Err(WorkspaceError::NotASecret {
                    entry: entry.name.to_string(),
                    kind: entry.entry_type().label(),
                });
            }
        }
        self.environment_mut(environment)?.storage_sas_secret = secret;
        Ok(())
    }

    /// Sets the further Key Vault references the environment's pipelines
    /// may use (the SAS secret's reference is always carried).
    pub fn set_environment_references(
        &mut self,
        environment: Id,
        references: Vec<Id>,
    ) -> Result<(), WorkspaceError> {
        if references.iter().any(|id| self.reference(*id).is_none()) {
            return Err(WorkspaceError::NotFound { what: REFERENCE });
        }
        let mut unique = Vec::with_capacity(references.len());
        for id in references {
            if !unique.contains(&id) {
                unique.push(id);
            }
        }
        self.environment_mut(environment)?.key_vault_references = unique;
        Ok(())
    }

    pub(crate) fn check_user_id(
        env: &ServiceEnvironment,
        user_id: &UserId,
    ) -> Result<(), WorkspaceError> {
        match env.user_index(user_id.as_str()) {
            Some(_) => Err(WorkspaceError::DuplicateUserId {
                user_id: user_id.to_string(),
            }),
            None => Ok(()),
        }
    }

    pub(crate) fn check_email(
        env: &ServiceEnvironment,
        email: &Email,
    ) -> Result<(), WorkspaceError> {
        if env.has_email(email.as_str()) {
            return Err(WorkspaceError::DuplicateEmail {
                email: email.to_string(),
            });
        }
        Ok(())
    }

    /// Adds a user; the User ID and the Email must each be new to the
    /// environment (case-insensitive).
    pub fn add_user(&mut self, environment: Id, user: User) -> Result<(), WorkspaceError> {
        let env = self.environment_mut(environment)?;
        Self::check_user_id(env, &user.user_id)?;
        Self::check_email(env, &user.email)?;
        env.users.push(user);
        Ok(())
    }

    /// Adds a user the caller has already checked is new to the environment
    /// (the import, which keeps its own sets of User IDs and Emails).
    pub(crate) fn push_new_user(&mut self, environment: Id, user: User) {
        if let Ok(env) = self.environment_mut(environment) {
            debug_assert!(env.user_index(user.user_id.as_str()).is_none());
            env.users.push(user);
        }
    }

    /// Removes the user with this User ID (case-insensitive).
    pub fn remove_user(&mut self, environment: Id, user_id: &str) -> Result<(), WorkspaceError> {
        let env = self.environment_mut(environment)?;
        let index = env
            .user_index(user_id)
            .ok_or(WorkspaceError::NotFound { what: "user" })?;
        env.users.remove(index);
        Ok(())
    }

    pub(crate) fn check_application_id(
        env: &ServiceEnvironment,
        application_id: &Guid,
    ) -> Result<(), WorkspaceError> {
        if env
            .applications
            .iter()
            .any(|a| &a.application_id == application_id)
        {
            return Err(WorkspaceError::DuplicateApplication {
                application_id: application_id.to_string(),
            });
        }
        Ok(())
    }

    pub fn add_application(
        &mut self,
        environment: Id,
        input: ApplicationInput,
    ) -> Result<Id, WorkspaceError> {
        let env = self
            .environment(environment)
            .ok_or(WorkspaceError::NotFound { what: ENVIRONMENT })?;
        Self::check_application_id(env, &input.application_id)?;
        let id = self.fresh_id();
        self.environment_mut(environment)?
            .applications
            .push(Application {
                id,
                tenant_id: input.tenant_id,
                lcs_environment_id: input.lcs_environment_id,
                application_id: input.application_id,
                object_id: input.object_id,
                justification: input.justification,
            });
        Ok(id)
    }

    pub fn remove_application(
        &mut self,
        environment: Id,
        application: Id,
    ) -> Result<(), WorkspaceError> {
        let env = self.environment_mut(environment)?;
        let before = env.applications.len();
        env.applications.retain(|a| a.id != application);
        if env.applications.len() == before {
            return Err(WorkspaceError::NotFound {
                what: "application",
            });
        }
        Ok(())
    }

    pub(crate) fn check_sequence_name(
        env: &ServiceEnvironment,
        name: &str,
        except: Option<Id>,
    ) -> Result<(), WorkspaceError> {
        if name_taken(&env.number_sequences, name, except) {
            return Err(WorkspaceError::DuplicateSequenceName { name: name.into() });
        }
        Ok(())
    }

    pub fn add_number_sequence(
        &mut self,
        environment: Id,
        input: NumberSequenceInput,
    ) -> Result<Id, WorkspaceError> {
        let env = self
            .environment(environment)
            .ok_or(WorkspaceError::NotFound { what: ENVIRONMENT })?;
        Self::check_sequence_name(env, input.name.as_str(), None)?;
        let id = self.fresh_id();
        self.environment_mut(environment)?
            .number_sequences
            .push(NumberSequence {
                id,
                name: input.name,
                description: input.description,
                in_use: false,
                current: None,
            });
        Ok(id)
    }

    pub fn update_number_sequence(
        &mut self,
        environment: Id,
        sequence: Id,
        input: NumberSequenceInput,
    ) -> Result<(), WorkspaceError> {
        let env = self.environment_mut(environment)?;
        Self::check_sequence_name(env, input.name.as_str(), Some(sequence))?;
        let seq = find_mut(&mut env.number_sequences, sequence, SEQUENCE)?;
        seq.name = input.name;
        seq.description = input.description;
        Ok(())
    }

    /// Deletes a number sequence that is not in use.
    pub fn delete_number_sequence(
        &mut self,
        environment: Id,
        sequence: Id,
    ) -> Result<(), WorkspaceError> {
        let env = self.environment_mut(environment)?;
        let seq = env
            .number_sequences
            .iter()
            .find(|s| s.id == sequence)
            .ok_or(WorkspaceError::NotFound { what: SEQUENCE })?;
        if seq.in_use {
            return Err(WorkspaceError::SequenceInUse {
                name: seq.name.to_string(),
            });
        }
        env.number_sequences.retain(|s| s.id != sequence);
        Ok(())
    }

    /// Records In use and Current value as the service reports them.
    pub fn set_sequence_usage(
        &mut self,
        environment: Id,
        sequence: Id,
        in_use: bool,
        current: Option<u64>,
    ) -> Result<(), WorkspaceError> {
        let seq = find_mut(
            &mut self.environment_mut(environment)?.number_sequences,
            sequence,
            SEQUENCE,
        )?;
        seq.in_use = in_use;
        seq.current = current;
        Ok(())
    }

    /// Records a successful publish of `sent` (the payload as it went out,
    /// which edits made while the request was in flight may since differ
    /// from). Number sequences are left out of the snapshot.
    pub fn record_publication(
        &mut self,
        environment: Id,
        publication: Publication,
    ) -> Result<(), WorkspaceError> {
        let mut publication = publication;
        publication.snapshot.number_sequences.clear();
        self.environment_mut(environment)?.publication = Some(publication);
        Ok(())
    }

    // ----- connected applications -----------------------------------------

    pub(crate) fn check_connected_name(
        &self,
        name: &str,
        except: Option<Id>,
    ) -> Result<(), WorkspaceError> {
        if name_taken(&self.connected_applications, name, except) {
            return Err(WorkspaceError::DuplicateConnectedApplicationName { name: name.into() });
        }
        Ok(())
    }

    fn connected_mut(&mut self, id: Id) -> Result<&mut ConnectedApplication, WorkspaceError> {
        find_mut(&mut self.connected_applications, id, CONNECTED_APP)
    }

    pub fn add_connected_application(
        &mut self,
        input: ConnectedApplicationInput,
    ) -> Result<Id, WorkspaceError> {
        self.check_connected_name(input.name.as_str(), None)?;
        let id = self.fresh_id();
        self.connected_applications.push(ConnectedApplication {
            id,
            name: input.name,
            url: input.url,
            tenant: input.tenant,
            environments: Vec::new(),
        });
        Ok(id)
    }

    pub fn update_connected_application(
        &mut self,
        id: Id,
        input: ConnectedApplicationInput,
    ) -> Result<(), WorkspaceError> {
        self.check_connected_name(input.name.as_str(), Some(id))?;
        let app = self.connected_mut(id)?;
        app.name = input.name;
        app.url = input.url;
        app.tenant = input.tenant;
        Ok(())
    }

    pub fn delete_connected_application(&mut self, id: Id) -> Result<(), WorkspaceError> {
        self.connected_mut(id)?;
        self.connected_applications.retain(|a| a.id != id);
        Ok(())
    }

    /// Links a connected application to an environment it uses (once).
    pub fn link_environment(
        &mut self,
        application: Id,
        environment: Id,
    ) -> Result<(), WorkspaceError> {
        if self.environment(environment).is_none() {
            return Err(WorkspaceError::NotFound { what: ENVIRONMENT });
        }
        let app = self.connected_mut(application)?;
        if !app.environments.contains(&environment) {
            app.environments.push(environment);
        }
        Ok(())
    }

    pub fn unlink_environment(
        &mut self,
        application: Id,
        environment: Id,
    ) -> Result<(), WorkspaceError> {
        self.connected_mut(application)?
            .environments
            .retain(|e| *e != environment);
        Ok(())
    }

    // ----- settings --------------------------------------------------------

    pub fn set_timeout(&mut self, timeout: RequestTimeout) {
        self.settings.timeout = timeout;
    }

    pub fn set_endpoint(&mut self, endpoint: Option<ServiceEndpoint>) {
        self.settings.endpoint = endpoint;
    }

    pub fn set_sign_in(&mut self, sign_in: Option<crate::auth::SignInSettings>) {
        self.settings.sign_in = sign_in;
    }
}
