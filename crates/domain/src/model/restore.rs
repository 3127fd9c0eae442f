//! Discard changes: put a published environment's own settings back as it
//! last published them.
//!
//! The environment's own settings are its name, description, users,
//! applications, Storage SAS token secret and the further Key Vault
//! references it carries. The snapshot names the secret and the references;
//! they are looked up by those names in the workspace as it is now. Number
//! sequences are left alone: they take effect without Publish.
//!
//! What cannot be put back is reported, never forced: a name another
//! environment now carries, a secret or reference renamed or deleted since,
//! a published value that today's rules refuse, and every change made
//! inside a Key Vault reference, which all the environments carrying it
//! share and which discarding one of them therefore leaves alone.
//!
//! The snapshot is read through the value constructors like any other
//! input, and nothing changes until all of it has been read, so a discard
//! never leaves a half-restored environment or an invalid value behind.

use std::collections::HashSet;

use thiserror::Error;

use super::environment::{Application, SecretRef, ServiceEnvironment, User};
use super::error::WorkspaceError;
use super::ids::Id;
use super::key_vault::{EntryType, KeyVaultReference};
use super::workspace::Workspace;
use crate::diff::{self, Change};
use crate::payload::{ApplicationPayload, EnvironmentPayload, SasSecretPayload, UserPayload};
use crate::values::{
    quoted, DataverseUri, Description, Email, EnvironmentName, Guid, Justification, Name, UserId,
};

/// Something a discard could not put back as published.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum NotRestored {
    #[error("The published name {} is now used by another service environment, so this one keeps the name {}. Rename the other environment, then discard again.", quoted(.published), quoted(.kept))]
    NameTaken { published: String, kept: String },

    #[error("The published Storage SAS token secret {} no longer exists: it was renamed or deleted in Key Vault parameters. {}", quoted(.published), kept_secret(.kept))]
    SasSecretMissing {
        published: String,
        /// The secret the environment keeps (`reference/secret`), if any.
        kept: Option<String>,
    },

    #[error("The published Key Vault reference {} no longer exists: it was renamed or deleted in Key Vault parameters, so the environment does not carry it again.", quoted(.name))]
    ReferenceMissing { name: String },

    #[error("The published {what} {} could not be restored: {message}", quoted(.value))]
    InvalidValue {
        what: &'static str,
        value: String,
        message: String,
    },

    /// A change inside a Key Vault reference, which discard does not undo.
    #[error("{0}")]
    Shared(Change),
}

fn kept_secret(kept: &Option<String>) -> String {
    match kept {
        Some(label) => format!("The environment keeps {}.", quoted(label)),
        None => "Choose a Storage SAS token secret before publishing.".into(),
    }
}

/// What a discard could not put back; empty when the environment is as
/// published again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DiscardReport {
    pub not_restored: Vec<NotRestored>,
}

impl DiscardReport {
    /// Whether everything was put back as published.
    pub fn is_complete(&self) -> bool {
        self.not_restored.is_empty()
    }
}

/// What a discard will set, read from the snapshot before anything changes.
/// `None` keeps the current value.
struct Plan {
    name: Option<EnvironmentName>,
    description: Option<Description>,
    /// `Some(None)` puts back "no Dataverse endpoint".
    dataverse: Option<Option<DataverseUri>>,
    sas: Option<SecretRef>,
    references: Vec<Id>,
    users: Vec<User>,
    /// Ids are given when the plan is carried out.
    applications: Vec<Application>,
    not_restored: Vec<NotRestored>,
}

fn invalid(what: &'static str, value: &str, message: impl ToString) -> NotRestored {
    NotRestored::InvalidValue {
        what,
        value: value.to_owned(),
        message: message.to_string(),
    }
}

fn read_user(user: &UserPayload) -> Result<User, String> {
    Ok(User {
        user_id: UserId::parse(&user.user_id).map_err(|e| e.to_string())?,
        email: Email::parse(&user.email).map_err(|e| e.to_string())?,
    })
}

/// A published application (id 0 until placed); one published by a console
/// that had no names comes back without one.
fn read_application(app: &ApplicationPayload) -> Result<Application, String> {
    let guid = |label: &str, text: &str| Guid::parse(text).map_err(|e| format!("{label}: {e}"));
    let name = match app.name.as_str() {
        "" => None,
        text => Some(Name::parse(text).map_err(|e| format!("Name: {e}"))?),
    };
    Ok(Application {
        id: Id(0),
        name,
        tenant_id: guid("AAD Tenant ID", &app.tenant_id)?,
        lcs_environment_id: guid("LCS Environment ID", &app.lcs_environment_id)?,
        application_id: guid("Application (client) ID", &app.application_id)?,
        object_id: guid("Object ID", &app.object_id)?,
        justification: Justification::parse(&app.justification).map_err(|e| e.to_string())?,
    })
}

impl Workspace {
    /// The Key Vault reference named exactly `name` (a published name; a
    /// reference renamed since, even only in case, is not it).
    pub(crate) fn reference_named(&self, name: &str) -> Option<&KeyVaultReference> {
        self.key_vault_references
            .iter()
            .find(|r| r.name.as_str() == name)
    }

    /// The Secret-type entry a published Storage SAS token secret names,
    /// if it still exists under those names.
    pub(crate) fn published_secret(&self, sas: &SasSecretPayload) -> Option<SecretRef> {
        let reference = self.reference_named(&sas.key_vault_reference)?;
        let entry = reference
            .certificates
            .iter()
            .find(|e| e.name.as_str() == sas.secret_name && e.entry_type() == EntryType::Secret)?;
        Some(SecretRef {
            reference: reference.id,
            entry: entry.id,
        })
    }

    /// Puts the environment's own settings back as last published, and
    /// reports what could not be (see [`NotRestored`]). Refused for an
    /// environment that was never published.
    pub fn discard_changes(&mut self, environment: Id) -> Result<DiscardReport, WorkspaceError> {
        let env = self
            .environment(environment)
            .ok_or(WorkspaceError::NotFound {
                what: "service environment",
            })?;
        let publication = env
            .publication()
            .ok_or_else(|| WorkspaceError::NotPublished {
                environment: env.name().to_string(),
            })?;
        let plan = self.plan(env, &publication.snapshot);

        let applications: Vec<Application> = plan
            .applications
            .into_iter()
            .map(|app| {
                self.next_id = self.next_id.saturating_add(1);
                Application {
                    id: Id(self.next_id),
                    ..app
                }
            })
            .collect();
        let env = self
            .environments
            .iter_mut()
            .find(|e| e.id == environment)
            .ok_or(WorkspaceError::NotFound {
                what: "service environment",
            })?;
        if let Some(name) = plan.name {
            env.name = name;
        }
        if let Some(description) = plan.description {
            env.description = description;
        }
        if let Some(dataverse) = plan.dataverse {
            env.dataverse_endpoint = dataverse;
        }
        if let Some(sas) = plan.sas {
            env.storage_sas_secret = Some(sas);
        }
        env.key_vault_references = plan.references;
        env.users = plan.users;
        env.applications = applications;

        let mut not_restored = plan.not_restored;
        not_restored.extend(
            diff::changes(self, environment)
                .into_iter()
                .filter(Change::is_inside_reference)
                .map(NotRestored::Shared),
        );
        Ok(DiscardReport { not_restored })
    }

    /// Reads the snapshot into what discard will set, through the value
    /// constructors and the workspace's rules.
    fn plan(&self, env: &ServiceEnvironment, snapshot: &EnvironmentPayload) -> Plan {
        let mut not_restored = Vec::new();

        let name = if env.name.as_str() == snapshot.name {
            None
        } else {
            match EnvironmentName::parse(&snapshot.name) {
                Err(e) => {
                    not_restored.push(invalid("name", &snapshot.name, e));
                    None
                }
                Ok(name)
                    if self
                        .check_environment_name(name.as_str(), Some(env.id))
                        .is_err() =>
                {
                    not_restored.push(NotRestored::NameTaken {
                        published: name.to_string(),
                        kept: env.name.to_string(),
                    });
                    None
                }
                Ok(name) => Some(name),
            }
        };

        let description = match Description::parse(&snapshot.description) {
            Ok(description) => Some(description),
            Err(e) => {
                not_restored.push(invalid("description", &snapshot.description, e));
                None
            }
        };

        let dataverse = match snapshot.dataverse_endpoint_uri.as_deref() {
            None => Some(None),
            Some(text) => match DataverseUri::parse(text) {
                Ok(uri) => Some(Some(uri)),
                Err(e) => {
                    not_restored.push(invalid("Dataverse endpoint URI", text, e));
                    None
                }
            },
        };

        let published = &snapshot.storage_sas_token_secret;
        let sas = self.published_secret(published);
        if sas.is_none() {
            not_restored.push(NotRestored::SasSecretMissing {
                published: published.label(),
                kept: env
                    .storage_sas_secret
                    .and_then(|s| self.resolve(s))
                    .map(|(r, e)| format!("{}/{}", r.name, e.name)),
            });
        }

        let mut references = Vec::new();
        for reference in &snapshot.key_vault_references {
            match self.reference_named(&reference.name) {
                // Carried through the Storage SAS token secret.
                Some(found) if sas.is_some_and(|s| s.reference == found.id) => {}
                Some(found) if !references.contains(&found.id) => references.push(found.id),
                Some(_) => {}
                None => not_restored.push(NotRestored::ReferenceMissing {
                    name: reference.name.clone(),
                }),
            }
        }

        let (mut user_ids, mut emails) = (HashSet::new(), HashSet::new());
        let mut users = Vec::with_capacity(snapshot.users.len());
        for published in &snapshot.users {
            match read_user(published) {
                Err(message) => not_restored.push(invalid("user", &published.user_id, message)),
                Ok(user) if user_ids.contains(&user.key()) => not_restored.push(invalid(
                    "user",
                    &published.user_id,
                    WorkspaceError::DuplicateUserId {
                        user_id: user.user_id.to_string(),
                    },
                )),
                Ok(user) if emails.contains(&user.email.key()) => not_restored.push(invalid(
                    "user",
                    &published.user_id,
                    WorkspaceError::DuplicateEmail {
                        email: user.email.to_string(),
                    },
                )),
                Ok(user) => {
                    user_ids.insert(user.key());
                    emails.insert(user.email.key());
                    users.push(user);
                }
            }
        }

        let mut application_ids = HashSet::new();
        let mut applications = Vec::with_capacity(snapshot.applications.len());
        for published in &snapshot.applications {
            match read_application(published) {
                Err(message) => {
                    not_restored.push(invalid("application", &published.application_id, message))
                }
                Ok(app) if !application_ids.insert(app.application_id.clone()) => not_restored
                    .push(invalid(
                        "application",
                        &published.application_id,
                        WorkspaceError::DuplicateApplication {
                            application_id: app.application_id.to_string(),
                        },
                    )),
                Ok(app) => applications.push(app),
            }
        }

        Plan {
            name,
            description,
            dataverse,
            sas,
            references,
            users,
            applications,
            not_restored,
        }
    }
}
