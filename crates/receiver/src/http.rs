//! The one handler every request goes through: CORS preflights, the test
//! hooks, counting, injected faults, the token, the contract; then CORS
//! headers on whatever the answer is, and one log line.

use std::io;
use std::time::Instant;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::response::Response;

use crate::answer::{method_not_allowed, not_found, Answer, Problem};
use crate::state::Store;
use crate::{admin, api, Receiver};

/// The largest body read (a publish of 10,000 users is well under it).
const BODY_LIMIT: usize = 32 * 1024 * 1024;

const ALLOW_METHODS: &str = "GET, PUT, POST, DELETE, OPTIONS";
const ALLOW_HEADERS: &str =
    "Accept, Authorization, Content-Type, Idempotency-Key, If-Match, If-None-Match";
const EXPOSE_HEADERS: &str = "ETag, Retry-After, Location";

pub async fn handle(State(rx): State<Receiver>, request: Request) -> Response {
    let started = Instant::now();
    let (parts, body) = request.into_parts();
    let origin = parts
        .headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let path = parts.uri.path().to_string();
    let preflight = parts.method == Method::OPTIONS;
    let answer = if preflight {
        Answer::empty(204)
    } else {
        match axum::body::to_bytes(body, BODY_LIMIT).await {
            Ok(bytes) => {
                let query = parts.uri.query().unwrap_or_default();
                route(&rx, &parts.method, &path, query, &parts.headers, &bytes).await
            }
            Err(_) => Problem::new(
                413,
                "body-too-large",
                "Request body too large",
                format!("The development receiver reads bodies of at most {BODY_LIMIT} bytes."),
            )
            .answer(),
        }
    };
    eprintln!(
        "{} {} {} ({} ms)",
        parts.method,
        path,
        answer.status,
        started.elapsed().as_millis()
    );
    respond(answer, origin.as_deref(), preflight)
}

async fn route(
    rx: &Receiver,
    method: &Method,
    path: &str,
    query: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Answer {
    let Some(segments) = segments(path) else {
        return not_found(format!("{path} is not a path this receiver serves."));
    };
    // The authorization server double: /{tenant}/oauth2/v2.0/{authorize,token}.
    if let [tenant, oauth2, version, endpoint] = segments.as_slice() {
        if oauth2 == "oauth2" && version == "v2.0" {
            return match (endpoint.as_str(), method) {
                ("authorize", &Method::GET) => rx.authority().authorize(query),
                ("token", &Method::POST) => rx.authority().token(body, rx.inner.sign_in, tenant),
                ("authorize", _) => method_not_allowed(method.as_str(), path, "GET"),
                ("token", _) => method_not_allowed(method.as_str(), path, "POST, OPTIONS"),
                _ => not_found(format!("{path}: the authorization server double has only …/oauth2/v2.0/authorize and …/oauth2/v2.0/token.")),
            };
        }
    }
    match segments.first().map(String::as_str) {
        Some("_admin") => admin::route(rx, method, &segments[1..], body),
        Some("api") => {
            let fault = {
                let mut store = rx.store();
                store.data.requests += 1;
                let fault = admin::take(&mut store.faults, method, path);
                if let Err(e) = store.save() {
                    return save_failed(&store, &e);
                }
                fault
            };
            if let Some(kind) = fault {
                return admin::fault_answer(kind).await;
            }
            if let Some(refused) = authorize(rx, headers) {
                return refused;
            }
            let caller = caller(rx, headers);
            api::route(rx, method, path, &segments, headers, caller, body)
        }
        _ => not_found(format!(
            "{path} is not a path this receiver serves: the publish contract is under /api/v1/environments, the test hooks under /_admin/."
        )),
    }
}

/// The path's segments, percent-decoded; `None` for an empty segment (a
/// doubled or trailing `/`) or one that does not decode to UTF-8.
fn segments(path: &str) -> Option<Vec<String>> {
    let rest = path.strip_prefix('/')?;
    rest.split('/')
        .map(|segment| {
            if segment.is_empty() {
                None
            } else {
                percent_decode(segment)
            }
        })
        .collect()
}

fn percent_decode(segment: &str) -> Option<String> {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = segment.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// `None` when the request may go on: no token configured, or the right
/// one sent as `Authorization: Bearer {token}`; with `--require-sign-in`,
/// an unexpired access token issued by the authorization server double.
fn authorize(rx: &Receiver, headers: &HeaderMap) -> Option<Answer> {
    if rx.inner.sign_in.required {
        return authorize_signed_in(rx, headers);
    }
    let token = rx.inner.token.as_deref()?;
    let sent = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty());
    let detail = match sent {
        None => "The access token is missing: this receiver was started with --token, so send Authorization: Bearer {token}.",
        Some(value) => {
            let bearer = value
                .split_once(' ')
                .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
                .map(|(_, t)| t.trim());
            if bearer == Some(token) {
                return None;
            }
            "The access token is not valid for this receiver (send Authorization: Bearer {token} with the token it was started with)."
        }
    };
    Some(
        Problem::new(401, "unauthorized", "Unauthorized", detail)
            .header("WWW-Authenticate", "Bearer")
            .answer(),
    )
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, t)| t.trim())
}

/// Who makes the request, as the receiver reads its access token: the
/// email of the user an unexpired token issued by the sign-in double was
/// issued to; `None` without a token, or with one issued elsewhere (the
/// `--token` one, or any token while sign-in is not required).
fn caller(rx: &Receiver, headers: &HeaderMap) -> Option<String> {
    let token = bearer(headers)?;
    rx.authority().user_of(token).map(|user| user.email.clone())
}

fn authorize_signed_in(rx: &Receiver, headers: &HeaderMap) -> Option<Answer> {
    let mut authority = rx.authority();
    let (error, detail) = match bearer(headers) {
        Some(token) if authority.accepts(token) => return None,
        Some(_) => (
            "invalid_token",
            "The access token has expired or was not issued by this receiver's sign-in: sign in again.",
        ),
        None => (
            "invalid_request",
            "This receiver was started with --require-sign-in: sign in (Settings, Sign-in) so requests carry Authorization: Bearer.",
        ),
    };
    authority.unauthorized += 1;
    Some(
        Problem::new(401, "unauthorized", "Unauthorized", detail)
            .header("WWW-Authenticate", format!("Bearer error=\"{error}\""))
            .answer(),
    )
}

/// Saves the state and gives `answer`, or `500` when the file cannot be
/// written.
pub fn saved(store: &Store, answer: Answer) -> Answer {
    match store.save() {
        Ok(()) => answer,
        Err(e) => save_failed(store, &e),
    }
}

pub fn save_failed(store: &Store, error: &io::Error) -> Answer {
    let detail = format!(
        "The development receiver could not save its state to {}: {error}.",
        store.path().display()
    );
    eprintln!("einvoicing-receiver: {detail}");
    Problem::new(500, "state-not-saved", "State not saved", detail).answer()
}

fn respond(answer: Answer, origin: Option<&str>, preflight: bool) -> Response {
    let mut response = Response::new(Body::from(answer.body));
    *response.status_mut() =
        StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let headers = response.headers_mut();
    for (name, value) in &answer.headers {
        if let (Ok(name), Ok(value)) = (
            HeaderName::try_from(name.as_str()),
            HeaderValue::try_from(value.as_str()),
        ) {
            headers.append(name, value);
        }
    }
    let allow_origin = origin
        .and_then(|o| HeaderValue::try_from(o).ok())
        .unwrap_or(HeaderValue::from_static("*"));
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, allow_origin);
    headers.insert(header::VARY, HeaderValue::from_static("Origin"));
    headers.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static(EXPOSE_HEADERS),
    );
    if preflight {
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static(ALLOW_METHODS),
        );
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static(ALLOW_HEADERS),
        );
        headers.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("600"),
        );
    }
    response
}
