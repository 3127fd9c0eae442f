//! The publish payload of `publish-api.md`: what `PUT
//! {base}api/v1/environments/{name}` carries.
//!
//! Built only from an environment with no publish-blocking problems, out of
//! validated, normalised values (lowercase GUIDs and hosts, trimmed text).
//! The same types read the payload back (the service's `GET`, the
//! development receiver), so they are plain wire types, camelCase.
//!
//! [`EnvironmentContent`] is the same content with the Storage SAS token
//! secret optional: what the status and the changes since publish compare
//! with a publication's snapshot, whether or not the environment may be
//! published yet.

use serde::{Deserialize, Serialize};

use crate::model::{EntryType, Id, Problem, ServiceEnvironment, Workspace};

/// The contract version this console speaks.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnvironmentPayload {
    pub schema_version: u32,
    pub name: String,
    pub description: String,
    pub storage_sas_token_secret: SasSecretPayload,
    pub key_vault_references: Vec<KeyVaultReferencePayload>,
    pub users: Vec<UserPayload>,
    pub applications: Vec<ApplicationPayload>,
    #[serde(default)]
    pub number_sequences: Vec<NumberSequencePayload>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SasSecretPayload {
    pub key_vault_reference: String,
    pub key_vault_uri: String,
    pub secret_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyVaultReferencePayload {
    pub name: String,
    pub description: String,
    pub uri: String,
    pub certificates: Vec<CertificatePayload>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CertificatePayload {
    pub name: String,
    pub description: String,
    #[serde(rename = "type")]
    pub entry_type: EntryType,
    /// Member names, root first; only for `certificateChain`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chain: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserPayload {
    pub user_id: String,
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApplicationPayload {
    pub tenant_id: String,
    pub lcs_environment_id: String,
    pub application_id: String,
    pub object_id: String,
    pub justification: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NumberSequencePayload {
    pub name: String,
    pub description: String,
}

impl EnvironmentPayload {
    /// The JSON text sent on the wire.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a payload of strings always serialises")
    }

    /// The part that decides the status: everything but number sequences.
    pub fn without_number_sequences(&self) -> EnvironmentPayload {
        EnvironmentPayload {
            number_sequences: Vec::new(),
            ..self.clone()
        }
    }
}

/// What an environment holds that Publish sends and the status compares:
/// the payload without its schema version and number sequences, with the
/// Storage SAS token secret optional (an environment may be edited, and
/// compared with what was published, before one is chosen).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvironmentContent {
    pub name: String,
    pub description: String,
    /// `None` while no (resolvable) Storage SAS token secret is chosen.
    pub storage_sas_token_secret: Option<SasSecretPayload>,
    pub key_vault_references: Vec<KeyVaultReferencePayload>,
    pub users: Vec<UserPayload>,
    pub applications: Vec<ApplicationPayload>,
}

impl From<&EnvironmentPayload> for EnvironmentContent {
    /// The content a payload carried (a publication's snapshot).
    fn from(payload: &EnvironmentPayload) -> EnvironmentContent {
        EnvironmentContent {
            name: payload.name.clone(),
            description: payload.description.clone(),
            storage_sas_token_secret: Some(payload.storage_sas_token_secret.clone()),
            key_vault_references: payload.key_vault_references.clone(),
            users: payload.users.clone(),
            applications: payload.applications.clone(),
        }
    }
}

impl SasSecretPayload {
    /// The secret as the Storage SAS token secret field shows it:
    /// `reference/secret`.
    pub fn label(&self) -> String {
        format!("{}/{}", self.key_vault_reference, self.secret_name)
    }
}

/// The content of an environment as it stands, whether or not it may be
/// published. Used for the status and the changes since publish, which
/// compare content, not validity.
pub fn content(ws: &Workspace, env: &ServiceEnvironment) -> EnvironmentContent {
    let storage_sas_token_secret = env
        .storage_sas_secret()
        .and_then(|secret| ws.resolve(secret))
        .map(|(reference, entry)| SasSecretPayload {
            key_vault_reference: reference.name().to_string(),
            key_vault_uri: reference.uri().to_string(),
            secret_name: entry.name().to_string(),
        });
    let key_vault_references = env
        .used_references()
        .into_iter()
        .filter_map(|id| ws.reference(id))
        .map(|r| KeyVaultReferencePayload {
            name: r.name().to_string(),
            description: r.description().to_string(),
            uri: r.uri().to_string(),
            certificates: r
                .certificates()
                .iter()
                .map(|e| CertificatePayload {
                    name: e.name().to_string(),
                    description: e.description().to_string(),
                    entry_type: e.entry_type(),
                    chain: (e.entry_type() == EntryType::CertificateChain).then(|| {
                        e.kind()
                            .members()
                            .iter()
                            .filter_map(|m| r.entry(*m))
                            .map(|m| m.name().to_string())
                            .collect()
                    }),
                })
                .collect(),
        })
        .collect();
    EnvironmentContent {
        name: env.name().to_string(),
        description: env.description().to_string(),
        storage_sas_token_secret,
        key_vault_references,
        users: env
            .users()
            .iter()
            .map(|u| UserPayload {
                user_id: u.user_id.to_string(),
                email: u.email.to_string(),
            })
            .collect(),
        applications: env
            .applications()
            .iter()
            .map(|a| ApplicationPayload {
                tenant_id: a.tenant_id().to_string(),
                lcs_environment_id: a.lcs_environment_id().to_string(),
                application_id: a.application_id().to_string(),
                object_id: a.object_id().to_string(),
                justification: a.justification().to_string(),
            })
            .collect(),
    }
}

/// The payload of an environment as it stands, whether or not it may be
/// published; `None` while it has no (resolvable) Storage SAS token secret.
pub fn assemble(ws: &Workspace, env: &ServiceEnvironment) -> Option<EnvironmentPayload> {
    let content = content(ws, env);
    Some(EnvironmentPayload {
        schema_version: SCHEMA_VERSION,
        name: content.name,
        description: content.description,
        storage_sas_token_secret: content.storage_sas_token_secret?,
        key_vault_references: content.key_vault_references,
        users: content.users,
        applications: content.applications,
        number_sequences: env
            .number_sequences()
            .iter()
            .map(|s| NumberSequencePayload {
                name: s.name().to_string(),
                description: s.description().to_string(),
            })
            .collect(),
    })
}

/// The payload Publish sends, or every problem that blocks it.
pub fn build(ws: &Workspace, environment: Id) -> Result<EnvironmentPayload, Vec<Problem>> {
    let problems = ws.problems(environment);
    if !problems.is_empty() {
        return Err(problems);
    }
    ws.environment(environment)
        .and_then(|env| assemble(ws, env))
        .ok_or_else(Vec::new)
}
