//! The receiver's HTTP behaviour, driven in-process through its router (no
//! sockets): the publish contract, CORS, the token, idempotency, the test
//! hooks and the state file.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use axum::Router;
use domain::answers::{
    classify_publish, HeldEnvironmentDetail, HeldNumberSequence, ProblemDetails, PublishOutcome,
    PublishReceipt,
};
use domain::payload::{EnvironmentPayload, NumberSequencePayload};
use domain::publish::{self, AccessToken, BoundToken, Service};
use domain::values::{EndpointUrl, LOCAL_DEVELOPMENT_URL};
use receiver::config::{self, Command, Config};
use receiver::{app, Receiver, SignInOptions, STATE_FILE};
use serde_json::{json, Value};
use tower::ServiceExt;

static COUNTER: AtomicU64 = AtomicU64::new(0);

fn unique() -> u64 {
    COUNTER.fetch_add(1, Ordering::Relaxed)
}

/// A fresh data directory under the system's temporary directory.
fn data_dir(label: &str) -> PathBuf {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let dir = std::env::temp_dir().join(format!(
        "einvoicing-receiver-test-{label}-{}-{nanos}-{}",
        std::process::id(),
        unique()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A fresh Idempotency-Key.
fn key() -> String {
    format!("00000000-0000-4000-8000-{:012x}", unique())
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(|v| v.to_str().unwrap())
    }
    fn problem(&self) -> ProblemDetails {
        assert_eq!(
            self.header("content-type"),
            Some("application/problem+json"),
            "{}",
            self.body
        );
        let problem: ProblemDetails = serde_json::from_str(&self.body).unwrap();
        assert_eq!(problem.status, Some(self.status.as_u16()));
        assert!(problem.problem_type.is_some() && problem.title.is_some());
        assert!(problem.detail.is_some());
        problem
    }
    fn pointers(&self) -> Vec<String> {
        self.problem()
            .errors
            .into_iter()
            .map(|e| e.pointer)
            .collect()
    }
}

struct Harness {
    dir: PathBuf,
    app: Router,
    /// Whether dropping it removes `dir` (it made the directory).
    owns_dir: bool,
}

impl Drop for Harness {
    fn drop(&mut self) {
        if self.owns_dir {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

impl Harness {
    fn new(label: &str) -> Harness {
        Harness::with_token(label, None)
    }

    fn with_token(label: &str, token: Option<&str>) -> Harness {
        let dir = data_dir(label);
        let mut harness = Harness::open(&dir, token);
        harness.owns_dir = true;
        harness
    }

    fn open(dir: &Path, token: Option<&str>) -> Harness {
        let receiver = Receiver::open(dir, token.map(str::to_owned)).unwrap();
        Harness {
            dir: dir.to_path_buf(),
            app: app(receiver),
            owns_dir: false,
        }
    }

    async fn send(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Reply {
        let mut request = Request::builder().method(method).uri(path);
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
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        Reply {
            status,
            headers,
            body: String::from_utf8(bytes.to_vec()).unwrap(),
        }
    }

    /// Sends one of the console's own requests (`domain::publish::Request`,
    /// built for [`LOCAL_DEVELOPMENT_URL`]).
    async fn send_client(&self, request: &publish::Request) -> Reply {
        let path = request
            .url
            .strip_prefix(LOCAL_DEVELOPMENT_URL)
            .unwrap_or_else(|| panic!("{} is not under the local endpoint", request.url));
        let headers: Vec<(&str, &str)> = request
            .headers
            .iter()
            .map(|(name, value)| (*name, value.as_str()))
            .collect();
        self.send(
            request.method.as_str(),
            &format!("/{path}"),
            &headers,
            request.body.as_deref().unwrap_or(""),
        )
        .await
    }

    async fn get(&self, path: &str) -> Reply {
        self.send("GET", path, &[], "").await
    }

    /// `PUT /api/v1/environments/{name}` with a precondition header
    /// (`("If-None-Match", "*")` or `("If-Match", "\"1\"")`) and a key.
    async fn publish(
        &self,
        name: &str,
        precondition: (&str, &str),
        key: &str,
        body: &Value,
    ) -> Reply {
        self.send(
            "PUT",
            &format!("/api/v1/environments/{name}"),
            &[
                ("Content-Type", "application/json"),
                ("Idempotency-Key", key),
                precondition,
            ],
            &body.to_string(),
        )
        .await
    }

    async fn admin(&self, method: &str, path: &str, body: Value) -> Reply {
        self.send(
            method,
            path,
            &[("Content-Type", "application/json")],
            &body.to_string(),
        )
        .await
    }

    async fn applied(&self, name: &str) -> u64 {
        self.get("/_admin/stats").await.json()["applied"][name]
            .as_u64()
            .unwrap_or(0)
    }
}

const CREATE: (&str, &str) = ("If-None-Match", "*");

fn if_match(revision: &str) -> (&'static str, String) {
    ("If-Match", format!("\"{revision}\""))
}

/// The body the console sends (`publish-api.md`, payload schema version
/// 2), for environment `name`: a chain of certificates under its
/// reference, a named application, a Dataverse endpoint URI.
fn body(name: &str) -> Value {
    json!({
        "schemaVersion": 2,
        "name": name,
        "description": "Validation before production",
        "dataverseEndpointUri": "https://contoso.crm.dynamics.com/api/data/v9.1/",
        "storageSasTokenSecret": {
            "keyVaultReference": "ContosoKV",
            "keyVaultUri": "https://contoso-einvoicing.vault.azure.net/",
            "secretName": "einvoicing-sas"
        },
        "keyVaultReferences": [{
            "name": "ContosoKV",
            "description": "",
            "uri": "https://contoso-einvoicing.vault.azure.net/",
            "certificates": [
                { "name": "einvoicing-sas", "description": "", "type": "secret" },
                { "name": "root-ca", "description": "", "type": "certificate" },
                { "name": "signing", "description": "", "type": "certificate" }
            ],
            "certificateChains": [
                { "name": "Signing chain", "description": "",
                  "certificates": ["root-ca", "signing"] }
            ]
        }],
        "users": [ { "userId": "ana", "email": "ana@contoso.com" } ],
        "applications": [{
            "name": "Contoso POS",
            "tenantId": "8c0f0b9e-1f5e-4c55-9d0a-3c1a1f2b3c4d",
            "lcsEnvironmentId": "0f3a2b1c-4d5e-6f70-8192-a3b4c5d6e7f8",
            "applicationId": "3d2c1b0a-9f8e-7d6c-5b4a-392817160504",
            "objectId": "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d",
            "justification": "Submits invoices from the POS system"
        }],
        "numberSequences": [ { "name": "INV", "description": "Invoice numbers" } ]
    })
}

/// The same environment as a console before payload schema version 2 sent
/// it (`publish-api.md`'s example): the chain is an entry of type
/// `certificateChain`, the application has no name, no Dataverse.
fn body_v1(name: &str) -> Value {
    json!({
        "schemaVersion": 1,
        "name": name,
        "description": "Validation before production",
        "storageSasTokenSecret": {
            "keyVaultReference": "ContosoKV",
            "keyVaultUri": "https://contoso-einvoicing.vault.azure.net/",
            "secretName": "einvoicing-sas"
        },
        "keyVaultReferences": [{
            "name": "ContosoKV",
            "description": "",
            "uri": "https://contoso-einvoicing.vault.azure.net/",
            "certificates": [
                { "name": "einvoicing-sas", "description": "", "type": "secret" },
                { "name": "root-ca", "description": "", "type": "certificate" },
                { "name": "signing", "description": "", "type": "certificate" },
                { "name": "chain", "description": "", "type": "certificateChain",
                  "chain": ["root-ca", "signing"] }
            ]
        }],
        "users": [ { "userId": "ana", "email": "ana@contoso.com" } ],
        "applications": [{
            "tenantId": "8c0f0b9e-1f5e-4c55-9d0a-3c1a1f2b3c4d",
            "lcsEnvironmentId": "0f3a2b1c-4d5e-6f70-8192-a3b4c5d6e7f8",
            "applicationId": "3d2c1b0a-9f8e-7d6c-5b4a-392817160504",
            "objectId": "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d",
            "justification": "Submits invoices from the POS system"
        }],
        "numberSequences": [ { "name": "INV", "description": "Invoice numbers" } ]
    })
}

fn receipt(reply: &Reply) -> PublishReceipt {
    serde_json::from_str(&reply.body).unwrap()
}

fn assert_cors(reply: &Reply, origin: &str) {
    assert_eq!(reply.header("access-control-allow-origin"), Some(origin));
    assert_eq!(reply.header("vary"), Some("Origin"));
    assert_eq!(
        reply.header("access-control-expose-headers"),
        Some("ETag, Retry-After, Location")
    );
}

#[tokio::test]
async fn preflight_needs_no_token_and_allows_the_contract_headers() {
    let h = Harness::with_token("preflight", Some("s3cret"));
    let reply = h
        .send(
            "OPTIONS",
            "/api/v1/environments/UAT",
            &[
                ("Origin", "http://127.0.0.1:8080"),
                ("Access-Control-Request-Method", "PUT"),
            ],
            "",
        )
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert_cors(&reply, "http://127.0.0.1:8080");
    assert_eq!(
        reply.header("access-control-allow-methods"),
        // POST: the sign-in double's token endpoint.
        Some("GET, PUT, POST, DELETE, OPTIONS")
    );
    assert_eq!(
        reply.header("access-control-allow-headers"),
        Some("Accept, Authorization, Content-Type, Idempotency-Key, If-Match, If-None-Match")
    );
    assert_eq!(reply.header("access-control-max-age"), Some("600"));
    // Any path.
    let reply = h.send("OPTIONS", "/anything/else", &[], "").await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert_cors(&reply, "*");
}

#[tokio::test]
async fn errors_carry_cors_headers_too() {
    let h = Harness::new("cors-errors");
    let reply = h
        .send(
            "GET",
            "/api/v1/nothing",
            &[("Origin", "https://console.example")],
            "",
        )
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    reply.problem();
    assert_cors(&reply, "https://console.example");

    let reply = h.get("/not-api").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_cors(&reply, "*");

    let reply = h
        .send(
            "PUT",
            "/api/v1/environments",
            &[("Origin", "http://localhost:8080")],
            "",
        )
        .await;
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(reply.header("allow"), Some("GET, OPTIONS"));
    reply.problem();
    assert_cors(&reply, "http://localhost:8080");
}

#[tokio::test]
async fn first_publish_creates_revision_1_and_the_service_holds_it() {
    let h = Harness::new("first");
    assert_eq!(h.get("/api/v1/environments").await.json(), json!([]));

    let reply = h.publish("UAT", CREATE, &key(), &body("UAT")).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    assert_eq!(reply.header("etag"), Some("\"1\""));
    assert_eq!(reply.header("content-type"), Some("application/json"));
    assert_eq!(reply.header("location"), Some("/api/v1/environments/UAT"));
    let receipt = receipt(&reply);
    assert_eq!(receipt.name, "UAT");
    assert_eq!(receipt.revision.as_str(), "1");
    // RFC 3339 UTC to the second: 2026-11-21T10:00:00Z.
    let at = &receipt.published_at;
    assert_eq!(at.len(), 20, "{at}");
    assert!(at.ends_with('Z') && at.as_bytes()[10] == b'T', "{at}");
    assert!(humantime::parse_rfc3339(at).is_ok(), "{at}");

    let list = h.get("/api/v1/environments").await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(
        list.json(),
        json!([{ "name": "UAT", "revision": "1", "publishedAt": at }])
    );

    // Case-insensitive, percent-decoded name.
    let detail = h.get("/api/v1/environments/%75at").await;
    assert_eq!(detail.status, StatusCode::OK);
    assert_eq!(detail.header("etag"), Some("\"1\""));
    // The body as it was sent.
    assert_eq!(detail.json()["environment"], body("UAT"));
    let detail: HeldEnvironmentDetail = serde_json::from_str(&detail.body).unwrap();
    assert_eq!(detail.revision.as_str(), "1");
    assert_eq!(detail.published_at, *at);

    let missing = h.get("/api/v1/environments/PROD").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    missing.problem();
    assert_eq!(h.applied("uat").await, 1);
}

#[tokio::test]
async fn preconditions_protect_what_someone_else_published() {
    let h = Harness::new("preconditions");
    assert_eq!(
        h.publish("UAT", CREATE, &key(), &body("UAT")).await.status,
        StatusCode::CREATED
    );

    // If-None-Match: * on an existing environment.
    let reply = h.publish("uat", CREATE, &key(), &body("uat")).await;
    assert_eq!(reply.status, StatusCode::PRECONDITION_FAILED);
    let problem = reply.problem();
    assert!(problem.detail.unwrap().contains("revision 1"));
    assert_eq!(reply.json()["currentRevision"], "1");
    assert!(reply.json()["publishedAt"].is_string());

    // Republish with If-Match "1".
    let (name, value) = if_match("1");
    let mut changed = body("UAT");
    changed["description"] = json!("Second");
    let reply = h.publish("UAT", (name, &value), &key(), &changed).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.header("etag"), Some("\"2\""));
    assert_eq!(receipt(&reply).revision.as_str(), "2");
    assert!(reply.header("location").is_none());

    // A stale If-Match.
    let reply = h.publish("UAT", (name, &value), &key(), &changed).await;
    assert_eq!(reply.status, StatusCode::PRECONDITION_FAILED);
    reply.problem();
    assert_eq!(reply.json()["currentRevision"], "2");
    assert!(reply.json()["publishedAt"].is_string());

    // If-Match on an environment the service does not hold.
    let reply = h
        .publish("PROD", (name, &value), &key(), &body("PROD"))
        .await;
    assert_eq!(reply.status, StatusCode::PRECONDITION_FAILED);
    reply.problem();
    assert!(reply.json().get("currentRevision").is_none());

    assert_eq!(h.applied("uat").await, 2);
    assert_eq!(h.applied("prod").await, 0);
}

#[tokio::test]
async fn a_publish_needs_a_precondition_and_a_uuid_key() {
    let h = Harness::new("headers");
    let no_precondition = h
        .send(
            "PUT",
            "/api/v1/environments/UAT",
            &[("Idempotency-Key", &key())],
            &body("UAT").to_string(),
        )
        .await;
    assert_eq!(no_precondition.status, StatusCode::PRECONDITION_REQUIRED);
    no_precondition.problem();

    let no_key = h
        .send(
            "PUT",
            "/api/v1/environments/UAT",
            &[("If-None-Match", "*")],
            &body("UAT").to_string(),
        )
        .await;
    assert_eq!(no_key.status, StatusCode::BAD_REQUEST);
    assert!(no_key.problem().detail.unwrap().contains("Idempotency-Key"));

    let bad_key = h.publish("UAT", CREATE, "not-a-uuid", &body("UAT")).await;
    assert_eq!(bad_key.status, StatusCode::BAD_REQUEST);
    bad_key.problem();

    let both = h
        .send(
            "PUT",
            "/api/v1/environments/UAT",
            &[
                ("Idempotency-Key", &key()),
                ("If-None-Match", "*"),
                ("If-Match", "\"1\""),
            ],
            &body("UAT").to_string(),
        )
        .await;
    assert_eq!(both.status, StatusCode::BAD_REQUEST);

    // A key whose answer was 428 is not used up.
    let k = key();
    let first = h
        .send(
            "PUT",
            "/api/v1/environments/UAT",
            &[("Idempotency-Key", &k)],
            &body("UAT").to_string(),
        )
        .await;
    assert_eq!(first.status, StatusCode::PRECONDITION_REQUIRED);
    assert_eq!(
        h.publish("UAT", CREATE, &k, &body("UAT")).await.status,
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn a_retry_with_the_same_key_replays_without_applying_again() {
    let h = Harness::new("replay");
    let k = key();
    let first = h.publish("UAT", CREATE, &k, &body("UAT")).await;
    assert_eq!(first.status, StatusCode::CREATED);
    let again = h.publish("UAT", CREATE, &k, &body("UAT")).await;
    assert_eq!(again.status, StatusCode::CREATED);
    assert_eq!(again.body, first.body);
    assert_eq!(again.header("etag"), Some("\"1\""));
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(h.applied("uat").await, 1);
    assert_eq!(
        h.get("/api/v1/environments/UAT").await.json()["revision"],
        "1"
    );

    // The same key for other content.
    let mut other = body("UAT");
    other["description"] = json!("Other");
    let reused = h.publish("UAT", CREATE, &k, &other).await;
    assert_eq!(reused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reused.problem().detail.unwrap().contains("already used"));
    // ...or another precondition.
    let (name, value) = if_match("1");
    let reused = h.publish("UAT", (name, &value), &k, &body("UAT")).await;
    assert_eq!(reused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(h.applied("uat").await, 1);

    // A refused publish is remembered too: its retry gets the same answer.
    let k = key();
    let refused = h.publish("UAT", CREATE, &k, &body("UAT")).await;
    assert_eq!(refused.status, StatusCode::PRECONDITION_FAILED);
    let replayed = h.publish("UAT", CREATE, &k, &body("UAT")).await;
    assert_eq!(replayed.status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(replayed.body, refused.body);
}

#[tokio::test]
async fn an_invalid_environment_is_refused_field_by_field() {
    // Version 1 bodies: its chain is an entry, with its members in `chain`
    // (`versions.rs` has version 2's).
    let h = Harness::new("validation");
    let mut bad = body_v1("UAT");
    bad["users"][0]["email"] = json!("ana@");
    let reply = h.publish("UAT", CREATE, &key(), &bad).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let problem = reply.problem();
    assert_eq!(problem.errors.len(), 1, "{:?}", problem.errors);
    assert_eq!(problem.errors[0].pointer, "/users/0/email");
    assert!(
        problem.errors[0].detail.contains("ana@"),
        "{}",
        problem.errors[0].detail
    );
    assert_eq!(h.applied("uat").await, 0);
    assert_eq!(
        h.get("/api/v1/environments/UAT").await.status,
        StatusCode::NOT_FOUND
    );

    let mut bad = body_v1("UAT");
    bad["name"] = json!("PROD");
    bad["users"] = json!([
        { "userId": "ana", "email": "ana@contoso.com" },
        { "userId": "ANA", "email": "Ana@Contoso.com" }
    ]);
    bad["applications"][0]["tenantId"] = json!("not-a-guid");
    bad["keyVaultReferences"][0]["uri"] = json!("http://contoso.vault.azure.net/");
    bad["keyVaultReferences"][0]["certificates"][3]["chain"] = json!(["root-ca", "missing"]);
    bad["storageSasTokenSecret"]["secretName"] = json!("signing");
    bad["numberSequences"] = json!([
        { "name": "INV", "description": "" },
        { "name": "inv", "description": "" }
    ]);
    let reply = h.publish("UAT", CREATE, &key(), &bad).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let pointers = reply.pointers();
    for expected in [
        "/name",
        "/users/1/userId",
        "/users/1/email",
        "/applications/0/tenantId",
        "/keyVaultReferences/0/uri",
        "/keyVaultReferences/0/certificates/3/chain/1",
        "/storageSasTokenSecret/secretName",
        "/numberSequences/1/name",
    ] {
        assert!(
            pointers.contains(&expected.to_string()),
            "{expected} not in {pointers:?}"
        );
    }

    // The SAS secret must be among the body's references.
    let mut bad = body("UAT");
    bad["storageSasTokenSecret"]["keyVaultReference"] = json!("OtherKV");
    let reply = h.publish("UAT", CREATE, &key(), &bad).await;
    assert_eq!(
        reply.pointers(),
        vec!["/storageSasTokenSecret/keyVaultReference"]
    );

    // A secret value where a name belongs.
    let mut bad = body("UAT");
    bad["description"] = json!("sv=2024-01-01&se=2026-01-01&sig=abc");
    let reply = h.publish("UAT", CREATE, &key(), &bad).await;
    assert_eq!(reply.pointers(), vec!["/description"]);
}

#[tokio::test]
async fn a_body_that_is_not_the_payload_is_a_400() {
    let h = Harness::new("bad-json");
    let reply = h
        .send(
            "PUT",
            "/api/v1/environments/UAT",
            &[("Idempotency-Key", &key()), CREATE],
            "{ not json",
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    reply.problem();

    let mut wrong = body("UAT");
    wrong["users"][0]["email"] = json!(42);
    let reply = h.publish("UAT", CREATE, &key(), &wrong).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.pointers(), vec!["/users/0/email"]);

    let mut missing = body("UAT");
    missing.as_object_mut().unwrap().remove("users");
    let reply = h.publish("UAT", CREATE, &key(), &missing).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.pointers(), vec!["/users"]);
    assert_eq!(h.applied("uat").await, 0);
}

#[tokio::test]
async fn a_token_is_required_when_configured() {
    let h = Harness::with_token("token", Some("s3cret"));
    let reply = h.get("/api/v1/environments").await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reply.header("www-authenticate"), Some("Bearer"));
    assert!(reply.problem().detail.unwrap().contains("missing"));
    assert_cors(&reply, "*");

    let reply = h
        .send(
            "GET",
            "/api/v1/environments",
            &[("Authorization", "Bearer nope")],
            "",
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert!(reply.problem().detail.unwrap().contains("not valid"));
    assert!(!reply.body.contains("s3cret"));

    let k = key();
    let refused = h.publish("UAT", CREATE, &k, &body("UAT")).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);

    let reply = h
        .send(
            "GET",
            "/api/v1/environments",
            &[("Authorization", "Bearer s3cret")],
            "",
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    // A 401 is not remembered: the same key with the token applies.
    let published = h
        .send(
            "PUT",
            "/api/v1/environments/UAT",
            &[
                ("Authorization", "bearer s3cret"),
                ("Idempotency-Key", &k),
                CREATE,
            ],
            &body("UAT").to_string(),
        )
        .await;
    assert_eq!(published.status, StatusCode::CREATED, "{}", published.body);
    // The test hooks need none.
    assert_eq!(h.get("/_admin/stats").await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_server_without_a_token_ignores_authorization() {
    let h = Harness::new("no-token");
    let reply = h
        .send(
            "GET",
            "/api/v1/environments",
            &[("Authorization", "Bearer anything")],
            "",
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
}

#[tokio::test]
async fn number_sequences_are_managed_without_publish() {
    let h = Harness::new("sequences");
    let seqs = "/api/v1/environments/UAT/number-sequences";
    let json_header = [("Content-Type", "application/json")];
    let put = |name: &'static str, description: &'static str| {
        json!({ "name": name, "description": description }).to_string()
    };

    // Not held yet.
    let reply = h.get(seqs).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    reply.problem();
    let reply = h
        .send(
            "PUT",
            &format!("{seqs}/CRN"),
            &json_header,
            &put("CRN", "Credit notes"),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);

    assert_eq!(
        h.publish("UAT", CREATE, &key(), &body("UAT")).await.status,
        StatusCode::CREATED
    );
    let list: Vec<HeldNumberSequence> = serde_json::from_str(&h.get(seqs).await.body).unwrap();
    assert_eq!(
        list,
        vec![HeldNumberSequence {
            name: "INV".into(),
            description: "Invoice numbers".into(),
            in_use: false,
            current: None
        }]
    );
    assert_eq!(h.get(seqs).await.json()[0]["current"], Value::Null);

    let created = h
        .send(
            "PUT",
            &format!("{seqs}/CRN"),
            &json_header,
            &put("CRN", "Credit notes"),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    assert_eq!(
        created.json(),
        json!({ "name": "CRN", "description": "Credit notes", "inUse": false, "current": null })
    );
    let updated = h
        .send(
            "PUT",
            &format!("{seqs}/crn"),
            &json_header,
            &put("CRN", "Credit note numbers"),
        )
        .await;
    assert_eq!(updated.status, StatusCode::OK);
    assert_eq!(updated.json()["description"], "Credit note numbers");

    let mismatch = h
        .send(
            "PUT",
            &format!("{seqs}/CRN"),
            &json_header,
            &put("OTHER", ""),
        )
        .await;
    assert_eq!(mismatch.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(mismatch.pointers(), vec!["/name"]);
    let invalid = h
        .send(
            "PUT",
            &format!("{seqs}/CRN"),
            &json_header,
            &put("CRN", "tab\there"),
        )
        .await;
    assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(invalid.pointers(), vec!["/description"]);

    // In use: set through the test hook, then delete refused.
    let usage = h
        .admin(
            "POST",
            "/_admin/sequences/uat/INV",
            json!({ "inUse": true, "current": 1042 }),
        )
        .await;
    assert_eq!(usage.status, StatusCode::OK, "{}", usage.body);
    let list = h.get(seqs).await.json();
    assert_eq!(
        list[0],
        json!({ "name": "INV", "description": "Invoice numbers", "inUse": true, "current": 1042 })
    );
    assert_eq!(list[1]["name"], "CRN");
    let refused = h.send("DELETE", &format!("{seqs}/INV"), &[], "").await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(refused.problem().detail.unwrap().contains("in use"));
    assert_eq!(
        h.admin(
            "POST",
            "/_admin/sequences/UAT/NOPE",
            json!({ "inUse": true })
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );

    let deleted = h.send("DELETE", &format!("{seqs}/CRN"), &[], "").await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    let again = h.send("DELETE", &format!("{seqs}/CRN"), &[], "").await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    again.problem();

    // A republish adds the body's new sequences, updates descriptions and
    // keeps the held ones it does not carry, with their usage.
    let mut republished = body("UAT");
    republished["numberSequences"] = json!([
        { "name": "inv", "description": "Invoices" },
        { "name": "DEB", "description": "Debit notes" }
    ]);
    h.send(
        "PUT",
        &format!("{seqs}/KEEP"),
        &json_header,
        &put("KEEP", "Kept"),
    )
    .await;
    let (name, value) = if_match("1");
    assert_eq!(
        h.publish("UAT", (name, &value), &key(), &republished)
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        h.get(seqs).await.json(),
        json!([
            { "name": "INV", "description": "Invoices", "inUse": true, "current": 1042 },
            { "name": "KEEP", "description": "Kept", "inUse": false, "current": null },
            { "name": "DEB", "description": "Debit notes", "inUse": false, "current": null }
        ])
    );
}

#[tokio::test]
async fn a_status_fault_answers_instead_and_applies_nothing() {
    let h = Harness::new("fault-status");
    let queued = h
        .admin(
            "POST",
            "/_admin/faults",
            json!({ "count": 2, "match": { "method": "put", "path": "/API/v1/environments/UAT" },
                    "kind": "status", "status": 503, "retryAfter": 1 }),
        )
        .await;
    assert_eq!(queued.status, StatusCode::NO_CONTENT, "{}", queued.body);

    // A preflight and a GET do not match / do not consume it.
    let preflight = h.send("OPTIONS", "/api/v1/environments/UAT", &[], "").await;
    assert_eq!(preflight.status, StatusCode::NO_CONTENT);
    assert_eq!(h.get("/api/v1/environments").await.status, StatusCode::OK);

    let k = key();
    for _ in 0..2 {
        let reply = h
            .send(
                "PUT",
                "/api/v1/environments/UAT",
                &[
                    ("Idempotency-Key", &k),
                    CREATE,
                    ("Origin", "http://127.0.0.1:8080"),
                ],
                &body("UAT").to_string(),
            )
            .await;
        assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(reply.header("retry-after"), Some("1"));
        assert_cors(&reply, "http://127.0.0.1:8080");
        reply.problem();
    }
    assert_eq!(h.applied("uat").await, 0);
    // Used up; and the key was not remembered, so the retry applies.
    let reply = h.publish("UAT", CREATE, &k, &body("UAT")).await;
    assert_eq!(reply.status, StatusCode::CREATED);
    assert_eq!(h.applied("uat").await, 1);

    // A raw body and content type, and queued faults in order.
    h.admin(
        "POST",
        "/_admin/faults",
        json!({ "kind": "status", "status": 429, "body": "slow down", "contentType": "text/plain" }),
    )
    .await;
    h.admin(
        "POST",
        "/_admin/faults",
        json!({ "kind": "status", "status": 500 }),
    )
    .await;
    let first = h.get("/api/v1/environments").await;
    assert_eq!(
        (first.status.as_u16(), first.body.as_str()),
        (429, "slow down")
    );
    assert_eq!(first.header("content-type"), Some("text/plain"));
    assert!(first.header("retry-after").is_none());
    assert_eq!(
        h.get("/api/v1/environments").await.status,
        StatusCode::INTERNAL_SERVER_ERROR
    );
    assert_eq!(h.get("/api/v1/environments").await.status, StatusCode::OK);

    // DELETE clears the queue.
    h.admin(
        "POST",
        "/_admin/faults",
        json!({ "count": 5, "kind": "status", "status": 503 }),
    )
    .await;
    assert_eq!(
        h.send("DELETE", "/_admin/faults", &[], "").await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(h.get("/api/v1/environments").await.status, StatusCode::OK);

    // A fault that is not one.
    let refused = h
        .admin("POST", "/_admin/faults", json!({ "kind": "explode" }))
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    refused.problem();
}

#[tokio::test]
async fn a_bad_body_fault_answers_200_with_something_that_is_not_json() {
    let h = Harness::new("fault-body");
    h.admin("POST", "/_admin/faults", json!({ "kind": "badBody" }))
        .await;
    let reply = h.publish("UAT", CREATE, &key(), &body("UAT")).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    assert!(serde_json::from_str::<Value>(&reply.body).is_err());
    assert_cors(&reply, "*");
    assert_eq!(h.applied("uat").await, 0);
    assert_eq!(h.get("/api/v1/environments").await.json(), json!([]));
}

#[tokio::test]
async fn a_hang_fault_answers_504_after_waiting() {
    let h = Harness::new("fault-hang");
    h.admin(
        "POST",
        "/_admin/faults",
        json!({ "kind": "hang", "seconds": 1, "match": { "path": "/api/v1/environments/UAT" } }),
    )
    .await;
    let started = Instant::now();
    let reply = h.publish("UAT", CREATE, &key(), &body("UAT")).await;
    let waited = started.elapsed();
    assert_eq!(reply.status, StatusCode::GATEWAY_TIMEOUT);
    assert!(waited >= Duration::from_millis(950), "{waited:?}");
    assert!(waited < Duration::from_secs(5), "{waited:?}");
    assert_eq!(h.applied("uat").await, 0);
}

#[tokio::test]
async fn stats_count_api_requests_but_not_preflights() {
    let h = Harness::new("stats");
    h.get("/api/v1/environments").await;
    h.send("OPTIONS", "/api/v1/environments", &[], "").await;
    h.get("/api/v1/environments/UAT").await;
    h.get("/_admin/stats").await;
    let stats = h.get("/_admin/stats").await.json();
    assert_eq!(stats["requests"], 2);
    assert_eq!(stats["applied"], json!({}));
}

#[tokio::test]
async fn the_state_survives_a_restart_and_reset_clears_it() {
    let dir = data_dir("persist");
    let k = key();
    let published_at;
    {
        let h = Harness::open(&dir, None);
        let reply = h.publish("UAT", CREATE, &k, &body("UAT")).await;
        assert_eq!(reply.status, StatusCode::CREATED);
        published_at = receipt(&reply).published_at;
        h.admin(
            "POST",
            "/_admin/sequences/UAT/INV",
            json!({ "inUse": true, "current": 7 }),
        )
        .await;
    }
    assert!(dir.join(STATE_FILE).is_file());
    assert!(!dir.join("receiver-state.json.tmp").exists());

    let h = Harness::open(&dir, None);
    let detail = h.get("/api/v1/environments/UAT").await.json();
    assert_eq!(detail["revision"], "1");
    assert_eq!(detail["publishedAt"], json!(published_at));
    assert_eq!(
        h.get("/api/v1/environments/UAT/number-sequences")
            .await
            .json()[0]["current"],
        7
    );
    // The key table too: the retry replays.
    let replay = h.publish("UAT", CREATE, &k, &body("UAT")).await;
    assert_eq!(replay.status, StatusCode::CREATED);
    assert_eq!(replay.header("idempotent-replayed"), Some("true"));
    assert_eq!(h.applied("uat").await, 1);
    assert_eq!(h.get("/_admin/stats").await.json()["requests"], 4);

    assert_eq!(
        h.admin("POST", "/_admin/reset", json!({})).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(h.get("/api/v1/environments").await.json(), json!([]));
    assert_eq!(
        h.get("/_admin/stats").await.json(),
        json!({
            "applied": {}, "requests": 1, "faultsQueued": 0,
            "signIn": { "authorizations": 0, "tokensIssued": 0, "codesRefused": 0, "unauthorized": 0 }
        })
    );
    let after = Harness::open(&h.dir, None);
    assert_eq!(after.get("/api/v1/environments").await.json(), json!([]));
    assert_eq!(
        after.publish("UAT", CREATE, &k, &body("UAT")).await.status,
        StatusCode::CREATED
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_corrupt_state_file_is_refused_and_left_alone() {
    let dir = data_dir("corrupt");
    let file = dir.join(STATE_FILE);
    std::fs::write(&file, "{ this is not the state").unwrap();
    let error = match Receiver::open(&dir, None) {
        Ok(_) => panic!("a corrupt state file was accepted"),
        Err(e) => e.to_string(),
    };
    assert!(error.contains(&file.display().to_string()), "{error}");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "{ this is not the state"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn unknown_paths_and_methods_are_problems() {
    let h = Harness::new("routes");
    for (method, path, status) in [
        ("GET", "/api/v2/environments", 404),
        ("GET", "/api/v1/environments/UAT/other", 404),
        ("GET", "/api/v1/environments/", 404),
        ("DELETE", "/api/v1/environments/UAT", 405),
        ("POST", "/api/v1/environments/UAT/number-sequences", 405),
        ("GET", "/api/v1/environments/UAT/number-sequences/INV", 405),
        ("GET", "/_admin/nothing", 404),
        ("GET", "/_admin/faults", 405),
    ] {
        let reply = h.send(method, path, &[], "").await;
        assert_eq!(reply.status.as_u16(), status, "{method} {path}");
        reply.problem();
        assert_cors(&reply, "*");
    }
}

#[test]
fn the_command_line_reads_flags_over_the_environment() {
    let env = |name: &str| match name {
        "RECEIVER_PORT" => Some("9000".to_string()),
        "RECEIVER_TOKEN" => Some("from-env".to_string()),
        _ => None,
    };
    let args = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        config::parse(args(&[]), env),
        Ok(Command::Run(Config {
            port: 9000,
            data: PathBuf::from("target/receiver-data"),
            token: Some("from-env".into()),
            sign_in: SignInOptions::default(),
        }))
    );
    assert_eq!(
        config::parse(
            args(&["--port", "0", "--data=/tmp/x", "--token", "t"]),
            |_| None
        ),
        Ok(Command::Run(Config {
            port: 0,
            data: PathBuf::from("/tmp/x"),
            token: Some("t".into()),
            sign_in: SignInOptions::default(),
        }))
    );
    assert_eq!(
        config::parse(args(&[]), |_| None),
        Ok(Command::Run(Config {
            port: 8081,
            data: PathBuf::from("target/receiver-data"),
            token: None,
            sign_in: SignInOptions::default(),
        }))
    );
    assert_eq!(
        config::parse(args(&["--help"]), |_| None),
        Ok(Command::Help)
    );
    assert!(config::parse(args(&["--port", "http"]), |_| None).is_err());
    assert!(config::parse(args(&["--port"]), |_| None).is_err());
    assert!(config::parse(args(&["--verbose"]), |_| None).is_err());
    assert_eq!(
        config::parse(
            args(&["--require-sign-in", "--token-lifetime", "5"]),
            |_| None
        ),
        Ok(Command::Run(Config {
            port: 8081,
            data: PathBuf::from("target/receiver-data"),
            token: None,
            sign_in: SignInOptions {
                required: true,
                token_lifetime: std::time::Duration::from_secs(5)
            },
        }))
    );
    let from_env = |name: &str| match name {
        "RECEIVER_REQUIRE_SIGN_IN" => Some("1".to_string()),
        "RECEIVER_TOKEN_LIFETIME" => Some("30".to_string()),
        _ => None,
    };
    match config::parse(args(&[]), from_env) {
        Ok(Command::Run(c)) => assert_eq!(
            c.sign_in,
            SignInOptions {
                required: true,
                token_lifetime: std::time::Duration::from_secs(30)
            }
        ),
        other => panic!("{other:?}"),
    }
    assert!(config::parse(args(&["--token-lifetime", "0"]), |_| None).is_err());
    assert!(config::parse(args(&["--require-sign-in=yes"]), |_| None).is_err());
}

/// The console's own publish client (`domain::publish`) against the
/// receiver: its URLs and headers are accepted, and it reads every answer
/// as the contract means it.
#[tokio::test]
async fn the_consoles_publish_client_understands_the_receiver() {
    let h = Harness::with_token("client", Some("dev-token"));
    let base = EndpointUrl::parse(LOCAL_DEVELOPMENT_URL).unwrap();
    let token = BoundToken::new(AccessToken::parse("dev-token").unwrap(), &base);
    let service = Service::new(&base, Some(&token));
    let classify = |reply: &Reply| {
        classify_publish(
            reply.status.as_u16(),
            reply.header("retry-after"),
            &reply.body,
        )
    };

    let held = h.send_client(&service.list_environments()).await;
    assert_eq!(
        publish::read_held_list(held.status.as_u16(), &held.body),
        Ok(vec![])
    );

    let authorised = [("Authorization", "Bearer dev-token")];
    let put = |precondition: (&'static str, String), key: String, body: Value| {
        let h = &h;
        async move {
            h.send(
                "PUT",
                "/api/v1/environments/UAT",
                &[
                    authorised[0],
                    ("Content-Type", "application/json"),
                    ("Idempotency-Key", &key),
                    (precondition.0, &precondition.1),
                ],
                &body.to_string(),
            )
            .await
        }
    };
    let created = put(("If-None-Match", "*".into()), key(), body("UAT")).await;
    assert!(
        matches!(classify(&created), PublishOutcome::Published(r) if r.revision.as_str() == "1")
    );
    let conflict = put(("If-None-Match", "*".into()), key(), body("UAT")).await;
    assert!(matches!(
        classify(&conflict),
        PublishOutcome::Conflict {
            status: 412,
            problem: Some(_)
        }
    ));
    let mut bad = body("UAT");
    bad["users"][0]["email"] = json!("nope");
    let invalid = put(if_match("1"), key(), bad).await;
    match classify(&invalid) {
        PublishOutcome::Invalid(problem) => assert_eq!(problem.errors[0].pointer, "/users/0/email"),
        other => panic!("{other:?}"),
    }
    h.admin(
        "POST",
        "/_admin/faults",
        json!({ "kind": "status", "status": 503, "retryAfter": 2 }),
    )
    .await;
    let busy = put(if_match("1"), key(), body("UAT")).await;
    assert_eq!(
        classify(&busy),
        PublishOutcome::RetryLater {
            status: 503,
            after_seconds: Some(2)
        }
    );
    h.admin("POST", "/_admin/faults", json!({ "kind": "badBody" }))
        .await;
    let garbled = put(if_match("1"), key(), body("UAT")).await;
    assert!(matches!(
        classify(&garbled),
        PublishOutcome::Unexpected { status: 200, .. }
    ));
    let unauthorised = h
        .send_client(&Service::new(&base, None).list_environments())
        .await;
    assert!(
        publish::read_held_list(unauthorised.status.as_u16(), &unauthorised.body)
            .is_err_and(|e| e.status == 401)
    );

    let held = h.send_client(&service.list_environments()).await;
    let held = publish::read_held_list(held.status.as_u16(), &held.body).unwrap();
    assert_eq!(
        (held[0].name.as_str(), held[0].revision.as_str()),
        ("UAT", "1")
    );
    let detail = h.send_client(&service.held_environment("UAT")).await;
    let detail = publish::read_held_detail(detail.status.as_u16(), &detail.body).unwrap();
    assert_eq!(
        detail.environment,
        serde_json::from_value::<EnvironmentPayload>(body("UAT")).unwrap()
    );

    let sequence = NumberSequencePayload {
        name: "CRN".into(),
        description: "Credit notes".into(),
    };
    let created = h.send_client(&service.put_sequence("UAT", &sequence)).await;
    assert_eq!(
        publish::classify_sequence_change("create", created.status.as_u16(), &created.body),
        Ok(())
    );
    h.admin(
        "POST",
        "/_admin/sequences/UAT/CRN",
        json!({ "inUse": true, "current": 3 }),
    )
    .await;
    let listed = h.send_client(&service.list_sequences("UAT")).await;
    let listed = publish::classify_sequence_list(listed.status.as_u16(), &listed.body).unwrap();
    assert_eq!((listed[1].in_use, listed[1].current), (true, Some(3)));
    let refused = h.send_client(&service.delete_sequence("UAT", "CRN")).await;
    let error = publish::classify_sequence_change("delete", refused.status.as_u16(), &refused.body)
        .unwrap_err();
    assert_eq!(error.status, 409);
    assert!(error.message.contains("in use"), "{}", error.message);
}
