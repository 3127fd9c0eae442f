//! Reading what the service holds.

mod common;

use api::held::{detail, list, HeldError};
use common::*;
use domain::publish::{Method, TransportError};

#[test]
fn the_list_is_read_with_the_time_it_was_read() {
    let (fake, ex) = (Fake::new(), example());
    fake.answer(
        200,
        r#"[{"name":"UAT","revision":"3","publishedAt":"2026-11-21T09:00:00Z"}]"#,
    );
    let held = run(list(&fake, &ex.ws, &with_token("pasted"))).unwrap();
    assert_eq!(held.environments.len(), 1);
    assert_eq!(held.environments[0].revision.as_str(), "3");
    assert_eq!(held.read_at, "2026-11-21T10:00:00.000Z");
    let request = &fake.requests()[0];
    assert_eq!(request.method, Method::Get);
    assert_eq!(request.url, "http://127.0.0.1:8081/api/v1/environments");
    assert_eq!(request.header("Authorization"), Some("Bearer pasted"));
}

#[test]
fn a_refusal_a_fault_or_a_wrong_answer_says_why() {
    let (fake, ex) = (Fake::new(), example());
    let sample = api::Caller::new(local_page().showing_sample(true));
    let error = run(list(&fake, &ex.ws, &sample)).unwrap_err();
    assert!(matches!(error, HeldError::Refused(_)));
    assert!(error
        .to_string()
        .starts_with("This is the sample workspace"));

    fake.then(Err(TransportError::Network {
        detail: "TypeError".into(),
    }));
    let error = run(list(&fake, &ex.ws, &caller())).unwrap_err();
    assert!(error
        .to_string()
        .starts_with("The service endpoint could not be reached"));

    fake.answer(500, r#"{"title":"Boom"}"#);
    let error = run(list(&fake, &ex.ws, &caller())).unwrap_err();
    assert_eq!(
        error.to_string(),
        "Could not read what the service holds: the service answered 500. Nothing changed here: the status and every edit are kept. The service said: “Boom”"
    );

    fake.answer(200, "<html>");
    let error = run(list(&fake, &ex.ws, &caller())).unwrap_err();
    assert!(
        error.to_string().contains("not what the contract says"),
        "{error}"
    );
    fake.finished();
}

#[test]
fn one_environment_is_read_whole_by_its_encoded_name() {
    let (fake, ex) = (Fake::new(), example());
    let payload = ex.ws.borrow().publish_payload(ex.uat).unwrap();
    let body = serde_json::json!({
        "revision": "7",
        "publishedAt": "2026-11-21T09:00:00Z",
        "environment": payload,
    });
    fake.answer(200, &body.to_string());
    let caller = caller();
    let destination = caller.destination(&ex.ws.borrow()).unwrap();
    let held = run(detail(&fake, &caller, &destination, "UAT/2")).unwrap();
    assert_eq!(held.revision.as_str(), "7");
    assert_eq!(held.environment, payload);
    assert_eq!(
        fake.requests()[0].url,
        "http://127.0.0.1:8081/api/v1/environments/UAT%2F2"
    );
}
