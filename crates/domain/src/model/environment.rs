//! Service environments: the logical partitions an administrator publishes
//! to the service, with their users, applications and number sequences.
//!
//! What was last published is kept as a [`Publication`] (revision, time and
//! the exact payload sent); the status is derived by comparing it with the
//! current content (see [`crate::status`]), never stored.

use serde::{Deserialize, Serialize};

use super::Id;
use crate::answers::Revision;
use crate::payload::EnvironmentPayload;
use crate::values::{
    contains_ignore_case, DataverseUri, Description, Email, EnvironmentName, Guid, Justification,
    Name, SequenceName, UserId,
};

/// Points at the Secret-type entry that holds the storage account's SAS
/// URL: an entry of a Key Vault reference, by id, so renames carry through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SecretRef {
    pub reference: Id,
    pub entry: Id,
}

/// A user who may submit through the environment: alias and email.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct User {
    pub user_id: UserId,
    pub email: Email,
}

impl User {
    /// The key a list row is identified by (the alias, case-insensitive,
    /// unique within an environment).
    pub fn key(&self) -> String {
        self.user_id.as_str().to_lowercase()
    }
}

/// The validated fields of an application allowed to call the service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicationInput {
    /// The application's display name (RCS's Applications grid shows "the
    /// name and object ID of the app"). The form always gives one; `None`
    /// only for an application read from a file or a draft of a console
    /// that had no names.
    pub name: Option<Name>,
    pub tenant_id: Guid,
    pub lcs_environment_id: Guid,
    pub application_id: Guid,
    /// The object ID of the application's service principal (the
    /// enterprise application in the tenant), not the app registration's.
    pub object_id: Guid,
    pub justification: Justification,
}

/// An application other than Finance allowed to call the service; Microsoft
/// must register it (see the registration request).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Application {
    pub(crate) id: Id,
    /// `None` only for an application kept from a console that had no
    /// names: it must be named before its environment is published again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) name: Option<Name>,
    pub(crate) tenant_id: Guid,
    pub(crate) lcs_environment_id: Guid,
    pub(crate) application_id: Guid,
    pub(crate) object_id: Guid,
    pub(crate) justification: Justification,
}

impl Application {
    pub fn id(&self) -> Id {
        self.id
    }
    pub fn name(&self) -> Option<&Name> {
        self.name.as_ref()
    }
    pub fn tenant_id(&self) -> &Guid {
        &self.tenant_id
    }
    pub fn lcs_environment_id(&self) -> &Guid {
        &self.lcs_environment_id
    }
    pub fn application_id(&self) -> &Guid {
        &self.application_id
    }
    pub fn object_id(&self) -> &Guid {
        &self.object_id
    }
    pub fn justification(&self) -> &Justification {
        &self.justification
    }
}

/// The validated fields of a number sequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberSequenceInput {
    pub name: SequenceName,
    pub description: Description,
}

/// A number sequence. In use and Current value are the service's, read-only
/// here; a change to a sequence takes effect without Publish and does not
/// make the environment Changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NumberSequence {
    pub(crate) id: Id,
    pub(crate) name: SequenceName,
    pub(crate) description: Description,
    pub(crate) in_use: bool,
    pub(crate) current: Option<u64>,
}

impl NumberSequence {
    pub fn id(&self) -> Id {
        self.id
    }
    pub fn name(&self) -> &SequenceName {
        &self.name
    }
    pub fn description(&self) -> &Description {
        &self.description
    }
    pub fn in_use(&self) -> bool {
        self.in_use
    }
    pub fn current(&self) -> Option<u64> {
        self.current
    }
}

/// What the service accepted at the last successful publish from this
/// browser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Publication {
    pub revision: Revision,
    /// RFC 3339 time the service reported.
    pub published_at: String,
    /// The payload as sent, number sequences left out (they never count
    /// towards the status).
    pub snapshot: EnvironmentPayload,
    /// Who published, as the service named them (`publishedBy`); absent
    /// when it did not say, and in drafts written before it did. Kept in
    /// the stored draft only: the workspace file does not carry it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_by: Option<String>,
}

/// The validated own fields of an environment (its lists are edited
/// through their own operations).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvironmentInput {
    pub name: EnvironmentName,
    pub description: Description,
    /// Where the Electronic invoicing plug-in for Power Platform reaches
    /// the environment's Dataverse (optional).
    pub dataverse_endpoint: Option<DataverseUri>,
}

/// A service environment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ServiceEnvironment {
    pub(crate) id: Id,
    pub(crate) name: EnvironmentName,
    pub(crate) description: Description,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) dataverse_endpoint: Option<DataverseUri>,
    pub(crate) storage_sas_secret: Option<SecretRef>,
    /// Further Key Vault references the environment's pipelines may use,
    /// besides the one holding the SAS secret (which is always included).
    #[serde(default)]
    pub(crate) key_vault_references: Vec<Id>,
    #[serde(default)]
    pub(crate) users: Vec<User>,
    #[serde(default)]
    pub(crate) applications: Vec<Application>,
    #[serde(default)]
    pub(crate) number_sequences: Vec<NumberSequence>,
    #[serde(default)]
    pub(crate) publication: Option<Publication>,
    /// This browser's publish attempts, newest last (see
    /// [`PublishRecord`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) history: Vec<PublishRecord>,
}

/// One publish attempt as this browser saw it: when, the revision it
/// produced (on success), and the result in a few words. Kept locally with
/// the workspace; never sent, never exported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PublishRecord {
    /// RFC 3339 time of the attempt, from this browser's clock.
    pub at: String,
    #[serde(default)]
    pub revision: Option<Revision>,
    pub result: String,
    pub succeeded: bool,
    /// Who the service says published, on a successful attempt whose
    /// receipt named them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_by: Option<String>,
}

impl ServiceEnvironment {
    pub fn id(&self) -> Id {
        self.id
    }
    pub fn name(&self) -> &EnvironmentName {
        &self.name
    }
    pub fn description(&self) -> &Description {
        &self.description
    }
    pub fn dataverse_endpoint(&self) -> Option<&DataverseUri> {
        self.dataverse_endpoint.as_ref()
    }
    pub fn storage_sas_secret(&self) -> Option<SecretRef> {
        self.storage_sas_secret
    }
    pub fn key_vault_references(&self) -> &[Id] {
        &self.key_vault_references
    }
    pub fn users(&self) -> &[User] {
        &self.users
    }
    pub fn applications(&self) -> &[Application] {
        &self.applications
    }
    pub fn number_sequences(&self) -> &[NumberSequence] {
        &self.number_sequences
    }
    pub fn publication(&self) -> Option<&Publication> {
        self.publication.as_ref()
    }
    /// This browser's publish attempts, newest last.
    pub fn history(&self) -> &[PublishRecord] {
        &self.history
    }
    pub fn input(&self) -> EnvironmentInput {
        EnvironmentInput {
            name: self.name.clone(),
            description: self.description.clone(),
            dataverse_endpoint: self.dataverse_endpoint.clone(),
        }
    }

    /// Every Key Vault reference this environment's payload carries: the
    /// SAS secret's first, then the others in the order chosen, each once.
    pub fn used_references(&self) -> Vec<Id> {
        let mut ids: Vec<Id> = self
            .storage_sas_secret
            .map(|s| s.reference)
            .into_iter()
            .collect();
        for id in &self.key_vault_references {
            if !ids.contains(id) {
                ids.push(*id);
            }
        }
        ids
    }

    /// The position of the user whose User ID is `user_id`, without
    /// regard to case. User IDs are ASCII, so comparing ASCII letters
    /// without case is their case-insensitive equality, with no lowercase
    /// copy of each of the (up to tens of thousands of) users per call: this
    /// runs on every keystroke in the add form's User ID.
    pub(crate) fn user_index(&self, user_id: &str) -> Option<usize> {
        let user_id = user_id.to_lowercase();
        self.users
            .iter()
            .position(|u| u.user_id.as_str().eq_ignore_ascii_case(&user_id))
    }

    /// Whether a user already has this email address, without regard to
    /// case (addresses are ASCII; see [`Self::user_index`]).
    pub(crate) fn has_email(&self, email: &str) -> bool {
        self.users
            .iter()
            .any(|u| u.email.as_str().eq_ignore_ascii_case(email))
    }

    /// The positions, in order, of the users whose User ID or Email contains
    /// `query` (trimmed) without regard to case: the Users list's search.
    /// Every user when the query is empty. Nothing is allocated per user.
    pub fn users_matching(&self, query: &str) -> Vec<usize> {
        let needle = query.trim().to_lowercase();
        let hit = |text: &str| contains_ignore_case(text, &needle);
        self.users
            .iter()
            .enumerate()
            .filter(|(_, u)| needle.is_empty() || hit(u.user_id.as_str()) || hit(u.email.as_str()))
            .map(|(i, _)| i)
            .collect()
    }
}
