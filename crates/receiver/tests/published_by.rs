//! `publishedBy`: who published, as the receiver reads the access token it
//! issued, in the receipt, the list and the detail, kept in the state file
//! and in a replayed receipt; and choosing whom a sign-in signs in (the
//! `login_hint`, the `/_admin/sign-in/as` hook), so that two administrators
//! of one end-to-end test are two people.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::http::StatusCode;
use domain::answers::{HeldEnvironment, HeldEnvironmentDetail};
use domain::auth::flow::{read_redirect, Query};
use domain::auth::tokens::read_token_answer;
use domain::auth::{PendingSignIn, Scope, SignInSettings};
use domain::publish::{self, encode_segment};
use domain::values::{EndpointUrl, Guid, Tenant};
use receiver::auth::{TEST_USER_EMAIL, TEST_USER_NAME};
use receiver::{SignInOptions, STATE_FILE};
use serde_json::{json, Value};

use common::{body, data_dir, if_match, key, receipt, Harness, Reply, CREATE};

const REDIRECT: &str = "http://127.0.0.1:8080/";
const BEN: &str = "ben@contoso.com";
const ANA: &str = "ana.lopez@contoso.com";

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64
}

fn required() -> SignInOptions {
    SignInOptions {
        required: true,
        token_lifetime: Duration::from_secs(120),
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

fn local(url: &str) -> &str {
    url.strip_prefix("http://127.0.0.1:8081").unwrap()
}

/// The redirect of an authorization request, as the browser follows it.
async fn authorize(h: &Harness, p: &PendingSignIn, login_hint: Option<&str>) -> Reply {
    let mut url = settings().authorize_url(p);
    if let Some(hint) = login_hint {
        url.push_str(&format!("&login_hint={}", encode_segment(hint)));
    }
    let reply = h.send("GET", local(&url), &[], "").await;
    assert_eq!(reply.status, StatusCode::FOUND, "{}", reply.body);
    reply
}

/// Signs in as the console does (code flow with PKCE, `domain::auth`):
/// the access token, and the account as the console shows it.
async fn sign_in(h: &Harness, login_hint: Option<&str>) -> (String, String) {
    let seed = (common::unique() % 200) as u8;
    let p = PendingSignIn::start(
        ([seed; 32], [seed ^ 1; 16], [seed ^ 2; 16]),
        REDIRECT,
        "#/environments/UAT",
        now_ms(),
    );
    let location = authorize(h, &p, login_hint)
        .await
        .header("location")
        .unwrap()
        .to_string();
    let code = read_redirect(location.split_once('?').unwrap().1, Some(&p), now_ms())
        .expect("the redirect answers our state with a code");
    let reply = h
        .send(
            "POST",
            local(&settings().token_url()),
            &[("content-type", "application/x-www-form-urlencoded")],
            &settings().token_request(&code, &p),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let signed = read_token_answer(200, &reply.body, &p, now_ms()).expect("a token for our nonce");
    (
        signed.token.expose().to_string(),
        signed
            .account
            .expect("the ID token names the user")
            .to_string(),
    )
}

/// `PUT /api/v1/environments/{name}`, with `Authorization: Bearer` when
/// there is a token.
async fn publish_with(
    h: &Harness,
    name: &str,
    precondition: (&str, &str),
    key: &str,
    token: Option<&str>,
) -> Reply {
    let bearer = token.map(|t| format!("Bearer {t}"));
    let mut headers = vec![
        ("Content-Type", "application/json"),
        ("Idempotency-Key", key),
        precondition,
    ];
    if let Some(b) = &bearer {
        headers.push(("Authorization", b));
    }
    h.send(
        "PUT",
        &format!("/api/v1/environments/{name}"),
        &headers,
        &body(name).to_string(),
    )
    .await
}

async fn get_with(h: &Harness, path: &str, token: Option<&str>) -> Reply {
    let bearer = token.map(|t| format!("Bearer {t}"));
    let headers: Vec<(&str, &str)> = bearer
        .iter()
        .map(|b| ("Authorization", b.as_str()))
        .collect();
    let reply = h.send("GET", path, &headers, "").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply
}

/// The list as the console reads it.
async fn list(h: &Harness, token: Option<&str>) -> Vec<HeldEnvironment> {
    let reply = get_with(h, "/api/v1/environments", token).await;
    publish::read_held_list(200, &reply.body).unwrap()
}

/// The detail as the console reads it, and its JSON.
async fn detail(h: &Harness, name: &str, token: Option<&str>) -> (HeldEnvironmentDetail, Value) {
    let reply = get_with(h, &format!("/api/v1/environments/{name}"), token).await;
    (
        publish::read_held_detail(200, &reply.body).unwrap(),
        reply.json(),
    )
}

#[tokio::test]
async fn the_receipt_the_list_and_the_detail_name_the_signed_in_user() {
    let h = Harness::with_sign_in("by-signed-in", required());
    let (token, account) = sign_in(&h, None).await;
    assert_eq!(account, format!("{TEST_USER_NAME} ({TEST_USER_EMAIL})"));

    let reply = publish_with(&h, "UAT", CREATE, &key(), Some(&token)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    assert_eq!(reply.json()["publishedBy"], TEST_USER_EMAIL);
    let published = receipt(&reply);
    assert_eq!(published.published_by.as_deref(), Some(TEST_USER_EMAIL));

    let held = list(&h, Some(&token)).await;
    assert_eq!(held.len(), 1);
    assert_eq!(held[0].published_by.as_deref(), Some(TEST_USER_EMAIL));
    assert_eq!(held[0].published_at, published.published_at);

    let (read, json) = detail(&h, "UAT", Some(&token)).await;
    assert_eq!(read.published_by.as_deref(), Some(TEST_USER_EMAIL));
    assert_eq!(json["publishedBy"], TEST_USER_EMAIL);
    assert_eq!(json["environment"], body("UAT"));
}

#[tokio::test]
async fn two_administrators_signed_in_as_different_people_are_each_recorded() {
    let h = Harness::with_sign_in("by-two", required());

    // Ben through the test hook, Ana through a login_hint.
    let chosen = h
        .admin(
            "POST",
            "/_admin/sign-in/as",
            json!({ "email": BEN, "name": "Ben Walker" }),
        )
        .await;
    assert_eq!(chosen.status, StatusCode::OK, "{}", chosen.body);
    assert_eq!(chosen.json(), json!({ "email": BEN, "name": "Ben Walker" }));
    assert_eq!(
        h.get("/_admin/sign-in/as").await.json(),
        json!({ "email": BEN, "name": "Ben Walker" })
    );
    let (ben, ben_account) = sign_in(&h, None).await;
    assert_eq!(ben_account, "Ben Walker (ben@contoso.com)");
    let (ana, ana_account) = sign_in(&h, Some(ANA)).await;
    assert_eq!(ana_account, "Ana Lopez (ana.lopez@contoso.com)");
    // The hook holds until it is reset: the next sign-in is Ben again.
    let (ben_again, account) = sign_in(&h, None).await;
    assert_eq!(account, "Ben Walker (ben@contoso.com)");

    // Ben publishes UAT, then Ana republishes it, then Ben publishes PROD.
    let reply = publish_with(&h, "UAT", CREATE, &key(), Some(&ben)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    assert_eq!(receipt(&reply).published_by.as_deref(), Some(BEN));
    assert_eq!(
        detail(&h, "UAT", Some(&ana))
            .await
            .0
            .published_by
            .as_deref(),
        Some(BEN)
    );

    let (name, value) = if_match("1");
    let reply = publish_with(&h, "UAT", (name, &value), &key(), Some(&ana)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(receipt(&reply).published_by.as_deref(), Some(ANA));

    let reply = publish_with(&h, "PROD", CREATE, &key(), Some(&ben_again)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    assert_eq!(receipt(&reply).published_by.as_deref(), Some(BEN));

    let held = list(&h, Some(&ben)).await;
    let by: Vec<(&str, &str, Option<&str>)> = held
        .iter()
        .map(|e| {
            (
                e.name.as_str(),
                e.revision.as_str(),
                e.published_by.as_deref(),
            )
        })
        .collect();
    assert_eq!(by, [("PROD", "1", Some(BEN)), ("UAT", "2", Some(ANA))]);
    let (uat, _) = detail(&h, "UAT", Some(&ben)).await;
    assert_eq!(uat.published_by.as_deref(), Some(ANA));

    // Ben, still at revision 1, is told who published since.
    let (name, value) = if_match("1");
    let stale = publish_with(&h, "UAT", (name, &value), &key(), Some(&ben)).await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(stale.json()["currentRevision"], "2");
    assert_eq!(stale.json()["publishedBy"], ANA);

    // Reset to the default user: tokens already issued keep their user.
    assert_eq!(
        h.send("DELETE", "/_admin/sign-in/as", &[], "").await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        h.get("/_admin/sign-in/as").await.json(),
        json!({ "email": TEST_USER_EMAIL, "name": TEST_USER_NAME })
    );
    let (admin, account) = sign_in(&h, None).await;
    assert_eq!(account, format!("{TEST_USER_NAME} ({TEST_USER_EMAIL})"));
    let (name, value) = if_match("1");
    let reply = publish_with(&h, "PROD", (name, &value), &key(), Some(&ben)).await;
    assert_eq!(receipt(&reply).published_by.as_deref(), Some(BEN));
    let (name, value) = if_match("2");
    let reply = publish_with(&h, "PROD", (name, &value), &key(), Some(&admin)).await;
    assert_eq!(
        receipt(&reply).published_by.as_deref(),
        Some(TEST_USER_EMAIL)
    );

    // A reset forgets the chosen user too.
    h.admin("POST", "/_admin/sign-in/as", json!({ "email": BEN }))
        .await;
    h.admin("POST", "/_admin/reset", json!({})).await;
    assert_eq!(
        h.get("/_admin/sign-in/as").await.json()["email"],
        TEST_USER_EMAIL
    );
}

#[tokio::test]
async fn the_hook_names_a_user_after_the_address_and_refuses_what_is_not_one() {
    let h = Harness::new("by-hook");
    let reply = h
        .admin(
            "POST",
            "/_admin/sign-in/as",
            json!({ "email": " ana.lopez@contoso.com " }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.json(), json!({ "email": ANA, "name": "Ana Lopez" }));
    let (_, account) = sign_in(&h, None).await;
    assert_eq!(account, "Ana Lopez (ana.lopez@contoso.com)");
    // A login_hint of the chosen user keeps the chosen name; of the default
    // user, the default name.
    h.admin(
        "POST",
        "/_admin/sign-in/as",
        json!({ "email": BEN, "name": "Ben Walker" }),
    )
    .await;
    assert_eq!(
        sign_in(&h, Some("BEN@contoso.com")).await.1,
        "Ben Walker (ben@contoso.com)"
    );
    assert_eq!(
        sign_in(&h, Some(TEST_USER_EMAIL)).await.1,
        format!("{TEST_USER_NAME} ({TEST_USER_EMAIL})")
    );

    for (request, says) in [
        (json!({ "email": "ben" }), "email:"),
        (json!({ "email": BEN, "name": "  " }), "name:"),
        (json!({ "name": "Ben" }), "/email"),
        (json!({ "email": BEN, "upn": BEN }), "upn"),
    ] {
        let reply = h.admin("POST", "/_admin/sign-in/as", request.clone()).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{request}");
        assert!(reply.body.contains(says), "{request}: {}", reply.body);
    }
    // Refused: the chosen user is unchanged.
    assert_eq!(h.get("/_admin/sign-in/as").await.json()["email"], BEN);
    assert_eq!(
        h.send("PUT", "/_admin/sign-in/as", &[], "").await.status,
        StatusCode::METHOD_NOT_ALLOWED
    );
    let unknown = h.get("/_admin/sign-in/nobody").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert!(
        unknown.body.contains("GET/POST/DELETE /_admin/sign-in/as"),
        "{}",
        unknown.body
    );

    // A login_hint that is not an email address: back with invalid_request.
    let p = PendingSignIn::start(([3; 32], [2; 16], [1; 16]), REDIRECT, "#/", now_ms());
    let reply = authorize(&h, &p, Some("not an address")).await;
    let location = reply.header("location").unwrap();
    let pairs = Query::parse(location.split_once('?').unwrap().1);
    assert_eq!(pairs.get("error"), Some("invalid_request"));
    assert!(
        pairs
            .get("error_description")
            .unwrap()
            .contains("login_hint"),
        "{location}"
    );
    assert_eq!(pairs.get("state"), Some(p.state.as_str()));
}

#[tokio::test]
async fn without_a_token_it_issued_publishedby_is_absent() {
    let h = Harness::new("by-none");
    // No token.
    let reply = publish_with(&h, "UAT", CREATE, &key(), None).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let json = reply.json();
    assert!(json.get("publishedBy").is_none(), "{json}");
    assert!(json.get("publishedAt").is_some());
    assert_eq!(receipt(&reply).published_by, None);
    let listed = get_with(&h, "/api/v1/environments", None).await.json();
    assert!(listed[0].get("publishedBy").is_none(), "{listed}");
    let (read, json) = detail(&h, "UAT", None).await;
    assert_eq!(read.published_by, None);
    assert!(json.get("publishedBy").is_none(), "{json}");
    let state: Value =
        serde_json::from_str(&std::fs::read_to_string(h.dir.join(STATE_FILE)).unwrap()).unwrap();
    assert!(
        state["environments"]["uat"].get("publishedBy").is_none(),
        "{state}"
    );

    // A token not issued here (accepted: sign-in is not required).
    let (name, value) = if_match("1");
    let reply = publish_with(
        &h,
        "UAT",
        (name, &value),
        &key(),
        Some("rx.not-issued-here"),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(reply.json().get("publishedBy").is_none(), "{}", reply.body);

    // One issued here, then expired.
    let (token, _) = sign_in(&h, None).await;
    let (name, value) = if_match("2");
    let reply = publish_with(&h, "UAT", (name, &value), &key(), Some(&token)).await;
    assert_eq!(
        receipt(&reply).published_by.as_deref(),
        Some(TEST_USER_EMAIL)
    );
    h.admin("POST", "/_admin/sign-in/expire-tokens", json!({}))
        .await;
    let (name, value) = if_match("3");
    let reply = publish_with(&h, "UAT", (name, &value), &key(), Some(&token)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(reply.json().get("publishedBy").is_none(), "{}", reply.body);
    // The last publish had no publisher: the one before is not kept.
    let (read, _) = detail(&h, "UAT", None).await;
    assert_eq!(read.revision.as_str(), "4");
    assert_eq!(read.published_by, None);

    // The --token receiver's own token names nobody.
    let with_token = Harness::with_token("by-static", Some("dev-token"));
    let reply = publish_with(&with_token, "UAT", CREATE, &key(), Some("dev-token")).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    assert!(reply.json().get("publishedBy").is_none(), "{}", reply.body);
}

#[tokio::test]
async fn a_replay_answers_the_remembered_receipt_with_its_publisher_even_after_a_restart() {
    let dir = data_dir("by-replay");
    let k = key();
    let first;
    {
        let h = Harness::open_with(&dir, None, required());
        h.admin("POST", "/_admin/sign-in/as", json!({ "email": BEN }))
            .await;
        let (ben, _) = sign_in(&h, None).await;
        let (ana, _) = sign_in(&h, Some(ANA)).await;
        first = publish_with(&h, "UAT", CREATE, &k, Some(&ben)).await;
        assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
        assert_eq!(receipt(&first).published_by.as_deref(), Some(BEN));
        // Replayed, even with another administrator's token: Ben's receipt.
        let replay = publish_with(&h, "UAT", CREATE, &k, Some(&ana)).await;
        assert_eq!(replay.status, StatusCode::CREATED);
        assert_eq!(replay.header("idempotent-replayed"), Some("true"));
        assert_eq!(replay.body, first.body);
        assert_eq!(h.applied("uat").await, 1);
    }
    // After a restart the sign-ins are gone (in memory), but what was
    // published and the key table are kept.
    let h = Harness::open_with(&dir, None, SignInOptions::default());
    let replay = publish_with(&h, "UAT", CREATE, &k, None).await;
    assert_eq!(replay.status, StatusCode::CREATED);
    assert_eq!(replay.header("idempotent-replayed"), Some("true"));
    assert_eq!(replay.body, first.body);
    assert_eq!(
        detail(&h, "UAT", None).await.0.published_by.as_deref(),
        Some(BEN)
    );
    assert_eq!(list(&h, None).await[0].published_by.as_deref(), Some(BEN));
    let _ = std::fs::remove_dir_all(&dir);
}

/// A state file as the receiver wrote it before `publishedBy` (format 2,
/// no `publishedBy` anywhere): the format 1 fixture in format 2, which is
/// what that receiver saves it as.
#[tokio::test]
async fn a_state_file_written_without_publishedby_loads_and_keeps_it_from_then_on() {
    let mut state: Value =
        serde_json::from_str(include_str!("fixtures/receiver-state-format-1.json")).unwrap();
    state["format"] = json!(2);
    let before = serde_json::to_string_pretty(&state).unwrap();
    assert!(!before.contains("publishedBy"));
    let dir = data_dir("by-old-state");
    std::fs::write(dir.join(STATE_FILE), &before).unwrap();
    {
        let h = Harness::open_with(&dir, None, SignInOptions::default());
        let (read, json) = detail(&h, "UAT", None).await;
        assert_eq!(read.published_by, None);
        assert!(json.get("publishedBy").is_none(), "{json}");
        assert_eq!(list(&h, None).await[0].published_by, None);

        let (token, _) = sign_in(&h, Some(BEN)).await;
        let (name, value) = if_match("1");
        let reply = publish_with(&h, "UAT", (name, &value), &key(), Some(&token)).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        assert_eq!(receipt(&reply).published_by.as_deref(), Some(BEN));
    }
    let saved: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join(STATE_FILE)).unwrap()).unwrap();
    assert_eq!(saved["format"], 2, "the format is unchanged");
    assert_eq!(saved["environments"]["uat"]["publishedBy"], BEN);
    let h = Harness::open_with(&dir, None, SignInOptions::default());
    let (read, _) = detail(&h, "UAT", None).await;
    assert_eq!(read.revision.as_str(), "2");
    assert_eq!(read.published_by.as_deref(), Some(BEN));
    let _ = std::fs::remove_dir_all(&dir);
}
