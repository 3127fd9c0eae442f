//! Payload schema versions 1 and 2 (`publish-api.md`, "Payload schema
//! version 2"): both are accepted, each checked by its own shape with every
//! error at its pointer in the body as sent, and `GET …/environments/{name}`
//! answers what was published; any other version is refused.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use axum::http::StatusCode;
use domain::answers::HeldEnvironmentDetail;
use domain::payload::{ChainPayload, EnvironmentPayload};
use serde_json::{json, Value};

use common::{body, body_v1, if_match, key, Harness, Reply, CREATE};

/// What the receiver holds for `name`: the body as sent, and as the
/// console reads it.
async fn held(h: &Harness, name: &str) -> (Value, EnvironmentPayload) {
    let reply = h.get(&format!("/api/v1/environments/{name}")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let detail: HeldEnvironmentDetail = serde_json::from_str(&reply.body).unwrap();
    (reply.json()["environment"].clone(), detail.environment)
}

/// A `422` whose only error is at `pointer`; its detail.
fn refused_at(reply: &Reply, pointer: &str) -> String {
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{pointer}: {}",
        reply.body
    );
    let problem = reply.problem();
    assert_eq!(
        reply.pointers(),
        vec![pointer.to_string()],
        "{}",
        reply.body
    );
    problem.errors[0].detail.clone()
}

#[tokio::test]
async fn a_version_1_body_is_accepted_and_returned_as_version_1() {
    let h = Harness::new("v1");
    let reply = h.publish("UAT", CREATE, &key(), &body_v1("UAT")).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);

    let (sent, read) = held(&h, "UAT").await;
    assert_eq!(sent, body_v1("UAT"));
    // The console reads it in version 2's shape: the chain entry is a chain.
    assert_eq!(read.schema_version, 1);
    let reference = &read.key_vault_references[0];
    assert_eq!(reference.certificates.len(), 3);
    assert_eq!(
        reference.certificate_chains,
        vec![ChainPayload {
            name: "chain".into(),
            description: String::new(),
            certificates: vec!["root-ca".into(), "signing".into()],
        }]
    );

    // A console of version 2 republishes over it: held as version 2 now.
    let (name, value) = if_match("1");
    let reply = h.publish("UAT", (name, &value), &key(), &body("UAT")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let (sent, read) = held(&h, "UAT").await;
    assert_eq!(sent, body("UAT"));
    assert_eq!(read.schema_version, 2);
    assert_eq!(h.applied("uat").await, 2);
}

#[tokio::test]
async fn a_version_2_body_with_a_chain_is_accepted_and_returned_with_its_certificate_chains() {
    let h = Harness::new("v2");
    let reply = h.publish("UAT", CREATE, &key(), &body("UAT")).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);

    let (sent, read) = held(&h, "UAT").await;
    assert_eq!(sent, body("UAT"));
    let reference = &sent["keyVaultReferences"][0];
    assert_eq!(
        reference["certificateChains"],
        json!([{ "name": "Signing chain", "description": "", "certificates": ["root-ca", "signing"] }])
    );
    assert!(reference["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .all(|entry| entry.get("chain").is_none() && entry["type"] != "certificateChain"));
    assert_eq!(read, serde_json::from_value(body("UAT")).unwrap());
    assert_eq!(read.applications[0].name, "Contoso POS");
    assert_eq!(
        read.dataverse_endpoint_uri.as_deref(),
        Some("https://contoso.crm.dynamics.com/api/data/v9.1/")
    );

    // Without a Dataverse endpoint URI, and a reference without chains: the
    // held body has neither.
    let mut plain = body("PROD");
    let object = plain.as_object_mut().unwrap();
    object.remove("dataverseEndpointUri");
    object["keyVaultReferences"][0]
        .as_object_mut()
        .unwrap()
        .remove("certificateChains");
    let reply = h.publish("PROD", CREATE, &key(), &plain).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let (sent, read) = held(&h, "PROD").await;
    assert_eq!(sent, plain);
    assert!(sent.get("dataverseEndpointUri").is_none());
    assert_eq!(read.dataverse_endpoint_uri, None);
    assert!(read.key_vault_references[0].certificate_chains.is_empty());
}

#[tokio::test]
async fn version_2_refusals_are_each_at_their_pointer() {
    let h = Harness::new("v2-refusals");
    let chains = "/keyVaultReferences/0/certificateChains";
    let refuse = |edit: fn(&mut Value)| {
        let h = &h;
        async move {
            let mut bad = body("UAT");
            edit(&mut bad);
            h.publish("UAT", CREATE, &key(), &bad).await
        }
    };

    let reply = refuse(|b| {
        b["keyVaultReferences"][0]["certificateChains"][0]["certificates"] =
            json!(["root-ca", "intermediate-ca"])
    })
    .await;
    let detail = refused_at(&reply, &format!("{chains}/0/certificates/1"));
    assert!(detail.contains("intermediate-ca"), "{detail}");
    assert!(detail.contains("same Key Vault reference"), "{detail}");

    let reply = refuse(|b| {
        b["keyVaultReferences"][0]["certificateChains"][0]["certificates"] =
            json!(["einvoicing-sas", "signing"])
    })
    .await;
    let detail = refused_at(&reply, &format!("{chains}/0/certificates/0"));
    assert!(detail.contains("Type Certificate"), "{detail}");

    let reply = refuse(|b| {
        b["keyVaultReferences"][0]["certificateChains"][0]["certificates"] =
            json!(["root-ca", "signing", "ROOT-CA"])
    })
    .await;
    let detail = refused_at(&reply, &format!("{chains}/0/certificates/2"));
    assert!(detail.contains("already in the chain"), "{detail}");

    let reply =
        refuse(|b| b["keyVaultReferences"][0]["certificateChains"][0]["certificates"] = json!([]))
            .await;
    let detail = refused_at(&reply, &format!("{chains}/0/certificates"));
    assert!(detail.contains("has no certificates"), "{detail}");

    let reply = refuse(|b| {
        b["keyVaultReferences"][0]["certificateChains"] = json!([
            { "name": "Signing chain", "description": "", "certificates": ["root-ca"] },
            { "name": "SIGNING CHAIN", "description": "", "certificates": ["signing"] }
        ])
    })
    .await;
    let detail = refused_at(&reply, &format!("{chains}/1/name"));
    assert!(detail.contains("already has a chain"), "{detail}");

    let reply =
        refuse(|b| b["keyVaultReferences"][0]["certificateChains"][0]["name"] = json!(" ")).await;
    refused_at(&reply, &format!("{chains}/0/name"));

    // Version 1's chain entry in a version 2 body.
    let reply = refuse(|b| {
        b["keyVaultReferences"][0]["certificates"]
            .as_array_mut()
            .unwrap()
            .push(
                json!({ "name": "old-chain", "description": "", "type": "certificateChain",
                          "chain": ["root-ca", "signing"] }),
            )
    })
    .await;
    let detail = refused_at(&reply, "/keyVaultReferences/0/certificates/3/type");
    assert!(detail.contains("certificateChains"), "{detail}");
    assert!(detail.contains("old-chain"), "{detail}");
    let reply =
        refuse(|b| b["keyVaultReferences"][0]["certificates"][2]["chain"] = json!(["root-ca"]))
            .await;
    let detail = refused_at(&reply, "/keyVaultReferences/0/certificates/2/chain");
    assert!(detail.contains("certificateChains"), "{detail}");

    let reply = refuse(|b| {
        b["applications"][0].as_object_mut().unwrap().remove("name");
    })
    .await;
    let detail = refused_at(&reply, "/applications/0/name");
    assert!(detail.contains("application's name"), "{detail}");
    let reply = refuse(|b| b["applications"][0]["name"] = json!("")).await;
    refused_at(&reply, "/applications/0/name");
    let reply = refuse(|b| b["applications"][0]["name"] = json!("POS\tsystem")).await;
    refused_at(&reply, "/applications/0/name");

    for uri in [
        "http://contoso.crm.dynamics.com/api/data/v9.1/",
        "https://contoso.crm.dynamics.com/",
        "",
    ] {
        let mut bad = body("UAT");
        bad["dataverseEndpointUri"] = json!(uri);
        let reply = h.publish("UAT", CREATE, &key(), &bad).await;
        let detail = refused_at(&reply, "/dataverseEndpointUri");
        assert!(detail.contains("Dataverse"), "{uri}: {detail}");
    }

    let hsm = "https://contoso-hsm.managedhsm.azure.net/";
    let mut bad = body("UAT");
    bad["keyVaultReferences"][0]["uri"] = json!(hsm);
    bad["storageSasTokenSecret"]["keyVaultUri"] = json!(hsm);
    let reply = h.publish("UAT", CREATE, &key(), &bad).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let problem = reply.problem();
    assert_eq!(
        reply.pointers(),
        vec![
            "/keyVaultReferences/0/uri",
            "/storageSasTokenSecret/keyVaultUri"
        ]
    );
    for error in problem.errors {
        assert!(error.detail.contains("Managed HSM"), "{}", error.detail);
    }

    // A type that neither version has is not a publish body at all.
    let reply =
        refuse(|b| b["keyVaultReferences"][0]["certificates"][0]["type"] = json!("key")).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        reply.pointers(),
        vec!["/keyVaultReferences/0/certificates/0/type"]
    );
    // Nor is a body a console could not read back.
    let reply = refuse(|b| b["keyVaultReferences"][0]["certificateChains"] = Value::Null).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        reply.pointers(),
        vec!["/keyVaultReferences/0/certificateChains"]
    );

    assert_eq!(h.applied("uat").await, 0);
    assert_eq!(h.get("/api/v1/environments").await.json(), json!([]));
}

#[tokio::test]
async fn a_version_1_body_is_checked_as_version_1() {
    let h = Harness::new("v1-refusals");

    // Its chain is an entry; its errors point into `chain`.
    let mut bad = body_v1("UAT");
    bad["keyVaultReferences"][0]["certificates"][3]["chain"] = json!([]);
    let reply = h.publish("UAT", CREATE, &key(), &bad).await;
    refused_at(&reply, "/keyVaultReferences/0/certificates/3/chain");
    let mut bad = body_v1("UAT");
    bad["keyVaultReferences"][0]["certificates"][1]["chain"] = json!(["signing"]);
    let reply = h.publish("UAT", CREATE, &key(), &bad).await;
    let detail = refused_at(&reply, "/keyVaultReferences/0/certificates/1/chain");
    assert!(detail.contains("certificateChain"), "{detail}");

    // What only version 2 has is refused where it is.
    let mut bad = body_v1("UAT");
    bad["dataverseEndpointUri"] = json!("https://contoso.crm.dynamics.com/api/data/v9.1/");
    bad["applications"][0]["name"] = json!("Contoso POS");
    bad["keyVaultReferences"][0]["certificateChains"] = json!([]);
    let reply = h.publish("UAT", CREATE, &key(), &bad).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let problem = reply.problem();
    assert_eq!(
        reply.pointers(),
        vec![
            "/dataverseEndpointUri",
            "/keyVaultReferences/0/certificateChains",
            "/applications/0/name"
        ]
    );
    for error in problem.errors {
        assert!(error.detail.contains("schemaVersion 2"), "{}", error.detail);
    }

    // The domain's rules of today apply to it too.
    let mut bad = body_v1("UAT");
    bad["keyVaultReferences"][0]["uri"] = json!("https://contoso-hsm.managedhsm.azure.net/");
    let reply = h.publish("UAT", CREATE, &key(), &bad).await;
    let detail = refused_at(&reply, "/keyVaultReferences/0/uri");
    assert!(detail.contains("Managed HSM"), "{detail}");
    assert_eq!(h.applied("uat").await, 0);
}

#[tokio::test]
async fn an_unknown_schema_version_is_refused_naming_1_and_2() {
    let h = Harness::new("versions");
    for version in [0, 3, 10] {
        let mut bad = body("UAT");
        bad["schemaVersion"] = json!(version);
        let k = key();
        let reply = h.publish("UAT", CREATE, &k, &bad).await;
        let detail = refused_at(&reply, "/schemaVersion");
        assert!(detail.contains("1 or 2"), "{detail}");
        assert!(detail.contains(&format!("version {version}")), "{detail}");
        assert_eq!(
            reply.problem().problem_type.as_deref(),
            Some("https://einvoicing.example/problems/unsupported-schema-version")
        );
        // Remembered like any refusal: the retry gets the same answer.
        let again = h.publish("UAT", CREATE, &k, &bad).await;
        assert_eq!(again.header("idempotent-replayed"), Some("true"));
        assert_eq!(again.body, reply.body);
    }

    // Missing, or not a number: not a publish body.
    let mut missing = body("UAT");
    missing.as_object_mut().unwrap().remove("schemaVersion");
    let mut text = body("UAT");
    text["schemaVersion"] = json!("2");
    for bad in [missing, text] {
        let reply = h.publish("UAT", CREATE, &key(), &bad).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
        assert_eq!(reply.pointers(), vec!["/schemaVersion"]);
    }
    assert_eq!(h.applied("uat").await, 0);
}
