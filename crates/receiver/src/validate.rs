//! A publish body, checked field by field with the console's own rules
//! (the `domain` crate's value constructors and workspace messages), each
//! failure at the JSON pointer of the field.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::fmt::Display;

use domain::answers::ProblemError;
use domain::model::{EntryType, WorkspaceError};
use domain::payload::{EnvironmentPayload, SCHEMA_VERSION};
use domain::values::{
    quoted, Description, Email, EnvironmentName, Guid, Justification, KeyVaultUri, Name,
    SecretName, SequenceName, UserId,
};

use crate::answer::{field, pointer};

#[derive(Default)]
struct Errors(Vec<ProblemError>);

impl Errors {
    fn push(&mut self, at: impl Into<String>, detail: impl Into<String>) {
        self.0.push(field(at, detail));
    }

    /// The parsed value, or `None` with the error recorded at `at`.
    fn check<T, E: Display>(&mut self, at: &str, result: Result<T, E>) -> Option<T> {
        result.map_err(|e| self.push(at, e.to_string())).ok()
    }
}

/// Every field-level problem of a publish body to `url_name`.
pub fn environment(payload: &EnvironmentPayload, url_name: &str) -> Vec<ProblemError> {
    let mut errors = Errors::default();
    let e = &mut errors;

    if payload.schema_version != SCHEMA_VERSION {
        e.push(
            "/schemaVersion",
            format!(
                "This receiver speaks publish contract version {SCHEMA_VERSION}; the body says version {}.",
                payload.schema_version
            ),
        );
    }
    if let Some(name) = e.check("/name", EnvironmentName::parse(&payload.name)) {
        if !name.as_str().eq_ignore_ascii_case(url_name.trim()) {
            e.push(
                "/name",
                format!(
                    "The body names the environment {} but the URL names {}; they must be the same (compared without regard to case).",
                    quoted(name.as_str()),
                    quoted(url_name)
                ),
            );
        }
    }
    e.check("/description", Description::parse(&payload.description));

    // Key Vault references, remembered by lowercase name: their URI and
    // their entries (lowercase name → type).
    let mut references: HashMap<String, (Option<KeyVaultUri>, HashMap<String, EntryType>)> =
        HashMap::new();
    for (i, reference) in payload.key_vault_references.iter().enumerate() {
        let at = pointer("/keyVaultReferences", i);
        let name = e.check(&pointer(&at, "name"), Name::parse(&reference.name));
        e.check(
            &pointer(&at, "description"),
            Description::parse(&reference.description),
        );
        let uri = e.check(&pointer(&at, "uri"), KeyVaultUri::parse(&reference.uri));
        let mut entries: HashMap<String, EntryType> = HashMap::new();
        for (j, entry) in reference.certificates.iter().enumerate() {
            let entry_at = pointer(&pointer(&at, "certificates"), j);
            if let Some(entry_name) =
                e.check(&pointer(&entry_at, "name"), SecretName::parse(&entry.name))
            {
                match entries.entry(entry_name.key()) {
                    Entry::Occupied(_) => e.push(
                        pointer(&entry_at, "name"),
                        WorkspaceError::DuplicateEntryName {
                            reference: reference.name.trim().to_string(),
                            name: entry_name.to_string(),
                        }
                        .to_string(),
                    ),
                    Entry::Vacant(slot) => {
                        slot.insert(entry.entry_type);
                    }
                }
            }
            e.check(
                &pointer(&entry_at, "description"),
                Description::parse(&entry.description),
            );
        }
        // Chains, once every entry of the reference is known.
        let mut chain_names = HashSet::new();
        for (j, chain) in reference.certificate_chains.iter().enumerate() {
            let chain_at = pointer(&pointer(&at, "certificateChains"), j);
            if let Some(chain_name) = e.check(&pointer(&chain_at, "name"), Name::parse(&chain.name))
            {
                if !chain_names.insert(chain_name.key()) {
                    e.push(
                        pointer(&chain_at, "name"),
                        WorkspaceError::DuplicateChainName {
                            reference: reference.name.trim().to_string(),
                            name: chain_name.to_string(),
                        }
                        .to_string(),
                    );
                }
            }
            e.check(
                &pointer(&chain_at, "description"),
                Description::parse(&chain.description),
            );
            let members_at = pointer(&chain_at, "certificates");
            let invalid = |member: &str, reason: &'static str| {
                WorkspaceError::InvalidChainMember {
                    chain: chain.name.trim().to_string(),
                    member: member.trim().to_string(),
                    reason,
                }
                .to_string()
            };
            if chain.certificates.is_empty() {
                e.push(
                    members_at,
                    format!(
                        "Chain of certificates {} of Key Vault reference {} has no certificates. Add them, root first.",
                        quoted(chain.name.trim()),
                        quoted(reference.name.trim())
                    ),
                );
                continue;
            }
            let mut listed = HashSet::new();
            for (k, member) in chain.certificates.iter().enumerate() {
                let member_at = pointer(&members_at, k);
                let key = member.trim().to_lowercase();
                match entries.get(&key) {
                    None => e.push(
                        member_at,
                        invalid(
                            member,
                            "members must be certificates of the same Key Vault reference",
                        ),
                    ),
                    Some(EntryType::Certificate) => {
                        if !listed.insert(key) {
                            e.push(member_at, invalid(member, "it is already in the chain"));
                        }
                    }
                    Some(_) => e.push(
                        member_at,
                        invalid(
                            member,
                            "a chain's members must be entries of Type Certificate",
                        ),
                    ),
                }
            }
        }
        if let Some(name) = name {
            match references.entry(name.key()) {
                Entry::Occupied(_) => e.push(
                    pointer(&at, "name"),
                    WorkspaceError::DuplicateReferenceName {
                        name: name.to_string(),
                    }
                    .to_string(),
                ),
                Entry::Vacant(slot) => {
                    slot.insert((uri, entries));
                }
            }
        }
    }

    // The Storage SAS token secret: valid, and an entry of Type Secret of
    // one of the body's references, at that reference's URI.
    let sas = &payload.storage_sas_token_secret;
    let sas_reference = e.check(
        "/storageSasTokenSecret/keyVaultReference",
        Name::parse(&sas.key_vault_reference),
    );
    let sas_uri = e.check(
        "/storageSasTokenSecret/keyVaultUri",
        KeyVaultUri::parse(&sas.key_vault_uri),
    );
    let sas_secret = e.check(
        "/storageSasTokenSecret/secretName",
        SecretName::parse(&sas.secret_name),
    );
    if let Some(reference) = sas_reference {
        match references.get(&reference.key()) {
            None => e.push(
                "/storageSasTokenSecret/keyVaultReference",
                format!(
                    "The Storage SAS token secret names Key Vault reference {}, which is not among this environment's keyVaultReferences. Send the reference that holds the secret.",
                    quoted(reference.as_str())
                ),
            ),
            Some((held_uri, entries)) => {
                if let (Some(uri), Some(held)) = (&sas_uri, held_uri) {
                    if uri.as_str() != held.as_str() {
                        e.push(
                            "/storageSasTokenSecret/keyVaultUri",
                            format!(
                                "The Storage SAS token secret's Key Vault URI {} differs from the URI {} of Key Vault reference {}.",
                                quoted(uri.as_str()),
                                quoted(held.as_str()),
                                quoted(reference.as_str())
                            ),
                        );
                    }
                }
                if let Some(secret) = sas_secret {
                    match entries.get(&secret.key()) {
                        None => e.push(
                            "/storageSasTokenSecret/secretName",
                            format!(
                                "Key Vault reference {} has no entry named {}; the Storage SAS token secret must be one of its entries of Type Secret.",
                                quoted(reference.as_str()),
                                quoted(secret.as_str())
                            ),
                        ),
                        Some(EntryType::Secret) => {}
                        Some(other) => e.push(
                            "/storageSasTokenSecret/secretName",
                            WorkspaceError::NotASecret {
                                entry: secret.to_string(),
                                kind: other.label(),
                            }
                            .to_string(),
                        ),
                    }
                }
            }
        }
    }

    let mut user_ids = HashSet::new();
    let mut emails = HashSet::new();
    for (i, user) in payload.users.iter().enumerate() {
        let at = pointer("/users", i);
        let id_at = pointer(&at, "userId");
        if let Some(user_id) = e.check(&id_at, UserId::parse(&user.user_id)) {
            if !user_ids.insert(user_id.key()) {
                e.push(
                    id_at,
                    WorkspaceError::DuplicateUserId {
                        user_id: user_id.to_string(),
                    }
                    .to_string(),
                );
            }
        }
        let email_at = pointer(&at, "email");
        if let Some(email) = e.check(&email_at, Email::parse(&user.email)) {
            if !emails.insert(email.key()) {
                e.push(
                    email_at,
                    WorkspaceError::DuplicateEmail {
                        email: email.to_string(),
                    }
                    .to_string(),
                );
            }
        }
    }

    let mut application_ids = HashSet::new();
    for (i, application) in payload.applications.iter().enumerate() {
        let at = pointer("/applications", i);
        e.check(
            &pointer(&at, "tenantId"),
            Guid::parse(&application.tenant_id),
        );
        e.check(
            &pointer(&at, "lcsEnvironmentId"),
            Guid::parse(&application.lcs_environment_id),
        );
        let id_at = pointer(&at, "applicationId");
        if let Some(id) = e.check(&id_at, Guid::parse(&application.application_id)) {
            if !application_ids.insert(id.to_string()) {
                e.push(
                    id_at,
                    WorkspaceError::DuplicateApplication {
                        application_id: id.to_string(),
                    }
                    .to_string(),
                );
            }
        }
        e.check(
            &pointer(&at, "objectId"),
            Guid::parse(&application.object_id),
        );
        e.check(
            &pointer(&at, "justification"),
            Justification::parse(&application.justification),
        );
    }

    let mut sequences = HashSet::new();
    for (i, sequence) in payload.number_sequences.iter().enumerate() {
        let at = pointer("/numberSequences", i);
        let name_at = pointer(&at, "name");
        if let Some(name) = e.check(&name_at, SequenceName::parse(&sequence.name)) {
            if !sequences.insert(name.key()) {
                e.push(
                    name_at,
                    WorkspaceError::DuplicateSequenceName {
                        name: name.to_string(),
                    }
                    .to_string(),
                );
            }
        }
        e.check(
            &pointer(&at, "description"),
            Description::parse(&sequence.description),
        );
    }

    errors.0
}

/// The problems of a number sequence body `{ "name", "description" }` sent
/// to the URL's `sequence`; the normalised name and description when there
/// are none.
pub fn sequence(
    name: &str,
    description: &str,
    url_sequence: &str,
) -> Result<(String, String), Vec<ProblemError>> {
    let mut errors = Errors::default();
    let e = &mut errors;
    let name = e.check("/name", SequenceName::parse(name));
    if let Some(name) = &name {
        if !name.as_str().eq_ignore_ascii_case(url_sequence.trim()) {
            e.push(
                "/name",
                format!(
                    "The body names the number sequence {} but the URL names {}; they must be the same (compared without regard to case).",
                    quoted(name.as_str()),
                    quoted(url_sequence)
                ),
            );
        }
    }
    let description = e.check("/description", Description::parse(description));
    match (name, description) {
        (Some(name), Some(description)) if errors.0.is_empty() => {
            Ok((name.to_string(), description.to_string()))
        }
        _ => Err(errors.0),
    }
}
