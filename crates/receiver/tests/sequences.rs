//! Number sequences, managed without publish (`PUT`/`DELETE
//! …/number-sequences/{sequence}`), with their usage set through the test
//! hook; driven in-process through the receiver's router.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use axum::http::StatusCode;
use domain::answers::HeldNumberSequence;
use serde_json::{json, Value};

use common::{body, if_match, key, Harness, CREATE};

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
