//! The state file: what survives a restart, what a reset forgets, a file
//! that cannot be read, and files written by earlier receivers.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use axum::http::StatusCode;
use receiver::{Receiver, STATE_FILE};
use serde_json::json;

use common::{body, data_dir, key, receipt, Harness, CREATE};

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
