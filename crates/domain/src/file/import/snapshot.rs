//! An environment's last publication: revision, time, and the snapshot of
//! the payload sent (`publish-api.md`'s body), from which the status is
//! derived.
//!
//! The snapshot is a record, not configuration, so it is read as the
//! payload's shape demands (every field, no other); but it is part of the
//! file, so each value still goes through its constructor (no secret
//! value is ever stored) and is kept in its normalised form. Number
//! sequences in it are ignored: they never count towards the status.
//!
//! A snapshot keeps the contract version it was sent with, 1 or 2, and is
//! read in that version's shape ([`super::snapshot_shape::Shape`]): an environment published by an
//! earlier console stays Published. This console writes every snapshot in
//! version 2's shape (the payload type has one shape), so a version 1
//! snapshot may also come with version 2's `certificateChains` and
//! application names (empty); its Key Vault references are read in
//! [`super::snapshot_vault`].

use serde_json::Value;
use thiserror::Error;

use super::snapshot_shape::{text, Shape};
use super::snapshot_vault::recorded_key_vault_uri;
use super::Builder;
use crate::answers::Revision;
use crate::file::limits::{MAX_LIST_ITEMS, MAX_USERS};
use crate::file::reader::Obj;
use crate::file::{pointer, rule};
use crate::model::{Id, Publication, Workspace};
use crate::payload::{
    ApplicationPayload, EnvironmentPayload, NumberSequencePayload, SasSecretPayload, UserPayload,
    OLDEST_SCHEMA_VERSION, SCHEMA_VERSION,
};
use crate::values::{
    quoted, refuse_secret, DataverseUri, Description, Email, EnvironmentName, Guid, Justification,
    Name, SecretName, SecretRefused, SequenceName, UserId,
};

const PUBLICATION_FIELDS: &[&str] = &["revision", "publishedAt", "snapshot"];
const SNAPSHOT_FIELDS_V1: &[&str] = &[
    "schemaVersion",
    "name",
    "description",
    "storageSasTokenSecret",
    "keyVaultReferences",
    "users",
    "applications",
    "numberSequences",
];
const SNAPSHOT_FIELDS_V2: &[&str] = &[
    "schemaVersion",
    "name",
    "description",
    "dataverseEndpointUri",
    "storageSasTokenSecret",
    "keyVaultReferences",
    "users",
    "applications",
    "numberSequences",
];
const SAS_FIELDS: &[&str] = &["keyVaultReference", "keyVaultUri", "secretName"];
const USER_FIELDS: &[&str] = &["userId", "email"];
const APPLICATION_FIELDS: &[&str] = &[
    "name",
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
                published_by: None,
            };
            if let Err(e) = ws.record_publication(env, publication) {
                self.refused(obj.pointer(), e);
            }
        }
    }

    /// The snapshot, or `None` when anything in it was reported.
    fn snapshot(&mut self, value: &Value, at: String) -> Option<EnvironmentPayload> {
        let before = self.r.count();
        let shape = Shape::of(value);
        let fields = match shape {
            Shape::V1 => SNAPSHOT_FIELDS_V1,
            Shape::V2 => SNAPSHOT_FIELDS_V2,
        };
        let obj = self.r.object(value, at, "published snapshot", fields)?;
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
        let dataverse_endpoint_uri = match obj.get("dataverseEndpointUri") {
            None => Some(None),
            Some(value) => {
                let at = obj.at("dataverseEndpointUri");
                self.r
                    .string(value, &at)
                    .and_then(|uri| {
                        self.r
                            .check(&at, rule::DATAVERSE_URI, text(DataverseUri::parse)(uri))
                    })
                    .map(Some)
            }
        };
        let sas = self
            .r
            .required(&obj, "storageSasTokenSecret")
            .and_then(|v| self.snapshot_sas(v, obj.at("storageSasTokenSecret")));
        let references = self.each(&obj, "keyVaultReferences", |b, v, p| {
            b.snapshot_reference(v, p, shape)
        });
        // A snapshot's users are read one by one, never compared with each
        // other, so it may list as many as an environment may have.
        let users = self.each_up_to(&obj, "users", MAX_USERS, Self::snapshot_user);
        let applications = self.each(&obj, "applications", |b, v, p| {
            b.snapshot_application(v, p, shape)
        });
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
            dataverse_endpoint_uri: dataverse_endpoint_uri?,
            storage_sas_token_secret: sas?,
            key_vault_references: references?,
            users: users?,
            applications: applications?,
            number_sequences,
        })
    }

    fn schema_version(&mut self, obj: &Obj<'_>) -> Option<u32> {
        let value = self.r.required(obj, "schemaVersion")?;
        let read = OLDEST_SCHEMA_VERSION..=SCHEMA_VERSION;
        match value.as_u64() {
            Some(n) => match u32::try_from(n).ok().filter(|n| read.contains(n)) {
                Some(n) => Some(n),
                None => {
                    self.r.report(
                        obj.at("schemaVersion"),
                        rule::SCHEMA_VERSION,
                        format!("This snapshot was sent with publish contract version {n}; this console reads versions {OLDEST_SCHEMA_VERSION} and {SCHEMA_VERSION}."),
                    );
                    None
                }
            },
            None => {
                self.r.expected(
                    &obj.at("schemaVersion"),
                    &format!("the contract version {OLDEST_SCHEMA_VERSION} or {SCHEMA_VERSION}"),
                    value,
                );
                None
            }
        }
    }

    /// A required list whose items are read by `item`; `None` unless every
    /// item was read.
    pub(super) fn each<T>(
        &mut self,
        obj: &Obj<'_>,
        key: &str,
        item: impl FnMut(&mut Self, &Value, String) -> Option<T>,
    ) -> Option<Vec<T>> {
        self.each_up_to(obj, key, MAX_LIST_ITEMS, item)
    }

    /// [`Self::each`] for a list that may hold up to `limit` items (the
    /// users of a published environment, as many as the environment has).
    pub(super) fn each_up_to<T>(
        &mut self,
        obj: &Obj<'_>,
        key: &str,
        limit: usize,
        mut item: impl FnMut(&mut Self, &Value, String) -> Option<T>,
    ) -> Option<Vec<T>> {
        let value = self.r.required(obj, key)?;
        let at = obj.at(key);
        let items = self.r.array_up_to(value, &at, limit)?;
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
            recorded_key_vault_uri,
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

    /// Version 2 names every application; version 1 had no names, and this
    /// console writes a version 1 snapshot's applications with `""`.
    fn snapshot_application(
        &mut self,
        value: &Value,
        at: String,
        shape: Shape,
    ) -> Option<ApplicationPayload> {
        let obj = self
            .r
            .object(value, at, "application", APPLICATION_FIELDS)?;
        let name = match (shape, obj.get("name")) {
            (Shape::V1, None) => Some(String::new()),
            (Shape::V1, Some(Value::String(s))) if s.is_empty() => Some(String::new()),
            _ => self.r.parse(&obj, "name", rule::NAME, text(Name::parse)),
        };
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
            name: name?,
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
