//! Signing in (authorization code + PKCE): the verifier and challenge
//! against RFC 7636's appendix B, the authorize and token requests, the
//! redirect's state checks, the token answer with its nonce, and expiry.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use domain::auth::flow::{is_redirect, read_redirect, Query, MAX_AGE_MS};
use domain::auth::pkce::s256;
use domain::auth::tokens::{read_token_answer, SKEW_MS};
use domain::auth::{
    CallbackError, CodeVerifier, Expiry, PendingSignIn, Scope, ScopeError, SignInSettings,
    TokenAnswerError,
};
use domain::values::{EndpointUrl, Guid, Tenant};

/// RFC 7636 appendix B: the 32 octets, their verifier and its S256 challenge.
const RFC_OCTETS: [u8; 32] = [
    116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77,
    105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
];
const RFC_VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const RFC_CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

const NOW: u64 = 1_795_000_000_000;

fn pending() -> PendingSignIn {
    PendingSignIn::start(
        (RFC_OCTETS, [1; 16], [2; 16]),
        "https://console.contoso.com/",
        "#/environments/UAT",
        NOW,
    )
}

fn settings() -> SignInSettings {
    SignInSettings {
        tenant: Tenant::parse("contoso.onmicrosoft.com").unwrap(),
        client_id: Guid::parse("11111111-2222-4333-8444-555555555555").unwrap(),
        scope: Scope::default(),
        authority: None,
    }
}

#[test]
fn the_verifier_and_challenge_are_those_of_rfc_7636_appendix_b() {
    let verifier = CodeVerifier::from_random(RFC_OCTETS);
    assert_eq!(verifier.expose(), RFC_VERIFIER);
    assert_eq!(verifier.challenge(), RFC_CHALLENGE);
    assert_eq!(s256(RFC_VERIFIER), RFC_CHALLENGE);
    assert_eq!(CodeVerifier::parse(RFC_VERIFIER).unwrap(), verifier);
    assert_eq!(format!("{verifier:?}"), "CodeVerifier(…)", "never in a log");
}

#[test]
fn a_verifier_is_43_to_128_unreserved_characters() {
    assert!(CodeVerifier::parse(&"a".repeat(42)).is_err());
    assert!(CodeVerifier::parse(&"a".repeat(43)).is_ok());
    assert!(CodeVerifier::parse(&"a".repeat(128)).is_ok());
    assert!(CodeVerifier::parse(&"a".repeat(129)).is_err());
    assert!(CodeVerifier::parse(&format!("{}+", "a".repeat(43))).is_err());
    assert!(CodeVerifier::parse(&format!("{}~._-", "a".repeat(43))).is_ok());
}

#[test]
fn state_and_nonce_are_random_and_distinct_per_sign_in() {
    let a = PendingSignIn::start(
        ([3; 32], [4; 16], [5; 16]),
        "https://x.contoso.com/",
        "#/",
        NOW,
    );
    let b = PendingSignIn::start(
        ([6; 32], [7; 16], [8; 16]),
        "https://x.contoso.com/",
        "#/",
        NOW,
    );
    assert_ne!(a.state, b.state);
    assert_ne!(a.nonce, b.nonce);
    assert_ne!(a.state, a.nonce);
    assert_eq!(a.state.len(), 22, "16 random bytes as base64url");
    // Kept in sessionStorage as JSON, and read back equal.
    let text = serde_json::to_string(&a).unwrap();
    assert_eq!(serde_json::from_str::<PendingSignIn>(&text).unwrap(), a);
}

#[test]
fn the_authorize_url_asks_for_a_code_with_the_s256_challenge_state_and_nonce() {
    let p = pending();
    let url = settings().authorize_url(&p);
    let (base, query) = url.split_once('?').unwrap();
    assert_eq!(
        base,
        "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize"
    );
    let pairs = Query::parse(query);
    let get = |k: &str| pairs.get(k);
    assert_eq!(
        get("client_id"),
        Some("11111111-2222-4333-8444-555555555555")
    );
    assert_eq!(get("response_type"), Some("code"));
    assert_eq!(get("redirect_uri"), Some("https://console.contoso.com/"));
    assert_eq!(get("response_mode"), Some("query"));
    assert_eq!(
        get("scope"),
        Some("openid profile 0cdb527f-a8d1-4bf8-9436-b352c68682b2/.default")
    );
    assert_eq!(get("state"), Some(p.state.as_str()));
    assert_eq!(get("nonce"), Some(p.nonce.as_str()));
    assert_eq!(get("code_challenge"), Some(RFC_CHALLENGE));
    assert_eq!(get("code_challenge_method"), Some("S256"));
    assert!(
        !url.contains(RFC_VERIFIER),
        "the verifier never leaves the page before the token request"
    );
    assert!(query.contains("redirect_uri=https%3A%2F%2Fconsole.contoso.com%2F"));
}

#[test]
fn the_token_request_carries_the_code_the_verifier_and_the_same_redirect_uri() {
    let p = pending();
    let s = settings();
    assert_eq!(
        s.token_url(),
        "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token"
    );
    let pairs = Query::parse(&s.token_request("the code/+=", &p));
    let get = |k: &str| pairs.get(k);
    assert_eq!(get("grant_type"), Some("authorization_code"));
    assert_eq!(get("code"), Some("the code/+="));
    assert_eq!(get("code_verifier"), Some(RFC_VERIFIER));
    assert_eq!(get("redirect_uri"), Some("https://console.contoso.com/"));
    assert_eq!(
        get("client_id"),
        Some("11111111-2222-4333-8444-555555555555")
    );
}

#[test]
fn another_authority_replaces_public_azures() {
    let mut s = settings();
    s.authority = Some(EndpointUrl::parse("http://127.0.0.1:8081/contoso").unwrap());
    assert_eq!(s.authority(), "http://127.0.0.1:8081/contoso/");
    assert_eq!(s.authority_origin(), "http://127.0.0.1:8081");
    assert!(s
        .authorize_url(&pending())
        .starts_with("http://127.0.0.1:8081/contoso/oauth2/v2.0/authorize?"));
    assert_eq!(
        settings().authority_origin(),
        "https://login.microsoftonline.com"
    );
}

#[test]
fn the_scope_defaults_to_the_service_and_refuses_what_is_not_a_scope() {
    assert_eq!(
        Scope::default().as_str(),
        "0cdb527f-a8d1-4bf8-9436-b352c68682b2/.default"
    );
    assert_eq!(
        Scope::parse("  a/.default   b  ").unwrap().as_str(),
        "a/.default b"
    );
    assert_eq!(Scope::parse("   "), Err(ScopeError::Empty));
    assert!(
        matches!(Scope::parse("a\"b"), Err(ScopeError::InvalidCharacter { found }) if found == "a quote")
    );
    assert!(matches!(
        Scope::parse("a\\b"),
        Err(ScopeError::InvalidCharacter { .. })
    ));
    assert!(matches!(
        Scope::parse("é"),
        Err(ScopeError::InvalidCharacter { .. })
    ));
    assert!(matches!(
        Scope::parse(&"a".repeat(1001)),
        Err(ScopeError::TooLong { count: 1001 })
    ));
}

#[test]
fn the_redirect_back_gives_the_code_only_for_the_state_started_here() {
    let p = pending();
    let ok = format!("?code=abc%2Fdef&state={}", p.state);
    assert!(is_redirect(&ok));
    assert!(!is_redirect(""));
    assert!(!is_redirect("?utm=x"));
    assert_eq!(
        read_redirect(&ok, Some(&p), NOW + 5_000),
        Ok("abc/def".into())
    );

    // A wrong state, a missing one, a sign-in never started, one too old.
    assert_eq!(
        read_redirect("?code=abc&state=forged", Some(&p), NOW),
        Err(CallbackError::StateMismatch)
    );
    assert_eq!(
        read_redirect("?code=abc", Some(&p), NOW),
        Err(CallbackError::StateMismatch)
    );
    assert_eq!(
        read_redirect(&ok, None, NOW),
        Err(CallbackError::NotStarted)
    );
    assert_eq!(
        read_redirect(&ok, Some(&p), NOW + MAX_AGE_MS + 1),
        Err(CallbackError::TooOld)
    );
    assert_eq!(
        read_redirect(&format!("?state={}", p.state), Some(&p), NOW),
        Err(CallbackError::MissingCode)
    );
    // The authority's refusal, its words shown on one line.
    let refused = read_redirect(
        &format!(
            "?error=access_denied&error_description=The+user+cancelled%0Athe+sign-in&state={}",
            p.state
        ),
        Some(&p),
        NOW,
    );
    assert_eq!(
        refused,
        Err(CallbackError::Refused {
            error: "access_denied".into(),
            description: "The user cancelled the sign-in".into()
        })
    );
    // A refusal that is not ours is a state mismatch, not the authority's word.
    assert_eq!(
        read_redirect("?error=access_denied&state=other", Some(&p), NOW),
        Err(CallbackError::StateMismatch)
    );
}

fn jwt(claims: serde_json::Value) -> String {
    format!(
        "{}.{}.sig",
        URL_SAFE_NO_PAD.encode(br#"{"alg":"none"}"#),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    )
}

#[test]
fn the_token_answer_gives_the_token_its_expiry_and_the_account_when_the_nonce_matches() {
    let p = pending();
    let id = jwt(
        serde_json::json!({ "nonce": p.nonce, "name": "Ana Silva", "preferred_username": "ana@contoso.com" }),
    );
    let body = serde_json::json!({
        "token_type": "Bearer", "access_token": "eyJ0.abc.def", "expires_in": 3599,
        "id_token": id, "refresh_token": "r-1", "scope": "x"
    })
    .to_string();
    let signed = read_token_answer(200, &body, &p, NOW).unwrap();
    assert_eq!(signed.token.expose(), "eyJ0.abc.def");
    assert_eq!(signed.expires_at, NOW + 3_599_000);
    assert_eq!(
        signed.account.as_ref().unwrap().to_string(),
        "Ana Silva (ana@contoso.com)"
    );
    assert!(
        !format!("{signed:?}").contains("abc.def"),
        "the token never reaches a log"
    );

    // expires_in as text, no ID token: still signed in, no account shown.
    let body = r#"{"token_type":"bearer","access_token":"t","expires_in":"60"}"#;
    let signed = read_token_answer(200, body, &p, NOW).unwrap();
    assert_eq!(signed.account, None);
    assert_eq!(signed.expires_at, NOW + 60_000);
}

#[test]
fn a_token_answer_for_another_sign_in_or_an_error_signs_no_one_in() {
    let p = pending();
    let id = jwt(serde_json::json!({ "nonce": "someone-else", "name": "Eve" }));
    let body = serde_json::json!({ "token_type": "Bearer", "access_token": "t", "expires_in": 60, "id_token": id }).to_string();
    assert_eq!(
        read_token_answer(200, &body, &p, NOW),
        Err(TokenAnswerError::NonceMismatch)
    );

    let reused = r#"{"error":"invalid_grant","error_description":"AADSTS54005: OAuth2 Authorization code was already redeemed"}"#;
    let err = read_token_answer(400, reused, &p, NOW).unwrap_err();
    assert!(matches!(err, TokenAnswerError::CodeRefused { .. }));
    assert!(err
        .to_string()
        .starts_with("The sign-in code was already used or has expired (AADSTS54005"));

    assert!(matches!(
        read_token_answer(400, r#"{"error":"invalid_client"}"#, &p, NOW),
        Err(TokenAnswerError::Refused { .. })
    ));
    assert_eq!(
        read_token_answer(502, "<html>", &p, NOW),
        Err(TokenAnswerError::Status { status: 502 })
    );
    assert!(matches!(
        read_token_answer(200, "{", &p, NOW),
        Err(TokenAnswerError::Unreadable { .. })
    ));
    assert!(matches!(
        read_token_answer(
            200,
            r#"{"token_type":"mac","access_token":"t","expires_in":60}"#,
            &p,
            NOW
        ),
        Err(TokenAnswerError::NotBearer { .. })
    ));
    assert!(matches!(
        read_token_answer(
            200,
            r#"{"token_type":"Bearer","access_token":"a b","expires_in":60}"#,
            &p,
            NOW
        ),
        Err(TokenAnswerError::BadToken(_))
    ));
}

#[test]
fn a_token_is_usable_until_a_minute_before_it_expires() {
    let p = pending();
    let body = r#"{"token_type":"Bearer","access_token":"t","expires_in":600}"#;
    let signed = read_token_answer(200, body, &p, NOW).unwrap();
    assert_eq!(signed.expiry(NOW), Expiry::Valid { minutes: 9 });
    assert!(signed.usable_token(NOW).is_some());
    let edge = signed.expires_at - SKEW_MS;
    assert_eq!(signed.expiry(edge - 1), Expiry::Valid { minutes: 1 });
    assert_eq!(signed.expiry(edge), Expiry::Expired);
    assert!(signed.usable_token(edge).is_none());
    assert_eq!(signed.expiry(signed.expires_at + 1), Expiry::Expired);
    assert_eq!(signed.expiry(u64::MAX), Expiry::Expired, "no overflow");
}

#[test]
fn the_sign_in_form_checks_each_field_and_leaves_the_defaults_empty() {
    use domain::model::{SignInDraft, SignInFormField as F};
    let empty = SignInDraft::default().check().unwrap_err();
    assert!(empty.get(F::Tenant).is_some());
    assert!(empty.get(F::ClientId).is_some());
    assert_eq!(empty.get(F::Scope), None, "an empty scope is the default");
    assert_eq!(
        empty.get(F::Authority),
        None,
        "an empty authority is public Azure's"
    );

    let draft = SignInDraft {
        tenant: " contoso.onmicrosoft.com ".into(),
        client_id: "{11111111-2222-4333-8444-555555555555}".into(),
        scope: String::new(),
        authority: String::new(),
    };
    let settings = draft.check().unwrap();
    assert_eq!(settings, self::settings());
    assert_eq!(
        SignInDraft::of(Some(&settings)),
        SignInDraft {
            tenant: "contoso.onmicrosoft.com".into(),
            client_id: "11111111-2222-4333-8444-555555555555".into(),
            scope: String::new(),
            authority: String::new(),
        }
    );

    let bad = SignInDraft {
        tenant: "contoso.onmicrosoft.com".into(),
        client_id: "11111111-2222-4333-8444-555555555555".into(),
        scope: "a\"b".into(),
        authority: "http://login.contoso.com/".into(),
    }
    .check()
    .unwrap_err();
    assert!(bad.get(F::Scope).unwrap().contains("quote"));
    assert!(bad.get(F::Authority).unwrap().contains("http://"));
    let secret = SignInDraft {
        tenant: "contoso.onmicrosoft.com".into(),
        client_id: "11111111-2222-4333-8444-555555555555".into(),
        scope: "x?sv=2022-11-02&sig=abc".into(),
        authority: String::new(),
    }
    .check()
    .unwrap_err();
    assert!(
        secret.get(F::Scope).unwrap().contains("Key Vault"),
        "{:?}",
        secret.get(F::Scope)
    );
}

#[test]
fn an_authority_the_page_could_not_reach_is_refused_with_the_reason() {
    use domain::publish::PageContext;
    let policy = "default-src 'self'; connect-src 'self' https://login.microsoftonline.com http://127.0.0.1:*";
    let https = PageContext::new("https://console.contoso.com", Some(policy));
    assert_eq!(
        settings().refused_on(&https),
        None,
        "public Azure is allowed"
    );
    let mut local = settings();
    local.authority = Some(EndpointUrl::parse("http://127.0.0.1:8081/contoso/").unwrap());
    assert!(local
        .refused_on(&https)
        .unwrap()
        .contains("cannot call the authority http://127.0.0.1:8081 over http"));
    let http_page = PageContext::new("http://127.0.0.1:8080", Some(policy));
    assert_eq!(local.refused_on(&http_page), None);
    let mut sovereign = settings();
    sovereign.authority =
        Some(EndpointUrl::parse("https://login.partner.microsoftonline.cn/contoso/").unwrap());
    let refused = sovereign.refused_on(&https).unwrap();
    assert!(
        refused.contains("does not allow connecting to https://login.partner.microsoftonline.cn"),
        "{refused}"
    );
    assert!(
        refused.contains("It allows: 'self' https://login.microsoftonline.com http://127.0.0.1:*"),
        "{refused}"
    );
}
