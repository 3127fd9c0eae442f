//! A publish body, read by the payload schema version it declares.
//!
//! The service accepts versions 1 and 2 (`publish-api.md`, "Payload schema
//! version 2") and gives back from `GET` what was published, so the receiver
//! keeps the body as sent and reads it here only to check it. One set of
//! wire types reads both versions; [`Version`] then says which members
//! belong where, so every error points into the body as it was sent: a
//! version 1 chain is an entry of `certificates` of type `certificateChain`
//! with its members in `chain`, a version 2 chain is one of the reference's
//! `certificateChains` with its members in `certificates`.
//!
//! The domain's `EnvironmentPayload` is not used to read here: it reads both
//! versions into version 2's shape, which is what a console wants, but it
//! forgets where each chain was and accepts a version 1 chain entry in a
//! version 2 body.

use std::fmt;

use domain::payload::{
    ChainPayload, EnvironmentPayload, NumberSequencePayload, SasSecretPayload, UserPayload,
    OLDEST_SCHEMA_VERSION, SCHEMA_VERSION,
};
use serde::Deserialize;
use serde_json::Value;

use crate::answer::{field, from_value, pointer, Answer, Problem};

/// What a `400` says the receiver expected.
pub const PUBLISH_BODY: &str = "a publish body (publish-api.md: schemaVersion 1 or 2, name, description, storageSasTokenSecret, keyVaultReferences, users, applications, numberSequences)";

/// A payload schema version the receiver reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// Chains are entries of type `certificateChain`; no application
    /// names, no Dataverse endpoint URI.
    One,
    /// Chains under each reference's `certificateChains`, applications
    /// named, `dataverseEndpointUri` when set.
    Two,
}

impl Version {
    fn from_number(number: u64) -> Option<Version> {
        match number {
            n if n == u64::from(OLDEST_SCHEMA_VERSION) => Some(Version::One),
            n if n == u64::from(SCHEMA_VERSION) => Some(Version::Two),
            _ => None,
        }
    }
}

/// A `schemaVersion` the receiver does not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsupportedVersion {
    pub found: u64,
}

impl fmt::Display for UnsupportedVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "This service reads publish payloads of schema version {OLDEST_SCHEMA_VERSION} or {SCHEMA_VERSION}; this one says version {}. Publish from a console that sends version {SCHEMA_VERSION}.",
            self.found
        )
    }
}

impl From<UnsupportedVersion> for Answer {
    /// `422` with the error at `/schemaVersion`; nothing else is read.
    fn from(unsupported: UnsupportedVersion) -> Answer {
        let detail = unsupported.to_string();
        Problem::new(
            422,
            "unsupported-schema-version",
            "Payload schema version not supported",
            detail.clone(),
        )
        .errors(vec![field("/schemaVersion", detail)])
        .answer()
    }
}

/// Why a body could not be read as a publish body.
#[derive(Debug)]
pub enum Unreadable {
    /// Not the JSON of a publish body: a `400` naming the member.
    Malformed(Answer),
    /// A schema version the receiver does not read.
    Version(UnsupportedVersion),
}

impl From<Unreadable> for Answer {
    fn from(unreadable: Unreadable) -> Answer {
        match unreadable {
            Unreadable::Malformed(answer) => answer,
            Unreadable::Version(unsupported) => unsupported.into(),
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Declared {
    schema_version: u64,
}

/// Reads a parsed body: its schema version first, then the members, each
/// of the right JSON type. Unknown members are ignored; members of the
/// other version are read so that [`crate::validate`] can say where they
/// belong. The body must also read as the domain's payload, as consoles
/// read it back.
pub fn read(value: &Value) -> Result<(Version, Body), Unreadable> {
    let declared: Declared = from_value(value, PUBLISH_BODY).map_err(Unreadable::Malformed)?;
    let version = Version::from_number(declared.schema_version).ok_or(Unreadable::Version(
        UnsupportedVersion {
            found: declared.schema_version,
        },
    ))?;
    let body = from_value(value, PUBLISH_BODY).map_err(Unreadable::Malformed)?;
    // What is held is given back to consoles, which read it with the
    // domain's payload: it must read there too (a `null` where a list
    // belongs reads here, not there).
    from_value::<EnvironmentPayload>(value, PUBLISH_BODY).map_err(Unreadable::Malformed)?;
    Ok((version, body))
}

/// The members of a publish body, of either version.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Body {
    pub name: String,
    pub description: String,
    /// Version 2, when one is set.
    #[serde(default)]
    pub dataverse_endpoint_uri: Option<String>,
    pub storage_sas_token_secret: SasSecretPayload,
    pub key_vault_references: Vec<Reference>,
    pub users: Vec<UserPayload>,
    pub applications: Vec<Application>,
    #[serde(default)]
    pub number_sequences: Vec<NumberSequencePayload>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Reference {
    pub name: String,
    pub description: String,
    pub uri: String,
    pub certificates: Vec<Entry>,
    /// Version 2: the reference's chains of certificates.
    #[serde(default)]
    pub certificate_chains: Option<Vec<ChainPayload>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    pub name: String,
    pub description: String,
    #[serde(rename = "type")]
    pub kind: Kind,
    /// Version 1: a chain entry's members, root first.
    #[serde(default)]
    pub chain: Option<Vec<String>>,
}

/// An entry's `type`. `certificateChain` is version 1's only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub enum Kind {
    Secret,
    Certificate,
    CertificateChain,
}

impl Kind {
    /// How an administrator names it, in "… is a {label}, not a Secret".
    pub fn label(self) -> &'static str {
        match self {
            Kind::Secret => "Secret",
            Kind::Certificate => "Certificate",
            Kind::CertificateChain => "chain of certificates",
        }
    }
}

impl TryFrom<String> for Kind {
    type Error = String;

    fn try_from(text: String) -> Result<Kind, String> {
        match text.as_str() {
            "secret" => Ok(Kind::Secret),
            "certificate" => Ok(Kind::Certificate),
            "certificateChain" => Ok(Kind::CertificateChain),
            _ => Err(format!(
                "the type is secret or certificate (or, in schema version 1, certificateChain), not \"{text}\""
            )),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Application {
    /// Version 2: the application's display name.
    #[serde(default)]
    pub name: Option<String>,
    pub tenant_id: String,
    pub lcs_environment_id: String,
    pub application_id: String,
    pub object_id: String,
    pub justification: String,
}

/// A chain of certificates of a reference, whichever version listed it,
/// with the pointers of the chain and of its list of members.
pub struct Chain<'a> {
    pub at: String,
    pub members_at: String,
    pub name: &'a str,
    pub description: &'a str,
    pub members: &'a [String],
}

impl Reference {
    /// The reference's chains: in version 1 its entries of type
    /// `certificateChain`, in version 2 its `certificateChains`. `at` is the
    /// reference's pointer.
    pub fn chains(&self, version: Version, at: &str) -> Vec<Chain<'_>> {
        match version {
            Version::One => self
                .certificates
                .iter()
                .enumerate()
                .filter(|(_, entry)| entry.kind == Kind::CertificateChain)
                .map(|(j, entry)| {
                    let at = pointer(&pointer(at, "certificates"), j);
                    Chain {
                        members_at: pointer(&at, "chain"),
                        at,
                        name: &entry.name,
                        description: &entry.description,
                        members: entry.chain.as_deref().unwrap_or_default(),
                    }
                })
                .collect(),
            Version::Two => self
                .certificate_chains
                .iter()
                .flatten()
                .enumerate()
                .map(|(j, chain)| {
                    let at = pointer(&pointer(at, "certificateChains"), j);
                    Chain {
                        members_at: pointer(&at, "certificates"),
                        at,
                        name: &chain.name,
                        description: &chain.description,
                        members: &chain.certificates,
                    }
                })
                .collect(),
        }
    }
}
