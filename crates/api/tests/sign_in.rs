//! Finishing a sign-in: the redirect checked against the sign-in started
//! in this tab, and the code exchanged at the token endpoint over the same
//! transport as every call to the service.

mod common;

use api::sign_in::{finish, start, SignInError, TOKEN_TIMEOUT_SECONDS};
use common::*;
use domain::auth::flow::CallbackError;
use domain::auth::tokens::TokenAnswerError;
use domain::auth::{PendingSignIn, Scope, SignInSettings};
use domain::publish::{Method, TransportError};
use domain::values::{Guid, Tenant};

fn settings() -> SignInSettings {
    SignInSettings {
        tenant: Tenant::parse("contoso.onmicrosoft.com").unwrap(),
        client_id: Guid::parse("11111111-2222-4333-8444-555555555555").unwrap(),
        scope: Scope::default(),
        authority: None,
    }
}

fn pending(fake: &Fake) -> PendingSignIn {
    start(fake, "https://console.contoso.com/", "#/environments/UAT").unwrap()
}

fn query(p: &PendingSignIn) -> String {
    format!("?code=the-code&state={}", p.state)
}

#[test]
fn a_sign_in_starts_from_fresh_random_bytes_and_the_clock() {
    let fake = Fake::new();
    let first = pending(&fake);
    let second = pending(&fake);
    assert_ne!(first.state, second.state);
    assert_ne!(first.verifier, second.verifier);
    assert_eq!(first.started_at, START_MS);
    assert_eq!(first.return_to, "#/environments/UAT");
    fake.no_random.set(true);
    assert!(start(&fake, "https://console.contoso.com/", "").is_err());
}

#[test]
fn the_code_is_exchanged_for_a_token_that_expires_when_the_answer_says() {
    let fake = Fake::new();
    let p = pending(&fake);
    fake.answer(
        200,
        r#"{"token_type":"Bearer","access_token":"the-access-token","expires_in":3600}"#,
    );
    let signed_in = run(finish(&fake, &query(&p), Some(&p), Some(&settings()))).unwrap();
    assert_eq!(signed_in.token.expose(), "the-access-token");
    assert_eq!(signed_in.expires_at, START_MS + 3_600_000);

    let (request, timeout) = fake.sent.borrow()[0].clone();
    assert_eq!(timeout, TOKEN_TIMEOUT_SECONDS);
    assert_eq!(request.method, Method::Post);
    assert_eq!(
        request.url,
        "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token"
    );
    assert_eq!(
        request.header("Content-Type"),
        Some("application/x-www-form-urlencoded")
    );
    let body = request.body.unwrap();
    assert!(body.contains("grant_type=authorization_code"), "{body}");
    assert!(body.contains("code=the-code"), "{body}");
    assert!(body.contains(&format!("code_verifier={}", p.verifier.expose())));
}

#[test]
fn a_redirect_that_is_not_ours_or_too_old_sends_nothing() {
    let fake = Fake::new();
    let p = pending(&fake);
    let forged = run(finish(
        &fake,
        "?code=x&state=forged",
        Some(&p),
        Some(&settings()),
    ));
    assert_eq!(
        forged.unwrap_err(),
        SignInError::Redirect(CallbackError::StateMismatch)
    );
    let none = run(finish(&fake, &query(&p), None, Some(&settings())));
    assert_eq!(
        none.unwrap_err(),
        SignInError::Redirect(CallbackError::NotStarted)
    );
    fake.advance(11 * 60 * 1000);
    let old = run(finish(&fake, &query(&p), Some(&p), Some(&settings())));
    assert_eq!(
        old.unwrap_err(),
        SignInError::Redirect(CallbackError::TooOld)
    );
    assert!(fake.requests().is_empty());
}

#[test]
fn sign_in_removed_from_settings_meanwhile_is_said() {
    let fake = Fake::new();
    let p = pending(&fake);
    let error = run(finish(&fake, &query(&p), Some(&p), None)).unwrap_err();
    assert_eq!(error, SignInError::NotSetUp);
    assert!(fake.requests().is_empty());
}

#[test]
fn a_token_endpoint_that_does_not_answer_or_refuses_says_what_to_check() {
    let fake = Fake::new();
    let p = pending(&fake);
    let url = "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token";
    fake.then(Err(TransportError::Timeout { seconds: 30 }));
    let error = run(finish(&fake, &query(&p), Some(&p), Some(&settings()))).unwrap_err();
    assert_eq!(error, SignInError::TokenTimeout { url: url.into() });
    assert!(error.to_string().contains("did not answer in time"));

    for fault in [
        TransportError::Offline,
        TransportError::Network {
            detail: "TypeError: Failed to fetch".into(),
        },
    ] {
        fake.then(Err(fault));
        let error = run(finish(&fake, &query(&p), Some(&p), Some(&settings()))).unwrap_err();
        assert_eq!(error, SignInError::TokenUnreachable { url: url.into() });
    }

    fake.answer(
        400,
        r#"{"error":"invalid_grant","error_description":"The code has expired."}"#,
    );
    let error = run(finish(&fake, &query(&p), Some(&p), Some(&settings()))).unwrap_err();
    assert!(matches!(
        error,
        SignInError::Answer(TokenAnswerError::CodeRefused { .. })
    ));
    fake.finished();
}
