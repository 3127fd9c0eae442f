//! The readers of the service's HTTP answers (`publish-api.md`): status,
//! `Retry-After` and body in, an outcome and the administrator's message
//! out.
//!
//! Statuses are any `u16` (0, 1xx–5xx, 999, the contract's own most
//! often); `Retry-After` is seconds, a date, garbage, a huge number or
//! missing; bodies are arbitrary text, JSON-like text, and valid answers
//! (receipt, problem+json with field errors, held list and detail, number
//! sequences) cut at random points, edited as JSON (a field of the wrong
//! type, removed, renamed, repeated), repeated into huge arrays or nested
//! deep.
//!
//! Invariants: never panics; the outcome follows the status; a valid
//! answer reads the same when read again from what was read; every message
//! for the administrator is non-empty, free of raw control and
//! direction-changing characters and of bounded length, however large the
//! answer; a list read is bounded by the body's size (there is no other
//! bound), and placing field errors gives one place per error.

use domain::answers::{
    classify_publish, retry_after_seconds, HeldEnvironmentDetail, HeldNumberSequence, ProblemError,
    PublishOutcome, Revision,
};
use domain::model::EnvironmentField;
use domain::payload::EnvironmentPayload;
use domain::publish::{
    classify_sequence_change, classify_sequence_list, place, read_held_detail, read_held_list,
    Failure, RetryPolicy, ServiceError,
};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::strategy::BoxedStrategy;
use proptest::test_runner::TestCaseError;
use serde_json::{json, Value};

use crate::file_fixtures;
use crate::json_edits::{edited, edits, spliced};
use crate::runner::{readable, target, Target, Verdict};
use crate::values::{check_value, text, MULTILINE, NAMEISH};

/// Longest message an answer may lead to: the service's own words are cut
/// to a few hundred characters.
const MESSAGE_MAX: usize = 2_000;
/// The smallest list items the contract allows, in bytes:
/// `{"name":"","revision":"1","publishedAt":""}` and `{"name":"","inUse":true}`.
const HELD_ITEM_MIN: usize = 42;
const SEQUENCE_ITEM_MIN: usize = 24;

fn sent() -> EnvironmentPayload {
    let example = file_fixtures::example();
    example.ws.publish_payload(example.uat).unwrap()
}

fn status() -> impl Strategy<Value = u16> {
    prop_oneof![
        4 => prop::sample::select(vec![
            200u16, 201, 204, 400, 401, 403, 404, 409, 412, 422, 429, 500, 503
        ]),
        1 => Just(0u16),
        1 => 100u16..600,
        1 => Just(999u16),
        1 => any::<u16>(),
    ]
}

/// Mostly `200`, so the readers of lists and details read many valid
/// answers.
fn mostly_ok() -> impl Strategy<Value = u16> {
    prop_oneof![3 => Just(200u16), 1 => status()]
}

/// A publish answer: the body the status goes with, mostly.
fn publish_answer() -> impl Strategy<Value = (u16, Option<String>, String)> {
    prop_oneof![
        2 => (prop::sample::select(vec![200u16, 201]), retry_after(), body(receipt())),
        2 => (
            prop::sample::select(vec![400u16, 422, 401, 403, 409, 412]),
            retry_after(),
            body(problem()),
        ),
        1 => (prop::sample::select(vec![429u16, 503]), retry_after(), body(problem())),
        2 => (status(), retry_after(), body(prop_oneof![receipt(), problem()])),
    ]
}

fn retry_after() -> impl Strategy<Value = Option<String>> {
    prop::option::weighted(
        0.8,
        prop_oneof![
            "[0-9]{1,4}",
            "[ \t]{0,2}[0-9]{1,3}[ \t]{0,2}",
            "[0-9]{19,40}",
            "[+-][0-9]{1,3}",
            "[0-9]{1,3}[.,][0-9]",
            "(Mon|Sun|Fri), [0-9]{2} (Jan|Nov|Dec) [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT",
            "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z",
            any::<String>(),
        ],
    )
}

/// What the service might write as its words: plain, with line breaks and
/// hidden characters, arbitrary, very long.
fn words() -> BoxedStrategy<String> {
    prop_oneof![
        4 => text(&[NAMEISH, MULTILINE]),
        1 => (prop::sample::select(vec!["a", "é ", "\u{202e}", "\n", "\0"]), 0usize..3_000)
            .prop_map(|(s, n)| s.repeat(n)),
    ]
    .boxed()
}

fn optional<T: Strategy>(s: T) -> impl Strategy<Value = Option<T::Value>> {
    prop::option::weighted(0.8, s)
}

fn revision() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[0-9]{1,4}",
        2 => "[!#-~]{1,20}",
        1 => "[ -~]{0,12}",
        1 => "[0-9a-f]{129,140}",
        1 => any::<String>(),
    ]
}

fn timestamp() -> impl Strategy<Value = String> {
    prop_oneof![
        "20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z",
        words(),
    ]
}

fn pointer() -> impl Strategy<Value = String> {
    let list = prop::sample::select(vec![
        "users",
        "applications",
        "keyVaultReferences",
        "numberSequences",
    ]);
    let field = prop::sample::select(vec![
        "",
        "/userId",
        "/email",
        "/tenantId",
        "/objectId",
        "/name",
        "/justification",
        "/certificates/1/chain",
        "/x~1y~0",
        "/\u{202e}",
        "/a\nb",
    ]);
    let index = prop_oneof![
        4 => (0usize..4).prop_map(|i| i.to_string()),
        1 => Just("99999999999999999999999".to_string()),
        1 => "[0-9a-z-]{0,3}",
    ];
    prop_oneof![
        4 => (list, index, field).prop_map(|(l, i, f)| format!("/{l}/{i}{f}")),
        1 => prop::sample::select(vec![
            "", "/", "/name", "/description", "/storageSasTokenSecret", "/users",
            "/applications", "name", "#/users/0", "/users/", "//", "~",
        ])
        .prop_map(String::from),
        1 => "(/[a-zA-Z0-9~é\u{202e}]{0,8}){0,4}",
        1 => any::<String>(),
    ]
}

fn receipt() -> impl Strategy<Value = Value> {
    (words(), revision(), timestamp()).prop_map(
        |(name, revision, at)| json!({ "name": name, "revision": revision, "publishedAt": at }),
    )
}

fn problem() -> impl Strategy<Value = Value> {
    (
        optional(words()),
        optional(words()),
        optional(words()),
        optional(status()),
        prop::collection::vec((pointer(), words()), 0..6),
    )
        .prop_map(|(kind, title, detail, status, errors)| {
            let errors: Vec<Value> = errors
                .into_iter()
                .map(|(pointer, detail)| json!({ "pointer": pointer, "detail": detail }))
                .collect();
            json!({ "type": kind, "title": title, "detail": detail, "status": status, "errors": errors })
        })
}

fn held() -> impl Strategy<Value = Value> {
    (words(), revision(), timestamp()).prop_map(
        |(name, revision, at)| json!({ "name": name, "revision": revision, "publishedAt": at }),
    )
}

fn held_list() -> impl Strategy<Value = Value> {
    prop::collection::vec(held(), 0..8).prop_map(Value::from)
}

fn held_detail() -> impl Strategy<Value = Value> {
    let environment = serde_json::to_value(sent()).unwrap();
    (revision(), timestamp()).prop_map(move |(revision, at)| {
        json!({ "revision": revision, "publishedAt": at, "environment": environment.clone() })
    })
}

fn sequence_list() -> impl Strategy<Value = Value> {
    let current = prop_oneof![
        Just(Value::Null),
        any::<u64>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
    ];
    prop::collection::vec(
        (words(), optional(words()), any::<bool>(), optional(current)),
        0..8,
    )
    .prop_map(|items| {
        items
            .into_iter()
            .map(|(name, description, in_use, current)| {
                let mut item = json!({ "name": name, "inUse": in_use });
                if let Some(d) = description {
                    item["description"] = Value::from(d);
                }
                if let Some(c) = current {
                    item["current"] = c;
                }
                item
            })
            .collect::<Vec<_>>()
            .into()
    })
}

/// Bodies around valid answers: as sent, cut or spliced, edited as JSON,
/// repeated into a huge array or nested deep, or not JSON at all.
fn body(valid: impl Strategy<Value = Value> + 'static) -> BoxedStrategy<String> {
    let valid = valid.boxed();
    prop_oneof![
        3 => valid.clone().prop_map(|v| v.to_string()),
        2 => (
            valid.clone(),
            any::<Index>(),
            prop_oneof![0usize..40, Just(usize::MAX)],
            "[\\[\\]{}\",:0-9a-z \\\\\u{0}é]{0,8}",
        )
            .prop_map(|(v, cut, len, insert)| spliced(&v.to_string(), cut, len, &insert)),
        2 => (valid.clone(), edits()).prop_map(|(v, e)| edited(v, &e).to_string()),
        1 => (valid, 0usize..3_000).prop_map(|(v, n)| {
            let item = v.to_string();
            // At most about 1 MB.
            let n = n.min(1_000_000 / (item.len() + 1));
            format!("[{}]", vec![item; n].join(","))
        }),
        1 => (0usize..5_000, prop::sample::select(vec!["[", "{\"a\":", "{\"errors\":["]))
            .prop_map(|(n, open)| open.repeat(n)),
        1 => any::<String>(),
        1 => "[\\[\\]{}\",:0-9a-zA-Z \\\\.e+-]{0,200}",
        1 => prop::sample::select(vec!["", "null", "{}", "[]", "<html>", "\u{feff}{}", "{\"errors\":null}"])
            .prop_map(String::from),
    ]
    .boxed()
}

fn bounded(message: &str) -> Result<(), TestCaseError> {
    readable(message)?;
    prop_assert!(
        message.chars().count() <= MESSAGE_MAX,
        "a message of {} characters",
        message.chars().count()
    );
    Ok(())
}

/// The invariants of a refused non-publish call.
fn refused(error: &ServiceError, status: u16) -> Result<Verdict, TestCaseError> {
    prop_assert_eq!(error.status, status);
    bounded(&error.message)?;
    if !matches!(status, 200 | 201) {
        prop_assert!(
            error.message.contains(&status.to_string()),
            "{}",
            error.message
        );
    }
    Ok(Verdict::Refused)
}

/// One place per error; each place readable; a user named only when the
/// pointer names a user of the payload sent.
fn check_placed(
    sent: &EnvironmentPayload,
    errors: &[ProblemError],
) -> Result<Verdict, TestCaseError> {
    let placed = place(sent, errors);
    prop_assert_eq!(placed.len(), errors.len());
    let mut all_known = true;
    for (p, error) in placed.iter().zip(errors) {
        prop_assert_eq!(&p.field, &EnvironmentField::from_pointer(&error.pointer));
        bounded(&format!("{}: {}", p.place, p.detail))?;
        match (&p.field, &p.user_id) {
            (EnvironmentField::User { index, .. }, Some(user)) => {
                prop_assert_eq!(Some(user), sent.users.get(*index).map(|u| &u.user_id));
            }
            (_, Some(user)) => prop_assert!(false, "user {} named for {:?}", user, p.field),
            (_, None) => {}
        }
        all_known &= !matches!(p.field, EnvironmentField::Other(_));
    }
    Ok(if all_known {
        Verdict::Accepted
    } else {
        Verdict::Refused
    })
}

fn check_publish(
    sent: &EnvironmentPayload,
    (status, retry_after, body): (u16, Option<String>, String),
) -> Result<Verdict, TestCaseError> {
    let outcome = classify_publish(status, retry_after.as_deref(), &body);
    prop_assert_eq!(
        &classify_publish(status, retry_after.as_deref(), &body),
        &outcome
    );
    match &outcome {
        PublishOutcome::Published(receipt) => {
            prop_assert!(matches!(status, 200 | 201));
            let again = serde_json::to_string(receipt).unwrap();
            prop_assert_eq!(classify_publish(status, None, &again), outcome.clone());
        }
        PublishOutcome::Invalid(problem) => {
            prop_assert!(matches!(status, 400 | 422));
            let again = serde_json::to_string(problem).unwrap();
            prop_assert_eq!(classify_publish(status, None, &again), outcome.clone());
            check_placed(sent, &problem.errors)?;
        }
        PublishOutcome::NotAuthorized { status: s, .. } => {
            prop_assert!(*s == status && matches!(status, 401 | 403));
        }
        PublishOutcome::Conflict { status: s, .. } => {
            prop_assert!(*s == status && matches!(status, 409 | 412));
        }
        PublishOutcome::RetryLater {
            status: s,
            after_seconds,
        } => {
            prop_assert!(*s == status && matches!(status, 429 | 503));
            prop_assert_eq!(*after_seconds, retry_after_seconds(retry_after.as_deref()));
        }
        PublishOutcome::Unexpected { status: s, reason } => {
            prop_assert_eq!(*s, status);
            bounded(reason)?;
        }
    }
    let policy = RetryPolicy::default();
    let wait = policy.wait_before_retry(0, &outcome);
    prop_assert!(wait.is_none_or(|w| w <= policy.longest_wait));
    let retry_later = matches!(outcome, PublishOutcome::RetryLater { .. });
    prop_assert!(wait.is_none() || retry_later);
    let failure = Failure::Answer(outcome.clone());
    bounded(&failure.message())?;
    bounded(&failure.summary())?;
    Ok(if matches!(outcome, PublishOutcome::Published(_)) {
        Verdict::Accepted
    } else {
        Verdict::Refused
    })
}

fn check_retry_after(header: Option<String>) -> Result<Verdict, TestCaseError> {
    let seconds = retry_after_seconds(header.as_deref());
    let trimmed = header.as_deref().map(str::trim).unwrap_or("");
    let digits = trimmed.strip_prefix('+').unwrap_or(trimmed);
    match seconds {
        Some(n) => {
            prop_assert!(!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()));
            prop_assert_eq!(digits.parse::<u64>(), Ok(n));
            Ok(Verdict::Accepted)
        }
        None => {
            prop_assert!(trimmed.parse::<u64>().is_err(), "{:?} ignored", trimmed);
            Ok(Verdict::Refused)
        }
    }
}

pub fn targets() -> Vec<Target> {
    vec![
        target("answers::classify_publish", publish_answer, {
            let sent = sent();
            move |input| check_publish(&sent, input)
        }),
        target(
            "answers::retry_after_seconds",
            retry_after,
            check_retry_after,
        ),
        target(
            "answers::Revision",
            || revision().boxed(),
            check_value::<Revision>,
        ),
        target(
            "publish::read_held_list",
            || (mostly_ok(), body(held_list())),
            |(status, body)| match read_held_list(status, &body) {
                Ok(list) => {
                    prop_assert!(matches!(status, 200 | 201));
                    prop_assert!(list.len() * HELD_ITEM_MIN <= body.len());
                    let again = serde_json::to_string(&list).unwrap();
                    prop_assert_eq!(read_held_list(200, &again), Ok(list));
                    Ok(Verdict::Accepted)
                }
                Err(error) => refused(&error, status),
            },
        ),
        target(
            "publish::read_held_detail",
            || (mostly_ok(), body(held_detail())),
            |(status, body)| match read_held_detail(status, &body) {
                Ok(detail) => {
                    prop_assert!(matches!(status, 200 | 201));
                    let again = serde_json::to_string(&detail).unwrap();
                    let reread: Result<HeldEnvironmentDetail, _> = read_held_detail(200, &again);
                    prop_assert_eq!(reread, Ok(detail));
                    Ok(Verdict::Accepted)
                }
                Err(error) => refused(&error, status),
            },
        ),
        target(
            "publish::classify_sequence_list",
            || (mostly_ok(), body(sequence_list())),
            |(status, body)| match classify_sequence_list(status, &body) {
                Ok(list) => {
                    prop_assert!(matches!(status, 200 | 201));
                    prop_assert!(list.len() * SEQUENCE_ITEM_MIN <= body.len());
                    let again = serde_json::to_string(&list).unwrap();
                    let reread: Result<Vec<HeldNumberSequence>, _> =
                        classify_sequence_list(200, &again);
                    prop_assert_eq!(reread, Ok(list));
                    Ok(Verdict::Accepted)
                }
                Err(error) => refused(&error, status),
            },
        ),
        target(
            "publish::classify_sequence_change",
            || {
                (
                    prop::sample::select(vec![
                        "create number sequence 'INV'",
                        "delete number sequence 'INV'",
                        "update number sequence 'CN'",
                    ]),
                    status(),
                    body(problem()),
                )
            },
            |(doing, status, body)| match classify_sequence_change(doing, status, &body) {
                Ok(()) => {
                    prop_assert!(matches!(status, 200 | 201 | 204));
                    Ok(Verdict::Accepted)
                }
                Err(error) => refused(&error, status),
            },
        ),
        target(
            "publish::place",
            || prop::collection::vec((pointer(), words()), 0..10),
            {
                let sent = sent();
                move |errors: Vec<(String, String)>| {
                    let errors: Vec<ProblemError> = errors
                        .into_iter()
                        .map(|(pointer, detail)| ProblemError { pointer, detail })
                        .collect();
                    check_placed(&sent, &errors)
                }
            },
        ),
    ]
}
