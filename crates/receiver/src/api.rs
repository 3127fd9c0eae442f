//! The publish contract (`publish-api.md`): environments and their number
//! sequences under `/api/v1/environments`.

use axum::http::{HeaderMap, Method};
use domain::answers::{HeldEnvironment, HeldNumberSequence, PublishReceipt, Revision};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::answer::{
    bad_request, method_not_allowed, not_found, parse_object, read_json, Answer, Problem,
};
use crate::body::{self, Body, PUBLISH_BODY};
use crate::http::saved;
use crate::state::{self, HeldSequence, Remembered, Store};
use crate::{validate, Receiver};

/// Routes `/api/{segments}` for an authorised request; `caller` is who
/// makes it, as read from its access token (the `publishedBy` of a
/// publish).
pub fn route(
    rx: &Receiver,
    method: &Method,
    path: &str,
    segments: &[String],
    headers: &HeaderMap,
    caller: Option<String>,
    body: &[u8],
) -> Answer {
    let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
    let Some(rest) = segments.strip_prefix(&["api", "v1", "environments"]) else {
        return unknown(path);
    };
    match (rest, method) {
        ([], &Method::GET) => list(rx),
        ([], _) => method_not_allowed(method.as_str(), path, "GET, OPTIONS"),
        ([name], &Method::GET) => detail(rx, name),
        ([name], &Method::PUT) => publish(rx, name, method, path, headers, caller, body),
        ([_], _) => method_not_allowed(method.as_str(), path, "GET, PUT, OPTIONS"),
        ([name, "number-sequences"], &Method::GET) => sequences(rx, name),
        ([_, "number-sequences"], _) => method_not_allowed(method.as_str(), path, "GET, OPTIONS"),
        ([name, "number-sequences", sequence], &Method::PUT) => {
            put_sequence(rx, name, sequence, body)
        }
        ([name, "number-sequences", sequence], &Method::DELETE) => {
            delete_sequence(rx, name, sequence)
        }
        ([_, "number-sequences", _], _) => {
            method_not_allowed(method.as_str(), path, "PUT, DELETE, OPTIONS")
        }
        _ => unknown(path),
    }
}

fn unknown(path: &str) -> Answer {
    not_found(format!(
        "{path} is not part of the publish contract: it serves /api/v1/environments, /api/v1/environments/{{name}} and /api/v1/environments/{{name}}/number-sequences[/{{sequence}}]."
    ))
}

fn not_held(name: &str) -> Answer {
    Problem::new(
        404,
        "environment-not-found",
        "Environment not found",
        format!(
            "The service holds no environment named '{name}': it has never been published here."
        ),
    )
    .answer()
}

fn revision(n: u64) -> Revision {
    Revision::parse(&n.to_string()).expect("a number is a valid revision")
}

fn etag(n: u64) -> String {
    format!("\"{n}\"")
}

pub fn held_sequence(s: &HeldSequence) -> HeldNumberSequence {
    HeldNumberSequence {
        name: s.name.clone(),
        description: s.description.clone(),
        in_use: s.in_use,
        current: s.current,
    }
}

fn list(rx: &Receiver) -> Answer {
    let store = rx.store();
    let list: Vec<HeldEnvironment> = store
        .data
        .environments
        .values()
        .map(|e| HeldEnvironment {
            name: e.name.clone(),
            revision: revision(e.revision),
            published_at: e.published_at.clone(),
            published_by: e.published_by.clone(),
        })
        .collect();
    Answer::json(200, &list)
}

/// `GET …/environments/{name}`: the body last applied, as it was sent (a
/// version 1 publish comes back as version 1, a version 2 one as version
/// 2). `domain::answers::HeldEnvironmentDetail` reads it; it is not used to
/// write it, since it would rewrite a version 1 body in version 2's shape.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Detail<'a> {
    revision: Revision,
    published_at: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    published_by: Option<&'a str>,
    environment: &'a Value,
}

fn detail(rx: &Receiver, name: &str) -> Answer {
    let store = rx.store();
    let Some(held) = store.data.environments.get(&name.to_ascii_lowercase()) else {
        return not_held(name);
    };
    Answer::json(
        200,
        &Detail {
            revision: revision(held.revision),
            published_at: &held.published_at,
            published_by: held.published_by.as_deref(),
            environment: &held.environment,
        },
    )
    .with_header("ETag", etag(held.revision))
}

/// A 64-bit FNV-1a hash of the parts, each followed by a separator.
fn fingerprint(parts: &[&[u8]]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut length = 0usize;
    for part in parts {
        for &byte in part.iter().chain(&[0xff]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        length += part.len();
    }
    format!("fnv1a64:{hash:016x}:{length}")
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).map(|v| v.to_str().unwrap_or("\u{fffd}"))
}

/// Whether an answer to a publish is remembered under its key: the answers
/// that processing produced (not `428`, which asks for a precondition
/// before anything is processed).
fn remembered(status: u16) -> bool {
    matches!(status, 200..=299 | 400 | 412 | 422)
}

fn publish(
    rx: &Receiver,
    name: &str,
    method: &Method,
    path: &str,
    headers: &HeaderMap,
    caller: Option<String>,
    body: &[u8],
) -> Answer {
    let key = match header(headers, "idempotency-key").map(str::trim) {
        None | Some("") => {
            return bad_request(
                "missing-idempotency-key",
                "A publish needs an Idempotency-Key header holding a UUID, one per publish attempt of one content (reused when that content is retried).",
            )
            .answer()
        }
        Some(key) => match uuid::Uuid::try_parse(key) {
            Ok(uuid) => uuid.hyphenated().to_string(),
            Err(_) => {
                return bad_request(
                    "invalid-idempotency-key",
                    format!("The Idempotency-Key header must be a UUID such as 3f2b6c1e-8a4d-4b7e-9c2f-1d5e6a7b8c9d; '{key}' is not."),
                )
                .answer()
            }
        },
    };
    let if_match = header(headers, "if-match");
    let if_none_match = header(headers, "if-none-match");
    let print = fingerprint(&[
        method.as_str().as_bytes(),
        path.as_bytes(),
        if_match.unwrap_or("").as_bytes(),
        if_none_match.unwrap_or("").as_bytes(),
        body,
    ]);

    let mut store = rx.store();
    if let Some(earlier) = store.data.idempotency.get(&key) {
        if earlier.fingerprint == print {
            return earlier
                .answer
                .clone()
                .with_header("Idempotent-Replayed", "true");
        }
        return Problem::new(
            422,
            "idempotency-key-reused",
            "Idempotency-Key already used",
            format!(
                "This Idempotency-Key was already used for different content (at {}); use a new key for new content.",
                earlier.at
            ),
        )
        .answer();
    }

    let answer = process_publish(&mut store, name, if_match, if_none_match, caller, body);
    if remembered(answer.status) {
        let at = now();
        store.data.idempotency.insert(
            key,
            Remembered {
                fingerprint: print,
                answer: answer.clone(),
                at,
            },
        );
    }
    saved(&store, answer)
}

enum Precondition {
    Create,
    Match(String),
}

fn process_publish(
    store: &mut Store,
    name: &str,
    if_match: Option<&str>,
    if_none_match: Option<&str>,
    caller: Option<String>,
    body: &[u8],
) -> Answer {
    let precondition = match (if_match, if_none_match) {
        (None, None) => {
            return Problem::new(
                428,
                "precondition-required",
                "Precondition required",
                "A publish needs exactly one precondition: If-None-Match: * for a first publish, or If-Match: \"{revision}\" with the revision it replaces.",
            )
            .answer()
        }
        (Some(_), Some(_)) => {
            return bad_request(
                "conflicting-preconditions",
                "Send either If-None-Match: * (first publish) or If-Match: \"{revision}\" (republish), not both.",
            )
            .answer()
        }
        (None, Some(value)) => {
            if value.trim() != "*" {
                return bad_request(
                    "invalid-precondition",
                    format!("If-None-Match must be * (publish only if the environment is not held yet); '{value}' is not."),
                )
                .answer();
            }
            Precondition::Create
        }
        (Some(value), None) => {
            let value = value.trim();
            match value
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .filter(|v| !v.is_empty() && !v.contains('"'))
            {
                Some(revision) => Precondition::Match(revision.to_string()),
                None => {
                    return bad_request(
                        "invalid-precondition",
                        format!("If-Match must be one revision in double quotes, such as \"7\"; '{value}' is not."),
                    )
                    .answer()
                }
            }
        }
    };

    let env_key = name.to_ascii_lowercase();
    let existing = store.data.environments.get(&env_key);
    let failed = |detail: String| {
        let problem = Problem::new(412, "precondition-failed", "Precondition failed", detail);
        match existing {
            Some(held) => {
                let problem = problem
                    .extension("currentRevision", held.revision.to_string())
                    .extension("publishedAt", held.published_at.clone());
                match &held.published_by {
                    Some(by) => problem.extension("publishedBy", by.clone()),
                    None => problem,
                }
                .header("ETag", etag(held.revision))
            }
            None => problem,
        }
        .answer()
    };
    match (&precondition, existing) {
        (Precondition::Create, Some(held)) => {
            return failed(format!(
                "Environment '{}' is already published here, at revision {} ({}). Reload it, or republish with If-Match: \"{}\".",
                held.name, held.revision, held.published_at, held.revision
            ))
        }
        (Precondition::Match(_), None) => {
            return failed(format!(
                "Environment '{name}' is not published here, so there is no revision to match. Publish it with If-None-Match: *."
            ))
        }
        (Precondition::Match(wanted), Some(held)) if *wanted != held.revision.to_string() => {
            return failed(format!(
                "Environment '{}' was published since revision {wanted}: the service holds revision {} ({}). Reload it, or overwrite it with If-Match: \"{}\".",
                held.name, held.revision, held.published_at, held.revision
            ))
        }
        _ => {}
    }

    let sent = match parse_object(body, PUBLISH_BODY) {
        Ok(sent) => sent,
        Err(answer) => return answer,
    };
    let (version, read) = match body::read(&sent) {
        Ok(read) => read,
        Err(unreadable) => return unreadable.into(),
    };
    let errors = validate::environment(version, &read, name);
    if !errors.is_empty() {
        let count = errors.len();
        return Problem::new(
            422,
            "validation-failed",
            "The environment is not valid",
            if count == 1 {
                format!("1 field of environment '{name}' is not valid; nothing was published.")
            } else {
                format!(
                    "{count} fields of environment '{name}' are not valid; nothing was published."
                )
            },
        )
        .errors(errors)
        .answer();
    }

    apply(store, env_key, &read, sent, caller)
}

/// Applies a valid publish: `read` is the body as checked, `sent` the body
/// as sent, which is what the service then holds; `published_by` who
/// published it (kept with it, replacing the previous publisher's).
fn apply(
    store: &mut Store,
    env_key: String,
    read: &Body,
    sent: Value,
    published_by: Option<String>,
) -> Answer {
    let published_at = now();
    let display = read.name.trim().to_string();
    let body_sequences = read.number_sequences.iter().map(|s| HeldSequence {
        name: s.name.trim().to_string(),
        description: s.description.trim().to_string(),
        in_use: false,
        current: None,
    });
    let (status, revision) = match store.data.environments.get_mut(&env_key) {
        Some(held) => {
            for sequence in body_sequences {
                match held.sequence_index(&sequence.name) {
                    Some(i) => held.sequences[i].description = sequence.description,
                    None => held.sequences.push(sequence),
                }
            }
            held.name = display.clone();
            held.revision += 1;
            held.published_at = published_at.clone();
            held.environment = sent;
            held.published_by = published_by.clone();
            (200, held.revision)
        }
        None => {
            let sequences = body_sequences.collect();
            store.data.environments.insert(
                env_key.clone(),
                state::HeldEnvironment {
                    name: display.clone(),
                    revision: 1,
                    published_at: published_at.clone(),
                    published_by: published_by.clone(),
                    environment: sent,
                    sequences,
                },
            );
            (201, 1)
        }
    };
    *store.data.applied.entry(env_key).or_default() += 1;
    let answer = Answer::json(
        status,
        &PublishReceipt {
            name: display.clone(),
            revision: self::revision(revision),
            published_at,
            published_by,
        },
    )
    .with_header("ETag", etag(revision));
    if status == 201 {
        answer.with_header("Location", format!("/api/v1/environments/{display}"))
    } else {
        answer
    }
}

/// Now, in RFC 3339 UTC to the second (`2026-11-21T10:00:00Z`).
pub fn now() -> String {
    humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()
}

fn sequences(rx: &Receiver, name: &str) -> Answer {
    let store = rx.store();
    let Some(held) = store.data.environments.get(&name.to_ascii_lowercase()) else {
        return not_held(name);
    };
    let list: Vec<HeldNumberSequence> = held.sequences.iter().map(held_sequence).collect();
    Answer::json(200, &list)
}

#[derive(Deserialize)]
struct SequenceBody {
    name: String,
    #[serde(default)]
    description: String,
}

fn put_sequence(rx: &Receiver, name: &str, sequence: &str, body: &[u8]) -> Answer {
    let mut store = rx.store();
    let Some(held) = store.data.environments.get_mut(&name.to_ascii_lowercase()) else {
        return not_held(name);
    };
    let input: SequenceBody = match read_json(
        body,
        r#"a number sequence: {"name": "INV", "description": "Invoice numbers"}"#,
    ) {
        Ok(input) => input,
        Err(answer) => return answer,
    };
    let (sequence_name, description) =
        match validate::sequence(&input.name, &input.description, sequence) {
            Ok(valid) => valid,
            Err(errors) => {
                return Problem::new(
                    422,
                    "validation-failed",
                    "The number sequence is not valid",
                    format!(
                        "Number sequence '{sequence}' of environment '{}' was not saved.",
                        held.name
                    ),
                )
                .errors(errors)
                .answer()
            }
        };
    let (status, answer) = match held.sequence_index(&sequence_name) {
        Some(i) => {
            let s = &mut held.sequences[i];
            s.name = sequence_name;
            s.description = description;
            (200, held_sequence(s))
        }
        None => {
            let s = HeldSequence {
                name: sequence_name,
                description,
                in_use: false,
                current: None,
            };
            let answer = held_sequence(&s);
            held.sequences.push(s);
            (201, answer)
        }
    };
    saved(&store, Answer::json(status, &answer))
}

fn delete_sequence(rx: &Receiver, name: &str, sequence: &str) -> Answer {
    let mut store = rx.store();
    let Some(held) = store.data.environments.get_mut(&name.to_ascii_lowercase()) else {
        return not_held(name);
    };
    let Some(index) = held.sequence_index(sequence) else {
        return Problem::new(
            404,
            "sequence-not-found",
            "Number sequence not found",
            format!(
                "Environment '{}' has no number sequence named '{sequence}'.",
                held.name
            ),
        )
        .answer();
    };
    let s = &held.sequences[index];
    if s.in_use {
        let current = s
            .current
            .map(|c| format!(" (current value {c})"))
            .unwrap_or_default();
        return Problem::new(
            409,
            "sequence-in-use",
            "Number sequence in use",
            format!(
                "Number sequence '{}' is in use by environment '{}'{current} and cannot be deleted.",
                s.name, held.name
            ),
        )
        .answer();
    }
    held.sequences.remove(index);
    saved(&store, Answer::empty(204))
}
