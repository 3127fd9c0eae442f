//! An environment's last publication: revision, time, and the snapshot of
//! the payload sent (`publish-api.md`'s body), from which the status is
//! derived.
//!
//! The snapshot is a record, not configuration, so it is read as the
//! payload's shape demands (every field, no other); but it is part of the
//! file, so each value still goes through its constructor (no secret
//! value is ever stored) and is kept in its normalised form. Number
//! sequences in it are ignored: they never count towards the status.

use serde_json::Value;
use thiserror::Error;

use super::key_vault::entry_type;
use super::Builder;
use crate::answers::Revision;
use crate::file::reader::Obj;
use crate::file::{pointer, rule};
use crate::model::{Id, Publication, Workspace};
use crate::payload::{
    ApplicationPayload, CertificatePayload, EnvironmentPayload, KeyVaultReferencePayload,
    NumberSequencePayload, SasSecretPayload, UserPayload, SCHEMA_VERSION,
};
use crate::values::{
    quoted, refuse_secret, Description, Email, EnvironmentName, Guid, Justification, KeyVaultUri,
    Name, SecretName, SecretRefused, SequenceName, UserId,
};

const PUBLICATION_FIELDS: &[&str] = &["revision", "publishedAt", "snapshot"];
const SNAPSHOT_FIELDS: &[&str] = &[
    "schemaVersion",
    "name",
    "description",
    "storageSasTokenSecret",
    "keyVaultReferences",
    "users",
    "applications",
    "numberSequences",
];
const SAS_FIELDS: &[&str] = &["keyVaultReference", "keyVaultUri", "secretName"];
const REFERENCE_FIELDS: &[&str] = &["name", "description", "uri", "certificates"];
const CERTIFICATE_FIELDS: &[&str] = &["name", "description", "type", "chain"];
const USER_FIELDS: &[&str] = &["userId", "email"];
const APPLICATION_FIELDS: &[&str] = &[
    "tenantId",
    "lcsEnvironmentId",
    "applicationId",
    "objectId",
    "justification",
];
const SEQUENCE_FIELDS: &[&str] = &["name", "description"];

/// Why a `publishedAt` was refused. It is the service's RFC 3339 time,
/// kept as the service sent it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub(super) enum PublishedAtError {
    #[error(transparent)]
    Secret(#[from] SecretRefused),
    #[error("Enter the time of the publication as the service reported it, such as 2026-11-21T10:00:00Z.")]
    Empty,
    #[error("The time of the publication must be at most 64 characters without control characters, such as 2026-11-21T10:00:00Z; {} is not.", quoted(.0))]
    Invalid(String),
}

fn published_at(text: &str) -> Result<String, PublishedAtError> {
    refuse_secret(text)?;
    if text.trim().is_empty() {
        return Err(PublishedAtError::Empty);
    }
    if text.chars().count() > 64 || text.chars().any(char::is_control) {
        return Err(PublishedAtError::Invalid(text.to_owned()));
    }
    Ok(text.to_owned())
}

/// A text through its constructor, kept in its normalised form.
fn text<T: AsRef<str>, E>(
    parse: impl Fn(&str) -> Result<T, E>,
) -> impl Fn(&str) -> Result<String, E> {
    move |s| parse(s).map(|v| v.as_ref().to_owned())
}

impl Builder {
    pub(super) fn publication(&mut self, ws: &mut Workspace, env: Id, value: &Value, at: String) {
        let Some(obj) = self.r.object(value, at, "publication", PUBLICATION_FIELDS) else {
            return;
        };
        let revision = self
            .r
            .parse(&obj, "revision", rule::REVISION, Revision::parse);
        let published_at = self
            .r
            .parse(&obj, "publishedAt", rule::PUBLISHED_AT, published_at);
        let snapshot = self
            .r
            .required(&obj, "snapshot")
            .and_then(|v| self.snapshot(v, obj.at("snapshot")));
        if let (Some(revision), Some(published_at), Some(snapshot)) =
            (revision, published_at, snapshot)
        {
            let publication = Publication {
                revision,
                published_at,
                snapshot,
            };
            if let Err(e) = ws.record_publication(env, publication) {
                self.refused(obj.pointer(), e);
            }
        }
    }

    /// The snapshot, or `None` when anything in it was reported.
    fn snapshot(&mut self, value: &Value, at: String) -> Option<EnvironmentPayload> {
        let before = self.r.count();
        let obj = self
            .r
            .object(value, at, "published snapshot", SNAPSHOT_FIELDS)?;
        let schema_version = self.schema_version(&obj);
        let name = self.r.parse(
            &obj,
            "name",
            rule::ENVIRONMENT_NAME,
            text(EnvironmentName::parse),
        );
        let description = self.r.parse(
            &obj,
            "description",
            rule::DESCRIPTION,
            text(Description::parse),
        );
        let sas = self
            .r
            .required(&obj, "storageSasTokenSecret")
            .and_then(|v| self.snapshot_sas(v, obj.at("storageSasTokenSecret")));
        let references = self.each(&obj, "keyVaultReferences", Self::snapshot_reference);
        let users = self.each(&obj, "users", Self::snapshot_user);
        let applications = self.each(&obj, "applications", Self::snapshot_application);
        let at = obj.at("numberSequences");
        let number_sequences = self
            .r
            .list(&obj, "numberSequences")
            .iter()
            .enumerate()
            .filter_map(|(i, item)| self.snapshot_sequence(item, pointer::index(&at, i)))
            .collect();
        if self.r.count() > before {
            return None;
        }
        Some(EnvironmentPayload {
            schema_version: schema_version?,
            name: name?,
            description: description?,
            dataverse_endpoint_uri: None,
            storage_sas_token_secret: sas?,
            key_vault_references: references?,
            users: users?,
            applications: applications?,
            number_sequences,
        })
    }

    fn schema_version(&mut self, obj: &Obj<'_>) -> Option<u32> {
        let value = self.r.required(obj, "schemaVersion")?;
        match value.as_u64() {
            Some(n) if n == u64::from(SCHEMA_VERSION) => Some(SCHEMA_VERSION),
            Some(n) => {
                self.r.report(
                    obj.at("schemaVersion"),
                    rule::SCHEMA_VERSION,
                    format!("This snapshot was sent with publish contract version {n}; this console speaks version {SCHEMA_VERSION}."),
                );
                None
            }
            None => {
                self.r.expected(
                    &obj.at("schemaVersion"),
                    &format!("the contract version {SCHEMA_VERSION}"),
                    value,
                );
                None
            }
        }
    }

    /// A required list whose items are read by `item`.
    fn each<T>(
        &mut self,
        obj: &Obj<'_>,
        key: &str,
        item: fn(&mut Self, &Value, String) -> Option<T>,
    ) -> Option<Vec<T>> {
        let value = self.r.required(obj, key)?;
        let at = obj.at(key);
        let items = self.r.array(value, &at)?;
        let read: Vec<T> = items
            .iter()
            .enumerate()
            .filter_map(|(i, v)| item(self, v, pointer::index(&at, i)))
            .collect();
        (read.len() == items.len()).then_some(read)
    }

    fn snapshot_sas(&mut self, value: &Value, at: String) -> Option<SasSecretPayload> {
        let obj = self
            .r
            .object(value, at, "Storage SAS token secret", SAS_FIELDS)?;
        let key_vault_reference =
            self.r
                .parse(&obj, "keyVaultReference", rule::NAME, text(Name::parse));
        let key_vault_uri = self.r.parse(
            &obj,
            "keyVaultUri",
            rule::KEY_VAULT_URI,
            text(KeyVaultUri::parse),
        );
        let secret_name = self.r.parse(
            &obj,
            "secretName",
            rule::SECRET_NAME,
            text(SecretName::parse),
        );
        Some(SasSecretPayload {
            key_vault_reference: key_vault_reference?,
            key_vault_uri: key_vault_uri?,
            secret_name: secret_name?,
        })
    }

    fn snapshot_reference(
        &mut self,
        value: &Value,
        at: String,
    ) -> Option<KeyVaultReferencePayload> {
        let obj = self
            .r
            .object(value, at, "Key Vault reference", REFERENCE_FIELDS)?;
        let name = self.r.parse(&obj, "name", rule::NAME, text(Name::parse));
        let description = self.r.parse(
            &obj,
            "description",
            rule::DESCRIPTION,
            text(Description::parse),
        );
        let uri = self
            .r
            .parse(&obj, "uri", rule::KEY_VAULT_URI, text(KeyVaultUri::parse));
        let certificates = self.each(&obj, "certificates", Self::snapshot_certificate);
        Some(KeyVaultReferencePayload {
            name: name?,
            description: description?,
            uri: uri?,
            certificates: certificates?,
            certificate_chains: Vec::new(),
        })
    }

    fn snapshot_certificate(&mut self, value: &Value, at: String) -> Option<CertificatePayload> {
        let obj = self
            .r
            .object(value, at, "certificate or secret", CERTIFICATE_FIELDS)?;
        let name = self
            .r
            .parse(&obj, "name", rule::SECRET_NAME, text(SecretName::parse));
        let description = self.r.parse(
            &obj,
            "description",
            rule::DESCRIPTION,
            text(Description::parse),
        );
        let entry_type = self.r.parse(&obj, "type", rule::ENTRY_TYPE, entry_type);
        let chain = match obj.get("chain") {
            None => Some(None),
            Some(value) => {
                let at = obj.at("chain");
                let items = self.r.array(value, &at)?;
                let names: Vec<String> = items
                    .iter()
                    .enumerate()
                    .filter_map(|(i, item)| {
                        let p = pointer::index(&at, i);
                        let member = self.r.string(item, &p)?;
                        self.r
                            .check(&p, rule::SECRET_NAME, text(SecretName::parse)(member))
                    })
                    .collect();
                (names.len() == items.len()).then_some(Some(names))
            }
        };
        let _ = chain;
        Some(CertificatePayload {
            name: name?,
            description: description?,
            entry_type: entry_type?,
        })
    }

    fn snapshot_user(&mut self, value: &Value, at: String) -> Option<UserPayload> {
        let obj = self.r.object(value, at, "user", USER_FIELDS)?;
        let user_id = self
            .r
            .parse(&obj, "userId", rule::USER_ID, text(UserId::parse));
        let email = self.r.parse(&obj, "email", rule::EMAIL, text(Email::parse));
        Some(UserPayload {
            user_id: user_id?,
            email: email?,
        })
    }

    fn snapshot_application(&mut self, value: &Value, at: String) -> Option<ApplicationPayload> {
        let obj = self
            .r
            .object(value, at, "application", APPLICATION_FIELDS)?;
        let mut guid = |key: &str| self.r.parse(&obj, key, rule::GUID, text(Guid::parse));
        let tenant_id = guid("tenantId");
        let lcs_environment_id = guid("lcsEnvironmentId");
        let application_id = guid("applicationId");
        let object_id = guid("objectId");
        let justification = self.r.parse(
            &obj,
            "justification",
            rule::JUSTIFICATION,
            text(Justification::parse),
        );
        Some(ApplicationPayload {
            name: String::new(),
            tenant_id: tenant_id?,
            lcs_environment_id: lcs_environment_id?,
            application_id: application_id?,
            object_id: object_id?,
            justification: justification?,
        })
    }

    fn snapshot_sequence(&mut self, value: &Value, at: String) -> Option<NumberSequencePayload> {
        let obj = self
            .r
            .object(value, at, "number sequence", SEQUENCE_FIELDS)?;
        let name = self
            .r
            .parse(&obj, "name", rule::SEQUENCE_NAME, text(SequenceName::parse));
        let description = self.r.parse(
            &obj,
            "description",
            rule::DESCRIPTION,
            text(Description::parse),
        );
        Some(NumberSequencePayload {
            name: name?,
            description: description?,
        })
    }
}
