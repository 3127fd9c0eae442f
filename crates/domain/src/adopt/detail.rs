//! The answer to `GET {base}api/v1/environments/{name}`: its envelope
//! (`revision`, `publishedAt`, `publishedBy`, `environment`) checked here,
//! the body read with the workspace file's rules ([`super::document`]),
//! and why it may be refused, in an administrator's words.
//!
//! The envelope is the service's own (a field added to it later is no
//! reason to refuse); the body is held to the contract exactly, as an
//! imported file is.

use serde_json::{Map, Value};

use super::document::{self, Body};
use super::refused::{not_a_detail, BodyRefused, Envelope};
use super::Incoming;
use crate::answers::{HeldNumberSequence, Revision};
use crate::file::{self, rule, FileProblem, MAX_BYTES};
use crate::payload::{OLDEST_SCHEMA_VERSION, SCHEMA_VERSION};
use crate::values::quoted;

/// A text field of the envelope.
fn text<'v>(fields: &'v serde_json::Map<String, Value>, key: &str) -> Result<&'v str, BodyRefused> {
    match fields.get(key) {
        Some(Value::String(s)) => Ok(s),
        Some(_) => Err(not_a_detail(format!("its {} is not a text", quoted(key)))),
        None => Err(not_a_detail(format!("it has no {}", quoted(key)))),
    }
}

fn envelope(document: &Value) -> Result<Envelope<'_>, BodyRefused> {
    let Value::Object(fields) = document else {
        return Err(not_a_detail("it is not a JSON object"));
    };
    let revision = Revision::parse(text(fields, "revision")?)
        .map_err(|e| not_a_detail(format!("its revision is refused ({e})")))?;
    let published_at = text(fields, "publishedAt")?;
    let published_by = match fields.get("publishedBy") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.trim().to_owned()).filter(|s| !s.is_empty()),
        Some(_) => return Err(not_a_detail("its \"publishedBy\" is not a text")),
    };
    let body = match fields.get("environment") {
        Some(Value::Object(body)) => body,
        Some(_) => return Err(not_a_detail("its \"environment\" is not an object")),
        None => return Err(not_a_detail("it has no \"environment\"")),
    };
    Ok(Envelope {
        revision,
        published_at,
        published_by,
        body,
    })
}

/// The environment's name as the body gives it, for messages ("" when it
/// gives none).
fn body_name(body: &Map<String, Value>) -> String {
    body.get("name")
        .and_then(Value::as_str)
        .map(|s| s.trim().to_owned())
        .unwrap_or_default()
}

/// The body's contract version, or why it cannot be read.
fn schema_version(body: &Map<String, Value>) -> Result<u32, BodyRefused> {
    let name = body_name(body);
    let unknown = |version: String| BodyRefused::UnknownSchemaVersion {
        name: name.clone(),
        version,
    };
    match body.get("schemaVersion") {
        None => Err(BodyRefused::Broken {
            name: name.clone(),
            problems: vec![FileProblem::new(
                "/schemaVersion",
                rule::REQUIRED,
                "The environment has no \"schemaVersion\"; the publish contract requires it.",
            )],
        }),
        Some(Value::Number(n)) => match n.as_u64().and_then(|n| u32::try_from(n).ok()) {
            Some(v) if (OLDEST_SCHEMA_VERSION..=SCHEMA_VERSION).contains(&v) => Ok(v),
            _ => Err(unknown(n.to_string())),
        },
        Some(Value::String(s)) => Err(unknown(quoted(s))),
        Some(other) => Err(unknown(other.to_string().chars().take(40).collect())),
    }
}

/// Reads the text of `GET …/environments/{name}` and the service's number
/// sequences of it (`GET …/environments/{name}/number-sequences`): the
/// environment, read through the domain's rules, Published at the held
/// revision, ready to add; or why it cannot be added.
pub fn read_incoming(
    detail: &str,
    sequences: &[HeldNumberSequence],
) -> Result<Incoming, BodyRefused> {
    let detail = detail.strip_prefix('\u{feff}').unwrap_or(detail);
    // The body is read twice over (as configuration and as the
    // publication's snapshot), so it may fill half a workspace file.
    if detail.len() > MAX_BYTES / 2 {
        return Err(not_a_detail(format!(
            "it is {} bytes, more than the {} bytes an environment may take",
            detail.len(),
            MAX_BYTES / 2
        )));
    }
    if detail.trim().is_empty() {
        return Err(not_a_detail("it is empty"));
    }
    let duplicates = file::scan(detail).map_err(|p| not_a_detail(p.message))?;
    let document: Value = serde_json::from_str(detail)
        .map_err(|e| not_a_detail(format!("it is not valid JSON ({e})")))?;
    let envelope = envelope(&document)?;
    let version = schema_version(envelope.body)?;
    let mut problems = Vec::new();
    for duplicate in duplicates {
        match duplicate.pointer.strip_prefix("/environment") {
            Some(rest) if rest.is_empty() || rest.starts_with('/') => {
                problems.push(FileProblem {
                    pointer: rest.to_owned(),
                    ..duplicate
                });
            }
            _ => return Err(not_a_detail(duplicate.message)),
        }
    }
    let body = Body::new(envelope.body, version);
    document::read(body, &envelope, sequences, problems)
}
