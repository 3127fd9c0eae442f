//! What the service answers, typed: revisions, publish receipts,
//! problem+json (RFC 9457) errors with JSON pointers, what the service
//! holds, and the classification of a publish answer into what the page
//! must do about it.
//!
//! Classification is plain logic over (status, headers, body), so every
//! answer the contract names is tested natively; the page's HTTP client only
//! moves bytes and acts on the outcome.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::model::EnvironmentField;
use crate::payload::EnvironmentPayload;
use crate::values::{quoted, shown};

/// A published revision, as the service names it. It travels back in
/// `If-Match: "{revision}"`, so it is short visible ASCII without quotes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Revision(String);

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RevisionError {
    #[error("The service sent an empty revision.")]
    Empty,
    #[error("The service sent the revision {}, which cannot be sent back in an If-Match header (at most 128 visible characters, no quotes).", quoted(.0))]
    Invalid(String),
}

impl Revision {
    pub fn parse(input: &str) -> Result<Revision, RevisionError> {
        let value = input.trim();
        if value.is_empty() {
            return Err(RevisionError::Empty);
        }
        if value.len() > 128 || !value.bytes().all(|b| b.is_ascii_graphic() && b != b'"') {
            return Err(RevisionError::Invalid(input.into()));
        }
        Ok(Revision(value.into()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// The `If-Match` header value: the revision in quotes.
    pub fn if_match(&self) -> String {
        format!("\"{}\"", self.0)
    }
}

impl TryFrom<String> for Revision {
    type Error = RevisionError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Revision::parse(&value)
    }
}

impl From<Revision> for String {
    fn from(value: Revision) -> String {
        value.0
    }
}

impl std::fmt::Display for Revision {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// `200`/`201` to a publish.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PublishReceipt {
    pub name: String,
    pub revision: Revision,
    pub published_at: String,
    /// Who published, as the service read the access token (a user
    /// principal name or an object ID); absent when the call carried none,
    /// or the service predates it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_by: Option<String>,
}

/// An RFC 9457 problem document, with the contract's `errors` extension.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProblemDetails {
    #[serde(rename = "type", default)]
    pub problem_type: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub status: Option<u16>,
    #[serde(default)]
    pub detail: Option<String>,
    #[serde(default)]
    pub errors: Vec<ProblemError>,
}

/// One field-level error: where (a JSON pointer into the payload) and what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProblemError {
    pub pointer: String,
    pub detail: String,
}

impl ProblemError {
    /// The field of the environment the pointer names.
    pub fn field(&self) -> EnvironmentField {
        EnvironmentField::from_pointer(&self.pointer)
    }
}

/// One line of `GET {base}api/v1/environments`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HeldEnvironment {
    pub name: String,
    pub revision: Revision,
    pub published_at: String,
    /// Who published, as the service read the access token (a user
    /// principal name or an object ID); absent when the call carried none,
    /// or the service predates it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_by: Option<String>,
}

/// `GET {base}api/v1/environments/{name}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HeldEnvironmentDetail {
    pub revision: Revision,
    pub published_at: String,
    /// Who published, as the service read the access token (a user
    /// principal name or an object ID); absent when the call carried none,
    /// or the service predates it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_by: Option<String>,
    pub environment: EnvironmentPayload,
}

/// One line of `GET {base}api/v1/environments/{name}/number-sequences`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HeldNumberSequence {
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub in_use: bool,
    #[serde(default)]
    pub current: Option<u64>,
}

/// What a publish answer means for the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublishOutcome {
    /// `200`/`201` with a receipt: the environment is Published.
    Published(PublishReceipt),
    /// `400`/`422`: the service refused the content; errors by field.
    Invalid(ProblemDetails),
    /// `401`/`403`: the token is missing, expired, or lacks rights.
    NotAuthorized {
        status: u16,
        problem: Option<ProblemDetails>,
    },
    /// `409`/`412`: someone else published since the revision we know.
    Conflict {
        status: u16,
        problem: Option<ProblemDetails>,
    },
    /// `429`/`503`: try again after this many seconds (when the service
    /// said), with the same `Idempotency-Key`.
    RetryLater {
        status: u16,
        after_seconds: Option<u64>,
    },
    /// Any other answer, or one whose body is not what the contract says.
    Unexpected { status: u16, reason: String },
}

/// Reads `Retry-After` given in seconds (an HTTP date gives `None`: the
/// client then waits its own default).
pub fn retry_after_seconds(header: Option<&str>) -> Option<u64> {
    header?.trim().parse().ok()
}

fn problem(body: &str) -> Option<ProblemDetails> {
    serde_json::from_str(body).ok()
}

/// Classifies a publish answer from its status, `Retry-After` header and
/// body text.
pub fn classify_publish(status: u16, retry_after: Option<&str>, body: &str) -> PublishOutcome {
    match status {
        200 | 201 => match serde_json::from_str::<PublishReceipt>(body) {
            Ok(receipt) => PublishOutcome::Published(receipt),
            Err(e) => PublishOutcome::Unexpected {
                status,
                reason: format!("the service said the publish succeeded, but its answer is not the expected receipt ({})", shown(&e.to_string())),
            },
        },
        400 | 422 => match problem(body) {
            Some(details) => PublishOutcome::Invalid(details),
            None => PublishOutcome::Unexpected {
                status,
                reason: "the service refused the environment without saying why (its answer is not problem+json)".into(),
            },
        },
        401 | 403 => PublishOutcome::NotAuthorized {
            status,
            problem: problem(body),
        },
        409 | 412 => PublishOutcome::Conflict {
            status,
            problem: problem(body),
        },
        429 | 503 => PublishOutcome::RetryLater {
            status,
            after_seconds: retry_after_seconds(retry_after),
        },
        _ => PublishOutcome::Unexpected {
            status,
            reason: format!("the service answered with status {status}"),
        },
    }
}
