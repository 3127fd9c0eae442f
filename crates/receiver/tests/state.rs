//! The state file: what survives a restart, what a reset forgets, a file
//! that cannot be read, and files written by earlier receivers.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::path::Path;

use axum::http::StatusCode;
use domain::publish;
use receiver::{Receiver, STATE_FILE};
use serde_json::{json, Value};

use common::{body, data_dir, if_match, key, receipt, Harness, CREATE};

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

/// A state file written by the receiver before payload schema version 2
/// (format 1), by that receiver itself: version 1 body `FORMAT_1_PUBLISH`
/// published to UAT under key `FORMAT_1_KEY`, sequence INV set in use.
const FORMAT_1_STATE: &str = include_str!("fixtures/receiver-state-format-1.json");
const FORMAT_1_PUBLISH: &str = include_str!("fixtures/format-1-publish.json");
const FORMAT_1_KEY: &str = "3f2b6c1e-8a4d-4b7e-9c2f-1d5e6a7b8c9d";

fn state_format(dir: &Path) -> Value {
    let text = std::fs::read_to_string(dir.join(STATE_FILE)).unwrap();
    serde_json::from_str::<Value>(&text).unwrap()["format"].clone()
}

#[tokio::test]
async fn a_state_file_of_the_previous_format_loads_and_is_written_in_the_new_one() {
    let dir = data_dir("format-1");
    std::fs::write(dir.join(STATE_FILE), FORMAT_1_STATE).unwrap();
    {
        let h = Harness::open(&dir, None);
        // Opening it writes nothing.
        assert_eq!(
            std::fs::read_to_string(dir.join(STATE_FILE)).unwrap(),
            FORMAT_1_STATE
        );
        // What it held: the version 1 body, as sent, and as the console reads it.
        let reply = h.get("/api/v1/environments/UAT").await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        assert_eq!(reply.header("etag"), Some("\"1\""));
        let sent: Value = serde_json::from_str(FORMAT_1_PUBLISH).unwrap();
        assert_eq!(reply.json()["environment"], sent);
        let detail = publish::read_held_detail(200, &reply.body).unwrap();
        assert_eq!(detail.environment.schema_version, 1);
        let chains = &detail.environment.key_vault_references[0].certificate_chains;
        assert_eq!(chains[0].certificates, ["root-ca", "signing"]);
        assert_eq!(
            h.get("/api/v1/environments/UAT/number-sequences")
                .await
                .json()[0]["current"],
            1042
        );
        // Its key table: the retry of that very request replays.
        let replay = h
            .send(
                "PUT",
                "/api/v1/environments/UAT",
                &[("Idempotency-Key", FORMAT_1_KEY), CREATE],
                FORMAT_1_PUBLISH,
            )
            .await;
        assert_eq!(replay.status, StatusCode::CREATED, "{}", replay.body);
        assert_eq!(replay.header("idempotent-replayed"), Some("true"));
        assert_eq!(h.applied("uat").await, 1);
        // Saved since (every /api/ request is counted): in format 2.
        assert_eq!(state_format(&dir), 2);

        // A console of version 2 republishes over it.
        let (name, value) = if_match("1");
        let reply = h.publish("UAT", (name, &value), &key(), &body("UAT")).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    }
    let h = Harness::open(&dir, None);
    let detail = h.get("/api/v1/environments/UAT").await.json();
    assert_eq!(detail["revision"], "2");
    assert_eq!(detail["environment"], body("UAT"));
    assert_eq!(
        h.get("/api/v1/environments/UAT/number-sequences")
            .await
            .json()[0]["inUse"],
        true
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_state_file_of_another_format_or_holding_what_is_not_a_publish_body_is_refused() {
    let format_1: Value = serde_json::from_str(FORMAT_1_STATE).unwrap();
    let mut future = format_1.clone();
    future["format"] = json!(3);
    let mut no_users = format_1.clone();
    no_users["format"] = json!(2);
    no_users["environments"]["uat"]["environment"]
        .as_object_mut()
        .unwrap()
        .remove("users");
    let mut version_5 = format_1.clone();
    version_5["environments"]["uat"]["environment"]["schemaVersion"] = json!(5);
    for (state, says) in [
        (future, "its format is 3"),
        (
            no_users,
            "environment 'UAT' holds a body that is not a publish body",
        ),
        (version_5, "its schemaVersion is 5"),
    ] {
        let dir = data_dir("format-refused");
        let file = dir.join(STATE_FILE);
        let text = serde_json::to_string_pretty(&state).unwrap();
        std::fs::write(&file, &text).unwrap();
        let error = match Receiver::open(&dir, None) {
            Ok(_) => panic!("accepted: {says}"),
            Err(e) => e.to_string(),
        };
        assert!(error.contains(says), "{error}");
        assert!(error.contains(&file.display().to_string()), "{error}");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
