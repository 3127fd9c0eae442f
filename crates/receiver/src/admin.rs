//! Test hooks under `/_admin/`: no part of the publish contract. They let a
//! test (or a person with curl) inject faults into the next `/api/`
//! requests, set a number sequence's usage, choose whom the following
//! sign-ins sign in, decline the next sign-in or expire every access token,
//! read counters and reset everything. No token is required; CORS applies
//! as everywhere.

use std::collections::{BTreeMap, VecDeque};
use std::time::Duration;

use axum::http::{Method, StatusCode};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::answer::{
    bad_request, method_not_allowed, not_found, read_json, Answer, Problem, JSON, PROBLEM_JSON,
};
use crate::api::held_sequence;
use crate::auth::User;
use crate::http::saved;
use crate::Receiver;

/// The longest a `hang` fault may wait.
const MAX_HANG_SECONDS: f64 = 3600.0;

/// Which `/api/` requests a fault applies to: method and/or path prefix,
/// compared without regard to case. Empty matches every request.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Match {
    #[serde(default)]
    method: Option<String>,
    #[serde(default)]
    path: Option<String>,
}

impl Match {
    fn matches(&self, method: &Method, path: &str) -> bool {
        self.method
            .as_deref()
            .is_none_or(|m| m.trim().eq_ignore_ascii_case(method.as_str()))
            && self
                .path
                .as_deref()
                .is_none_or(|p| path.to_lowercase().starts_with(&p.trim().to_lowercase()))
    }
}

/// What a faulted request gets instead of being processed.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum FaultKind {
    /// That status, with `Retry-After` when given, and the given body (or a
    /// default problem+json).
    Status {
        status: u16,
        #[serde(default, rename = "retryAfter")]
        retry_after: Option<u64>,
        #[serde(default)]
        body: Option<String>,
        #[serde(default, rename = "contentType")]
        content_type: Option<String>,
    },
    /// No answer for that long, then `504`.
    Hang {
        #[serde(default = "sixty")]
        seconds: f64,
    },
    /// `200` whose body is not JSON.
    BadBody,
}

fn sixty() -> f64 {
    60.0
}

fn one() -> u32 {
    1
}

#[derive(Debug, Deserialize)]
struct FaultRequest {
    #[serde(default = "one")]
    count: u32,
    #[serde(default, rename = "match")]
    matcher: Option<Match>,
    #[serde(flatten)]
    kind: FaultKind,
}

/// A queued fault and how many more requests it applies to.
#[derive(Debug, Clone)]
pub struct Fault {
    remaining: u32,
    matcher: Match,
    kind: FaultKind,
}

/// The first queued fault that matches the request, used up by one.
pub fn take(faults: &mut VecDeque<Fault>, method: &Method, path: &str) -> Option<FaultKind> {
    let index = faults
        .iter()
        .position(|f| f.matcher.matches(method, path))?;
    let fault = &mut faults[index];
    fault.remaining -= 1;
    let kind = fault.kind.clone();
    if fault.remaining == 0 {
        faults.remove(index);
    }
    Some(kind)
}

/// What a faulted request answers.
pub async fn fault_answer(kind: FaultKind) -> Answer {
    match kind {
        FaultKind::Status {
            status,
            retry_after,
            body,
            content_type,
        } => {
            let mut answer = match body {
                Some(body) => Answer {
                    status,
                    headers: vec![(
                        "Content-Type".into(),
                        content_type.unwrap_or_else(|| PROBLEM_JSON.into()),
                    )],
                    body,
                },
                None => {
                    let title = StatusCode::from_u16(status)
                        .ok()
                        .and_then(|s| s.canonical_reason())
                        .unwrap_or("Injected fault");
                    Problem::new(
                        status,
                        "injected-fault",
                        title,
                        format!("The development receiver was told to answer {status} to this request (test hook POST /_admin/faults); nothing was applied."),
                    )
                    .answer()
                }
            };
            if let Some(seconds) = retry_after {
                answer = answer.with_header("Retry-After", seconds.to_string());
            }
            answer
        }
        FaultKind::Hang { seconds } => {
            tokio::time::sleep(Duration::from_secs_f64(seconds)).await;
            Problem::new(
                504,
                "gateway-timeout",
                "Gateway timeout",
                format!("The development receiver was told not to answer this request for {seconds} s (test hook POST /_admin/faults); nothing was applied."),
            )
            .answer()
        }
        FaultKind::BadBody => Answer {
            status: 200,
            headers: vec![("Content-Type".into(), JSON.into())],
            body: "<html>oops</html>".into(),
        },
    }
}

/// Routes `/_admin/{segments}`.
pub fn route(rx: &Receiver, method: &Method, segments: &[String], body: &[u8]) -> Answer {
    let path = format!("/_admin/{}", segments.join("/"));
    let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
    match segments.as_slice() {
        ["faults"] => match *method {
            Method::POST => queue_fault(rx, body),
            Method::DELETE => {
                rx.store().faults.clear();
                Answer::empty(204)
            }
            _ => method_not_allowed(method.as_str(), &path, "POST, DELETE, OPTIONS"),
        },
        ["sequences", environment, sequence] => match *method {
            Method::POST => set_usage(rx, environment, sequence, body),
            _ => method_not_allowed(method.as_str(), &path, "POST, OPTIONS"),
        },
        ["stats"] => match *method {
            Method::GET => stats(rx),
            _ => method_not_allowed(method.as_str(), &path, "GET, OPTIONS"),
        },
        ["sign-in", "deny-next"] => match *method {
            Method::POST => {
                rx.authority().deny_next_sign_in();
                Answer::empty(204)
            }
            _ => method_not_allowed(method.as_str(), &path, "POST, OPTIONS"),
        },
        ["sign-in", "as"] => match *method {
            Method::GET => Answer::json(200, &rx.authority().signing_in_as()),
            Method::POST => sign_in_as(rx, body),
            Method::DELETE => {
                rx.authority().sign_in_as(None);
                Answer::empty(204)
            }
            _ => method_not_allowed(method.as_str(), &path, "GET, POST, DELETE, OPTIONS"),
        },
        ["sign-in", "expire-tokens"] => match *method {
            Method::POST => {
                let expired = rx.authority().expire_tokens();
                Answer::json(200, &json!({ "expired": expired }))
            }
            _ => method_not_allowed(method.as_str(), &path, "POST, OPTIONS"),
        },
        ["reset"] => match *method {
            Method::POST => {
                rx.authority().reset();
                let mut store = rx.store();
                match store.reset() {
                    Ok(()) => Answer::empty(204),
                    Err(e) => crate::http::save_failed(&store, &e),
                }
            }
            _ => method_not_allowed(method.as_str(), &path, "POST, OPTIONS"),
        },
        _ => not_found(format!(
            "{path} is not a test hook; they are POST/DELETE /_admin/faults, POST /_admin/sequences/{{env}}/{{seq}}, GET/POST/DELETE /_admin/sign-in/as, POST /_admin/sign-in/deny-next, POST /_admin/sign-in/expire-tokens, GET /_admin/stats and POST /_admin/reset."
        )),
    }
}

/// `POST /_admin/sign-in/as` `{"email": "ben@contoso.com", "name": "Ben"}`
/// (`name` optional): the following sign-ins sign that user in, until
/// `DELETE /_admin/sign-in/as` or a reset. Answers the user.
fn sign_in_as(rx: &Receiver, body: &[u8]) -> Answer {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct SignInAs {
        email: String,
        #[serde(default)]
        name: Option<String>,
    }
    let example = r#"the user to sign in, such as {"email": "ben@contoso.com", "name": "Ben Walker"} (name optional)"#;
    let request: SignInAs = match read_json(body, example) {
        Ok(request) => request,
        Err(answer) => return answer,
    };
    match User::new(&request.email, request.name.as_deref()) {
        Ok(user) => {
            rx.authority().sign_in_as(Some(user.clone()));
            Answer::json(200, &user)
        }
        Err(why) => bad_request(
            "invalid-user",
            format!("The user to sign in is not valid: {why}"),
        )
        .answer(),
    }
}

fn queue_fault(rx: &Receiver, body: &[u8]) -> Answer {
    let request: FaultRequest = match read_json(
        body,
        r#"a fault such as {"count": 1, "match": {"method": "PUT", "path": "/api/v1/environments/UAT"}, "kind": "status", "status": 503, "retryAfter": 1}"#,
    ) {
        Ok(request) => request,
        Err(answer) => return answer,
    };
    if request.count == 0 {
        return bad_request("invalid-fault", "count must be at least 1.").answer();
    }
    match &request.kind {
        FaultKind::Status { status, .. } if !(200..=599).contains(status) => {
            return bad_request(
                "invalid-fault",
                format!("status must be an HTTP status from 200 to 599; {status} is not."),
            )
            .answer();
        }
        FaultKind::Hang { seconds } if !(0.0..=MAX_HANG_SECONDS).contains(seconds) => {
            return bad_request(
                "invalid-fault",
                format!("seconds must be from 0 to {MAX_HANG_SECONDS}; {seconds} is not."),
            )
            .answer();
        }
        _ => {}
    }
    rx.store().faults.push_back(Fault {
        remaining: request.count,
        matcher: request.matcher.unwrap_or_default(),
        kind: request.kind,
    });
    Answer::empty(204)
}

fn set_usage(rx: &Receiver, environment: &str, sequence: &str, body: &[u8]) -> Answer {
    let example = r#"{"inUse": true, "current": 1042}"#;
    let value: Value = match read_json(body, example) {
        Ok(value) => value,
        Err(answer) => return answer,
    };
    let in_use = match value.get("inUse") {
        None => None,
        Some(Value::Bool(b)) => Some(*b),
        Some(_) => {
            return bad_request(
                "invalid-body",
                format!("inUse must be true or false, as in {example}."),
            )
            .answer()
        }
    };
    let current = match value.get("current") {
        None => None,
        Some(Value::Null) => Some(None),
        Some(v) => match v.as_u64() {
            Some(n) => Some(Some(n)),
            None => {
                return bad_request(
                    "invalid-body",
                    format!("current must be a whole number from 0 up, or null, as in {example}."),
                )
                .answer()
            }
        },
    };
    let mut store = rx.store();
    let Some(held) = store
        .data
        .environments
        .get_mut(&environment.to_ascii_lowercase())
    else {
        return not_found(format!(
            "The receiver holds no environment named '{environment}'."
        ));
    };
    let Some(index) = held.sequence_index(sequence) else {
        return not_found(format!(
            "Environment '{}' has no number sequence named '{sequence}'.",
            held.name
        ));
    };
    let held_sequence_now = {
        let s = &mut held.sequences[index];
        if let Some(in_use) = in_use {
            s.in_use = in_use;
        }
        if let Some(current) = current {
            s.current = current;
        }
        held_sequence(s)
    };
    saved(&store, Answer::json(200, &held_sequence_now))
}

fn stats(rx: &Receiver) -> Answer {
    let sign_in = {
        let a = rx.authority();
        json!({
            "authorizations": a.authorizations,
            "tokensIssued": a.tokens_issued,
            "codesRefused": a.codes_refused,
            "unauthorized": a.unauthorized,
        })
    };
    let store = rx.store();
    let applied: BTreeMap<&String, u64> = store.data.applied.iter().map(|(k, v)| (k, *v)).collect();
    Answer::json(
        200,
        &json!({
            "applied": applied,
            "requests": store.data.requests,
            "faultsQueued": store.faults.iter().map(|f| u64::from(f.remaining)).sum::<u64>(),
            "signIn": sign_in,
        }),
    )
}
