//! What the receiver's in-process tests share: a receiver over a fresh
//! data directory, driven through its router (no sockets), and the publish
//! bodies of both payload schema versions.
// Each test file uses some of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use axum::Router;
use domain::answers::{ProblemDetails, PublishReceipt};
use domain::publish;
use domain::values::LOCAL_DEVELOPMENT_URL;
use receiver::{app, Receiver, SignInOptions};
use serde_json::{json, Value};
use tower::ServiceExt;

static COUNTER: AtomicU64 = AtomicU64::new(0);

pub fn unique() -> u64 {
    COUNTER.fetch_add(1, Ordering::Relaxed)
}

/// A fresh data directory under the system's temporary directory.
pub fn data_dir(label: &str) -> PathBuf {
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
pub fn key() -> String {
    format!("00000000-0000-4000-8000-{:012x}", unique())
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(|v| v.to_str().unwrap())
    }
    pub fn problem(&self) -> ProblemDetails {
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
    pub fn pointers(&self) -> Vec<String> {
        self.problem()
            .errors
            .into_iter()
            .map(|e| e.pointer)
            .collect()
    }
}

pub struct Harness {
    pub dir: PathBuf,
    pub app: Router,
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
    pub fn new(label: &str) -> Harness {
        Harness::with_token(label, None)
    }

    pub fn with_token(label: &str, token: Option<&str>) -> Harness {
        let dir = data_dir(label);
        let mut harness = Harness::open(&dir, token);
        harness.owns_dir = true;
        harness
    }

    pub fn open(dir: &Path, token: Option<&str>) -> Harness {
        Harness::open_with(dir, token, SignInOptions::default())
    }

    /// A receiver over a fresh directory with these sign-in options
    /// (`--require-sign-in`, `--token-lifetime`).
    pub fn with_sign_in(label: &str, sign_in: SignInOptions) -> Harness {
        let dir = data_dir(label);
        let mut harness = Harness::open_with(&dir, None, sign_in);
        harness.owns_dir = true;
        harness
    }

    pub fn open_with(dir: &Path, token: Option<&str>, sign_in: SignInOptions) -> Harness {
        let receiver = Receiver::open_with(dir, token.map(str::to_owned), sign_in).unwrap();
        Harness {
            dir: dir.to_path_buf(),
            app: app(receiver),
            owns_dir: false,
        }
    }

    pub async fn send(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> Reply {
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
    pub async fn send_client(&self, request: &publish::Request) -> Reply {
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

    pub async fn get(&self, path: &str) -> Reply {
        self.send("GET", path, &[], "").await
    }

    /// `PUT /api/v1/environments/{name}` with a precondition header
    /// (`("If-None-Match", "*")` or `("If-Match", "\"1\"")`) and a key.
    pub async fn publish(
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

    pub async fn admin(&self, method: &str, path: &str, body: Value) -> Reply {
        self.send(
            method,
            path,
            &[("Content-Type", "application/json")],
            &body.to_string(),
        )
        .await
    }

    pub async fn applied(&self, name: &str) -> u64 {
        self.get("/_admin/stats").await.json()["applied"][name]
            .as_u64()
            .unwrap_or(0)
    }
}

pub const CREATE: (&str, &str) = ("If-None-Match", "*");

pub fn if_match(revision: &str) -> (&'static str, String) {
    ("If-Match", format!("\"{revision}\""))
}

/// The body the console sends (`publish-api.md`, payload schema version
/// 2), for environment `name`: a chain of certificates under its
/// reference, a named application, a Dataverse endpoint URI.
pub fn body(name: &str) -> Value {
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
pub fn body_v1(name: &str) -> Value {
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

pub fn receipt(reply: &Reply) -> PublishReceipt {
    serde_json::from_str(&reply.body).unwrap()
}

pub fn assert_cors(reply: &Reply, origin: &str) {
    assert_eq!(reply.header("access-control-allow-origin"), Some(origin));
    assert_eq!(reply.header("vary"), Some("Origin"));
    assert_eq!(
        reply.header("access-control-expose-headers"),
        Some("ETag, Retry-After, Location")
    );
}
