//! Service environments with their users, applications and number
//! sequences, what blocks their publish, and what a publish records.

use super::{find_mut, name_taken, Workspace};
use super::{ENTRY, ENVIRONMENT, REFERENCE, SEQUENCE};
use crate::model::environment::{
    Application, ApplicationInput, EnvironmentInput, NumberSequence, NumberSequenceInput,
    Publication, SecretRef, ServiceEnvironment, User,
};
use crate::model::error::WorkspaceError;
use crate::model::ids::Id;
use crate::model::key_vault::EntryType;
use crate::model::problems::{EnvironmentField, Problem};
use crate::payload::{self, EnvironmentPayload};
use crate::values::{Email, Guid, Name, UserId};

impl Workspace {
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
        for (index, app) in env.applications.iter().enumerate() {
            if app.name.is_none() {
                problems.push(Problem {
                    environment,
                    field: EnvironmentField::Application {
                        index,
                        field: Some("name".into()),
                    },
                    message: format!(
                        "Application {} has no name: the service now lists applications by name. Enter its display name under Applications.",
                        app.application_id
                    ),
                });
            }
        }
        for (index, reference) in env
            .used_references()
            .into_iter()
            .filter_map(|id| self.reference(id))
            .enumerate()
        {
            if let Some(refused) = reference.uri.refusal() {
                problems.push(Problem {
                    environment,
                    field: EnvironmentField::KeyVaultReference {
                        index,
                        path: Some("uri".into()),
                    },
                    message: format!(
                        "Key Vault reference '{}' can no longer be used as it is: {refused} Correct it in Key Vault parameters.",
                        reference.name
                    ),
                });
            }
            for (position, chain) in reference.chains.iter().enumerate() {
                if chain.members.is_empty() {
                    problems.push(Problem {
                        environment,
                        field: EnvironmentField::KeyVaultReference {
                            index,
                            path: Some(format!("certificateChains/{position}/certificates")),
                        },
                        message: format!(
                            "Chain of certificates '{}' of Key Vault reference '{}' has no certificates. Add them, root first.",
                            chain.name, reference.name
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
            dataverse_endpoint: input.dataverse_endpoint,
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
        env.dataverse_endpoint = input.dataverse_endpoint;
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
            dataverse_endpoint: input.dataverse_endpoint,
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
                name: input.name,
                tenant_id: input.tenant_id,
                lcs_environment_id: input.lcs_environment_id,
                application_id: input.application_id,
                object_id: input.object_id,
                justification: input.justification,
            });
        Ok(id)
    }

    /// Names an application (one kept from a console that had no names, or
    /// a new display name).
    pub fn name_application(
        &mut self,
        environment: Id,
        application: Id,
        name: Name,
    ) -> Result<(), WorkspaceError> {
        let app = self
            .environment_mut(environment)?
            .applications
            .iter_mut()
            .find(|a| a.id == application)
            .ok_or(WorkspaceError::NotFound {
                what: "application",
            })?;
        app.name = Some(name);
        Ok(())
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
}
