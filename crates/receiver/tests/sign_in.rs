//! The authorization server double, driven in-process with the console's
//! own sign-in requests (`domain::auth`): the code flow with PKCE, the
//! code's single use, the redirect URI and verifier checks, and `/api/`
//! requiring its tokens when started with `--require-sign-in`.
#![cfg(not(target_arch = "wasm32"))]

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use domain::auth::flow::{read_redirect, Query};
use domain::auth::tokens::read_token_answer;
use domain::auth::{PendingSignIn, Scope, SignInSettings, TokenAnswerError};
use domain::values::{EndpointUrl, Guid, Tenant};
use receiver::{app, Receiver, SignInOptions};
use serde_json::Value;
use tower::ServiceExt;

static COUNTER: AtomicU64 = AtomicU64::new(0);
const REDIRECT: &str = "http://127.0.0.1:8080/";

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64
}

struct Double {
    app: Router,
    dir: PathBuf,
}

impl Drop for Double {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

struct Reply {
    status: StatusCode,
    location: Option<String>,
    body: String,
}

impl Double {
    fn new(required: bool) -> Double {
        let dir = std::env::temp_dir().join(format!(
            "einvoicing-receiver-sign-in-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let options = SignInOptions {
            required,
            token_lifetime: Duration::from_secs(120),
        };
        let receiver = Receiver::open_with(&dir, None, options).unwrap();
        Double {
            app: app(receiver),
            dir,
        }
    }

    async fn send(&self, method: &str, uri: &str, headers: &[(&str, &str)], body: &str) -> Reply {
        let mut request = Request::builder().method(method).uri(uri);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = self
            .app
            .clone()
            .oneshot(request.body(Body::from(body.to_owned())).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let location = response
            .headers()
            .get("location")
            .map(|v| v.to_str().unwrap().to_string());
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        Reply {
            status,
            location,
            body: String::from_utf8(bytes.to_vec()).unwrap(),
        }
    }

    async fn stats(&self) -> Value {
        serde_json::from_str(&self.send("GET", "/_admin/stats", &[], "").await.body).unwrap()
    }
}

fn settings() -> SignInSettings {
    SignInSettings {
        tenant: Tenant::parse("contoso.onmicrosoft.com").unwrap(),
        client_id: Guid::parse("11111111-2222-4333-8444-555555555555").unwrap(),
        scope: Scope::default(),
        authority: Some(
            EndpointUrl::parse("http://127.0.0.1:8081/contoso.onmicrosoft.com/").unwrap(),
        ),
    }
}

fn pending(seed: u8) -> PendingSignIn {
    PendingSignIn::start(
        ([seed; 32], [seed ^ 1; 16], [seed ^ 2; 16]),
        REDIRECT,
        "#/environments/UAT",
        now_ms(),
    )
}

/// The path and query of an absolute URL of the double.
fn local(url: &str) -> &str {
    url.strip_prefix("http://127.0.0.1:8081").unwrap()
}

/// Authorize, as the browser would follow the redirect: the code.
async fn authorize(double: &Double, p: &PendingSignIn) -> String {
    let reply = double
        .send("GET", local(&settings().authorize_url(p)), &[], "")
        .await;
    assert_eq!(reply.status, StatusCode::FOUND, "{}", reply.body);
    let location = reply.location.unwrap();
    let (back, query) = location.split_once('?').unwrap();
    assert_eq!(back, REDIRECT.trim_end_matches('?'));
    read_redirect(query, Some(p), now_ms()).expect("the redirect answers our state")
}

async fn exchange(double: &Double, code: &str, p: &PendingSignIn) -> Reply {
    double
        .send(
            "POST",
            local(&settings().token_url()),
            &[
                ("content-type", "application/x-www-form-urlencoded"),
                ("origin", "http://127.0.0.1:8080"),
            ],
            &settings().token_request(code, p),
        )
        .await
}

async fn list(double: &Double, token: Option<&str>) -> Reply {
    let bearer = token.map(|t| format!("Bearer {t}"));
    let mut headers = vec![("accept", "application/json")];
    if let Some(b) = &bearer {
        headers.push(("authorization", b));
    }
    double
        .send("GET", "/api/v1/environments", &headers, "")
        .await
}

#[tokio::test]
async fn the_code_flow_with_pkce_signs_the_test_user_in_and_api_accepts_the_token() {
    let double = Double::new(true);
    assert_eq!(list(&double, None).await.status, StatusCode::UNAUTHORIZED);

    let p = pending(7);
    let code = authorize(&double, &p).await;
    let reply = exchange(&double, &code, &p).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let signed = read_token_answer(200, &reply.body, &p, now_ms()).expect("a token for our nonce");
    assert_eq!(
        signed.account.unwrap().to_string(),
        "Test Administrator (admin@contoso.test)"
    );
    let token = signed.token.expose().to_string();
    assert!(signed.expires_at > now_ms() + 100_000 && signed.expires_at <= now_ms() + 120_000);

    assert_eq!(list(&double, Some(&token)).await.status, StatusCode::OK);
    let wrong = list(&double, Some("rx.not-issued-here")).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.body.contains("sign in again"), "{}", wrong.body);

    // Expired tokens are refused (the test hook ages them all).
    double
        .send("POST", "/_admin/sign-in/expire-tokens", &[], "")
        .await;
    assert_eq!(
        list(&double, Some(&token)).await.status,
        StatusCode::UNAUTHORIZED
    );
    let stats = double.stats().await;
    assert_eq!(stats["signIn"]["authorizations"], 1);
    assert_eq!(stats["signIn"]["tokensIssued"], 1);
    assert_eq!(stats["signIn"]["unauthorized"], 3);
}

#[tokio::test]
async fn a_code_is_used_once_and_its_reuse_revokes_what_it_gave() {
    let double = Double::new(true);
    let p = pending(9);
    let code = authorize(&double, &p).await;
    let first = exchange(&double, &code, &p).await;
    let token = read_token_answer(200, &first.body, &p, now_ms())
        .unwrap()
        .token;
    assert_eq!(
        list(&double, Some(token.expose())).await.status,
        StatusCode::OK
    );

    let again = exchange(&double, &code, &p).await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    assert!(matches!(
        read_token_answer(400, &again.body, &p, now_ms()),
        Err(TokenAnswerError::CodeRefused { .. })
    ));
    assert_eq!(
        list(&double, Some(token.expose())).await.status,
        StatusCode::UNAUTHORIZED,
        "RFC 6749 4.1.2: the first exchange's token is revoked"
    );
    assert_eq!(double.stats().await["signIn"]["codesRefused"], 1);
}

#[tokio::test]
async fn the_verifier_the_redirect_uri_and_the_client_must_be_those_of_the_request() {
    let double = Double::new(false);
    let p = pending(11);

    // Another sign-in's verifier.
    let code = authorize(&double, &p).await;
    let reply = exchange(&double, &code, &pending(12)).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(
        reply.body.contains("code_verifier does not match"),
        "{}",
        reply.body
    );

    // Another redirect URI.
    let code = authorize(&double, &p).await;
    let mut elsewhere = p.clone();
    elsewhere.redirect_uri = "http://127.0.0.1:9999/".into();
    let reply = exchange(&double, &code, &elsewhere).await;
    assert!(
        reply.body.contains("redirect_uri is not the one"),
        "{}",
        reply.body
    );

    // Another client.
    let code = authorize(&double, &p).await;
    let mut other = settings();
    other.client_id = Guid::parse("99999999-2222-4333-8444-555555555555").unwrap();
    let reply = double
        .send(
            "POST",
            local(&settings().token_url()),
            &[],
            &other.token_request(&code, &p),
        )
        .await;
    assert!(reply.body.contains("invalid_client"), "{}", reply.body);
    assert_eq!(double.stats().await["signIn"]["codesRefused"], 3);
}

#[tokio::test]
async fn an_authorization_request_without_pkce_or_declined_goes_back_with_an_error_and_the_state() {
    let double = Double::new(false);
    let p = pending(13);
    let url = settings().authorize_url(&p);
    let without_pkce: String = url
        .split('&')
        .filter(|part| !part.starts_with("code_challenge"))
        .collect::<Vec<_>>()
        .join("&");
    let reply = double.send("GET", local(&without_pkce), &[], "").await;
    assert_eq!(reply.status, StatusCode::FOUND);
    let location = reply.location.unwrap();
    let pairs = Query::parse(location.split_once('?').unwrap().1);
    assert_eq!(pairs.get("error"), Some("invalid_request"));
    assert_eq!(pairs.get("state"), Some(p.state.as_str()));

    double
        .send("POST", "/_admin/sign-in/deny-next", &[], "")
        .await;
    let reply = double.send("GET", local(&url), &[], "").await;
    let location = reply.location.unwrap();
    let err = read_redirect(location.split_once('?').unwrap().1, Some(&p), now_ms()).unwrap_err();
    assert!(err.to_string().contains("access_denied"), "{err}");
    // Only the next one.
    authorize(&double, &p).await;

    // No redirect URI: nowhere to send the browser.
    let reply = double
        .send(
            "GET",
            "/contoso/oauth2/v2.0/authorize?response_type=code",
            &[],
            "",
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn without_require_sign_in_the_api_needs_no_token_and_the_token_endpoint_answers_cors() {
    let double = Double::new(false);
    assert_eq!(list(&double, None).await.status, StatusCode::OK);
    let p = pending(15);
    let code = authorize(&double, &p).await;
    let response = double
        .app
        .clone()
        .oneshot(
            Request::builder()
                .method("POST")
                .uri(local(&settings().token_url()))
                .header("origin", "http://127.0.0.1:8080")
                .header("content-type", "application/x-www-form-urlencoded")
                .body(Body::from(settings().token_request(&code, &p)))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["access-control-allow-origin"],
        "http://127.0.0.1:8080"
    );
    assert_eq!(response.headers()["cache-control"], "no-store");
}
