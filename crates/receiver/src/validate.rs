//! A publish body, checked field by field with the console's own rules
//! (the `domain` crate's value constructors and workspace messages), each
//! failure at the JSON pointer of the field in the body as it was sent.
//!
//! Version 2 is checked as the console checks what it publishes: chains of
//! certificates under each reference (named with the Name rule, unique per
//! reference, members Certificate entries of the same reference listed
//! once), applications named, the Dataverse endpoint URI when set. Version 1
//! is checked as it always was (a chain is an entry of type
//! `certificateChain`, so its name follows the entries' rules); members that
//! only version 2 has are refused in it, and version 1's chain entries are
//! refused in version 2, each saying where it belongs.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::fmt::Display;

use domain::answers::ProblemError;
use domain::model::WorkspaceError;
use domain::payload::{OLDEST_SCHEMA_VERSION, SCHEMA_VERSION};
use domain::values::{
    quoted, DataverseUri, Description, Email, EnvironmentName, Guid, Justification, KeyVaultUri,
    Name, SecretName, SequenceName, UserId,
};

use crate::answer::{field, pointer};
use crate::body::{Body, Kind, Reference, Version};

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

    /// A member only version 2 has, sent in a version 1 body.
    fn version_two_only(&mut self, at: String, member: &str) {
        self.push(
            at,
            format!(
                "{member} is part of payload schema version {SCHEMA_VERSION}, but this body says schemaVersion {OLDEST_SCHEMA_VERSION}. Send the whole body in version {SCHEMA_VERSION}'s shape with schemaVersion {SCHEMA_VERSION}, or leave {member} out."
            ),
        );
    }
}

/// A reference's entries by lowercase name, with their type.
type Entries = HashMap<String, Kind>;

/// Every field-level problem of a publish body of `version` to `url_name`.
pub fn environment(version: Version, body: &Body, url_name: &str) -> Vec<ProblemError> {
    let mut errors = Errors::default();
    let e = &mut errors;

    if let Some(name) = e.check("/name", EnvironmentName::parse(&body.name)) {
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
    e.check("/description", Description::parse(&body.description));
    if let Some(uri) = &body.dataverse_endpoint_uri {
        const AT: &str = "/dataverseEndpointUri";
        match version {
            Version::One => e.version_two_only(AT.into(), "dataverseEndpointUri"),
            Version::Two if uri.trim().is_empty() => e.push(
                AT,
                "The Dataverse endpoint URI is empty. Leave dataverseEndpointUri out when the environment has none, or send it, such as https://contoso.crm.dynamics.com/api/data/v9.1/.",
            ),
            Version::Two => {
                e.check(AT, DataverseUri::parse(uri));
            }
        }
    }

    // Key Vault references, remembered by lowercase name: their URI and
    // their entries.
    let mut references: HashMap<String, (Option<KeyVaultUri>, Entries)> = HashMap::new();
    for (i, reference) in body.key_vault_references.iter().enumerate() {
        let at = pointer("/keyVaultReferences", i);
        let name = e.check(&pointer(&at, "name"), Name::parse(&reference.name));
        e.check(
            &pointer(&at, "description"),
            Description::parse(&reference.description),
        );
        let uri = e.check(&pointer(&at, "uri"), KeyVaultUri::parse(&reference.uri));
        let entries = entries(e, version, reference, &at);
        chains(e, version, reference, &at, &entries);
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
    let sas = &body.storage_sas_token_secret;
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
                        Some(Kind::Secret) => {}
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
    for (i, user) in body.users.iter().enumerate() {
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
    for (i, application) in body.applications.iter().enumerate() {
        let at = pointer("/applications", i);
        let name_at = pointer(&at, "name");
        match (version, &application.name) {
            (Version::One, Some(_)) => e.version_two_only(name_at, "An application's name"),
            (Version::One, None) => {}
            (Version::Two, Some(name)) if !name.trim().is_empty() => {
                e.check(&name_at, Name::parse(name));
            }
            (Version::Two, _) => e.push(
                name_at,
                "Enter the application's name (its display name, as Microsoft Entra ID shows it): payload schema version 2 names every application.",
            ),
        }
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
    for (i, sequence) in body.number_sequences.iter().enumerate() {
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

/// Checks a reference's entries (`at` is the reference's pointer) and
/// returns them by lowercase name. In version 1 they include its chains;
/// in version 2 an entry of type `certificateChain` is refused, saying
/// where chains went.
fn entries(e: &mut Errors, version: Version, reference: &Reference, at: &str) -> Entries {
    let mut entries = Entries::new();
    for (j, entry) in reference.certificates.iter().enumerate() {
        let entry_at = pointer(&pointer(at, "certificates"), j);
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
                    slot.insert(entry.kind);
                }
            }
        }
        e.check(
            &pointer(&entry_at, "description"),
            Description::parse(&entry.description),
        );
        let has_members = entry.chain.as_ref().is_some_and(|chain| !chain.is_empty());
        match (version, entry.kind) {
            (Version::One, Kind::CertificateChain) => {}
            (Version::One, kind) if has_members => e.push(
                pointer(&entry_at, "chain"),
                format!(
                    "Only an entry of type certificateChain lists a chain; {} is of type {}. Remove chain, or make its type certificateChain.",
                    quoted(entry.name.trim()),
                    kind.label()
                ),
            ),
            (Version::One, _) => {}
            (Version::Two, Kind::CertificateChain) => e.push(
                pointer(&entry_at, "type"),
                format!(
                    "In payload schema version 2 a chain of certificates is no longer an entry: list {} under certificateChains of Key Vault reference {} (its name, description, and certificates, root first), and give each entry in certificates the type secret or certificate.",
                    quoted(entry.name.trim()),
                    quoted(reference.name.trim())
                ),
            ),
            (Version::Two, _) if entry.chain.is_some() => e.push(
                pointer(&entry_at, "chain"),
                format!(
                    "In payload schema version 2 an entry has no chain: list the chain of certificates under certificateChains of Key Vault reference {}, and remove chain from entry {}.",
                    quoted(reference.name.trim()),
                    quoted(entry.name.trim())
                ),
            ),
            (Version::Two, _) => {}
        }
    }
    if version == Version::One && reference.certificate_chains.is_some() {
        e.version_two_only(pointer(at, "certificateChains"), "certificateChains");
    }
    entries
}

/// Checks a reference's chains of certificates once its entries are known.
/// A version 2 chain's name follows the Name rule and is unique among the
/// reference's chains (a version 1 chain is an entry, checked with them).
/// Either way it lists at least one member, each a Certificate entry of the
/// same reference, once.
fn chains(e: &mut Errors, version: Version, reference: &Reference, at: &str, entries: &Entries) {
    let mut names = HashSet::new();
    for chain in reference.chains(version, at) {
        if version == Version::Two {
            let name_at = pointer(&chain.at, "name");
            if let Some(name) = e.check(&name_at, Name::parse(chain.name)) {
                if !names.insert(name.key()) {
                    e.push(
                        name_at,
                        WorkspaceError::DuplicateChainName {
                            reference: reference.name.trim().to_string(),
                            name: name.to_string(),
                        }
                        .to_string(),
                    );
                }
            }
            e.check(
                &pointer(&chain.at, "description"),
                Description::parse(chain.description),
            );
        }
        if chain.members.is_empty() {
            e.push(
                chain.members_at,
                format!(
                    "Chain of certificates {} of Key Vault reference {} has no certificates. Add them, root first.",
                    quoted(chain.name.trim()),
                    quoted(reference.name.trim())
                ),
            );
            continue;
        }
        let invalid = |member: &str, reason: &'static str| {
            WorkspaceError::InvalidChainMember {
                chain: chain.name.trim().to_string(),
                member: member.trim().to_string(),
                reason,
            }
            .to_string()
        };
        let mut listed = HashSet::new();
        for (k, member) in chain.members.iter().enumerate() {
            let member_at = pointer(&chain.members_at, k);
            let key = member.trim().to_lowercase();
            match entries.get(&key) {
                None => e.push(
                    member_at,
                    invalid(
                        member,
                        "members must be certificates of the same Key Vault reference",
                    ),
                ),
                Some(Kind::Certificate) => {
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
