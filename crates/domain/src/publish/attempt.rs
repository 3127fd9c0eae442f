//! One publish attempt: which environment, the exact body, the precondition
//! and the `Idempotency-Key`.
//!
//! The key belongs to one content sent under one precondition. Planning a
//! publish again with the previous attempt at hand reuses its key when
//! nothing differs (a manual retry after a timeout or a lost answer), so the
//! service applies that content at most once; any edit, or an overwrite
//! against another revision, is a new attempt with a new key.
//!
//! An attempt can be kept for the length of a sign-in redirect (the page
//! puts it in `sessionStorage`, this tab only) so that the publish a
//! `401` interrupted is retried afterwards with its own key: it
//! serialises, and its key reads back only as a version 4 UUID.

use std::fmt;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::answers::Revision;
use crate::model::{Id, Problem, Workspace};
use crate::payload::EnvironmentPayload;

/// A random (version 4) UUID identifying one publish of one content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct IdempotencyKey(Uuid);

impl IdempotencyKey {
    /// Builds a version 4 key from 16 random bytes (the page takes them from
    /// the browser's `crypto.getRandomValues`).
    pub fn from_random_bytes(bytes: [u8; 16]) -> IdempotencyKey {
        IdempotencyKey(uuid::Builder::from_random_bytes(bytes).into_uuid())
    }
}

impl Serialize for IdempotencyKey {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for IdempotencyKey {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        match Uuid::try_parse(&text) {
            Ok(uuid) if uuid.get_version_num() == 4 => Ok(IdempotencyKey(uuid)),
            _ => Err(serde::de::Error::custom(
                "an idempotency key is a version 4 UUID",
            )),
        }
    }
}

impl fmt::Display for IdempotencyKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.hyphenated())
    }
}

/// What the service must hold for the publish to apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Precondition {
    /// `If-None-Match: *`: a first publish; the service must not hold the
    /// name yet.
    Create,
    /// `If-Match: "{revision}"`: the service must still hold this revision.
    Match(Revision),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PublishAttempt {
    pub environment: Id,
    /// The environment's name, as the URL carries it.
    pub name: String,
    pub payload: EnvironmentPayload,
    /// The payload as JSON, exactly as sent (and compared on retry).
    pub body: String,
    pub precondition: Precondition,
    pub key: IdempotencyKey,
}

impl PublishAttempt {
    /// Plans publishing `environment` as it is now.
    ///
    /// The precondition is `If-Match` on the revision this browser last
    /// published under the same name, or `overwrite`'s revision when the
    /// administrator chose to overwrite what someone else published; a
    /// never-published (or since renamed) environment is created. The key
    /// is `previous`'s when it planned the very same request, else
    /// `fresh_key()`. Refused, with what blocks it, while the environment
    /// has problems.
    pub fn plan(
        ws: &Workspace,
        environment: Id,
        previous: Option<&PublishAttempt>,
        overwrite: Option<&Revision>,
        fresh_key: impl FnOnce() -> IdempotencyKey,
    ) -> Result<PublishAttempt, Vec<Problem>> {
        let payload = ws.publish_payload(environment)?;
        let body = payload.to_json();
        let published = ws
            .environment(environment)
            .and_then(|e| e.publication())
            .filter(|p| p.snapshot.name.eq_ignore_ascii_case(&payload.name))
            .map(|p| p.revision.clone());
        let precondition = match overwrite.cloned().or(published) {
            Some(revision) => Precondition::Match(revision),
            None => Precondition::Create,
        };
        let key = match previous {
            Some(p)
                if p.environment == environment
                    && p.body == body
                    && p.precondition == precondition =>
            {
                p.key
            }
            _ => fresh_key(),
        };
        Ok(PublishAttempt {
            environment,
            name: payload.name.clone(),
            payload,
            body,
            precondition,
            key,
        })
    }
}
