//! The publish payload of `publish-api.md`: what `PUT
//! {base}api/v1/environments/{name}` carries.
//!
//! Built only from an environment with no publish-blocking problems, out of
//! validated, normalised values (lowercase GUIDs and hosts, trimmed text).
//! The same types read the payload back (the service's `GET`, the
//! development receiver), so they are plain wire types, camelCase.

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

/// The payload of an environment as it stands, whether or not it may be
/// published; `None` while it has no (resolvable) Storage SAS token secret.
/// Used for the status, which compares content, not validity.
pub fn assemble(ws: &Workspace, env: &ServiceEnvironment) -> Option<EnvironmentPayload> {
    let (sas_reference, sas_entry) = ws.resolve(env.storage_sas_secret()?)?;
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
    Some(EnvironmentPayload {
        schema_version: SCHEMA_VERSION,
        name: env.name().to_string(),
        description: env.description().to_string(),
        storage_sas_token_secret: SasSecretPayload {
            key_vault_reference: sas_reference.name().to_string(),
            key_vault_uri: sas_reference.uri().to_string(),
            secret_name: sas_entry.name().to_string(),
        },
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
