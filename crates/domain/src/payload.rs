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

/// The payload schema version this console sends (`publish-api.md`,
/// "Payload schema version 2").
pub const SCHEMA_VERSION: u32 = 2;
/// The oldest payload version this console reads: what the service holds
/// may have been published by an older console.
pub const OLDEST_SCHEMA_VERSION: u32 = 1;

/// The body of a publish, in version 2's shape whichever version it was
/// read from: a version 1 body's chain entries (`type: certificateChain`
/// with its `chain`) are read as its reference's `certificateChains`, its
/// applications without a name, and `schema_version` says which version it
/// was. It is always written in version 2's shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnvironmentPayload {
    pub schema_version: u32,
    pub name: String,
    pub description: String,
    /// The Dataverse endpoint URI, when one is set (version 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dataverse_endpoint_uri: Option<String>,
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
#[serde(rename_all = "camelCase", from = "wire::Reference")]
pub struct KeyVaultReferencePayload {
    pub name: String,
    pub description: String,
    pub uri: String,
    pub certificates: Vec<CertificatePayload>,
    /// The reference's chains of certificates, each in order, root first.
    pub certificate_chains: Vec<ChainPayload>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CertificatePayload {
    pub name: String,
    pub description: String,
    #[serde(rename = "type")]
    pub entry_type: EntryType,
}

/// A chain of certificates: its members name `certificate` entries of the
/// same reference, root first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChainPayload {
    pub name: String,
    pub description: String,
    pub certificates: Vec<String>,
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
    /// The display name; empty in a version 1 body, which had none.
    #[serde(default)]
    pub name: String,
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

/// A Key Vault reference as either version writes it.
mod wire {
    use serde::Deserialize;

    use super::{CertificatePayload, ChainPayload, KeyVaultReferencePayload};
    use crate::model::EntryType;

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub(super) struct Reference {
        name: String,
        description: String,
        uri: String,
        certificates: Vec<Certificate>,
        #[serde(default)]
        certificate_chains: Vec<ChainPayload>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Certificate {
        name: String,
        description: String,
        #[serde(rename = "type")]
        entry_type: Type,
        /// Version 1: a chain's members, root first.
        #[serde(default)]
        chain: Option<Vec<String>>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    enum Type {
        Secret,
        Certificate,
        /// Version 1's chain entry: a chain of the reference in version 2.
        CertificateChain,
    }

    impl From<Reference> for KeyVaultReferencePayload {
        fn from(reference: Reference) -> KeyVaultReferencePayload {
            let mut certificates = Vec::with_capacity(reference.certificates.len());
            let mut chains = Vec::new();
            for entry in reference.certificates {
                let entry_type = match entry.entry_type {
                    Type::Secret => EntryType::Secret,
                    Type::Certificate => EntryType::Certificate,
                    Type::CertificateChain => {
                        chains.push(ChainPayload {
                            name: entry.name,
                            description: entry.description,
                            certificates: entry.chain.unwrap_or_default(),
                        });
                        continue;
                    }
                };
                certificates.push(CertificatePayload {
                    name: entry.name,
                    description: entry.description,
                    entry_type,
                });
            }
            chains.extend(reference.certificate_chains);
            KeyVaultReferencePayload {
                name: reference.name,
                description: reference.description,
                uri: reference.uri,
                certificates,
                certificate_chains: chains,
            }
        }
    }
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
    pub dataverse_endpoint_uri: Option<String>,
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
            dataverse_endpoint_uri: payload.dataverse_endpoint_uri.clone(),
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
                })
                .collect(),
            certificate_chains: r
                .chains()
                .iter()
                .map(|c| ChainPayload {
                    name: c.name().to_string(),
                    description: c.description().to_string(),
                    certificates: c
                        .members()
                        .iter()
                        .filter_map(|m| r.entry(*m))
                        .map(|m| m.name().to_string())
                        .collect(),
                })
                .collect(),
        })
        .collect();
    EnvironmentContent {
        name: env.name().to_string(),
        description: env.description().to_string(),
        dataverse_endpoint_uri: env.dataverse_endpoint().map(ToString::to_string),
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
                name: a.name().map(ToString::to_string).unwrap_or_default(),
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
        dataverse_endpoint_uri: content.dataverse_endpoint_uri,
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
