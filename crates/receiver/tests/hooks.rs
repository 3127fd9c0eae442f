//! The test hooks that are no part of the contract: injected faults and
//! the counters; driven in-process through the receiver's router.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use serde_json::{json, Value};

use common::{assert_cors, body, key, Harness, CREATE};

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
