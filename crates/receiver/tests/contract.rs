//! The publish contract, driven in-process through the receiver's router
//! (no sockets): CORS, publishing with its preconditions and idempotency,
//! validation, the token, unknown paths, and the console's own publish
//! client reading the answers. (`versions.rs`: payload schema versions 1
//! and 2; `sequences.rs`, `hooks.rs`, `state.rs`: the rest.)
#![cfg(not(target_arch = "wasm32"))]

mod common;

use axum::http::StatusCode;
use domain::answers::{classify_publish, HeldEnvironmentDetail, PublishOutcome};
use domain::payload::{EnvironmentPayload, NumberSequencePayload};
use domain::publish::{self, AccessToken, BoundToken, Service};
use domain::values::{EndpointUrl, LOCAL_DEVELOPMENT_URL};
use serde_json::{json, Value};

use common::{assert_cors, body, body_v1, if_match, key, receipt, Harness, Reply, CREATE};

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
