//! A stored or imported workspace is checked before it exists: values
//! re-validate and cross-object rules hold.

mod common;

use serde_json::Value;

use domain::model::Workspace;

fn json_of(ws: &Workspace) -> Value {
    serde_json::to_value(ws).unwrap()
}

fn load(value: Value) -> Result<Workspace, String> {
    serde_json::from_value::<Workspace>(value).map_err(|e| e.to_string())
}

#[test]
fn a_workspace_round_trips() {
    let ex = common::example();
    let back = load(json_of(&ex.ws)).unwrap();
    assert_eq!(back, ex.ws);
    back.check().unwrap();
}

#[test]
fn tampered_values_are_refused_by_their_constructors() {
    let ex = common::example();
    let mut v = json_of(&ex.ws);
    v["keyVaultReferences"][0]["uri"] = "http://contoso.vault.azure.net/".into();
    let err = load(v).unwrap_err();
    assert!(err.contains("must start with https://"), "{err}");

    let mut v = json_of(&ex.ws);
    v["environments"][0]["users"][0]["email"] = "not an email".into();
    assert!(load(v).is_err());

    let mut v = json_of(&ex.ws);
    v["keyVaultReferences"][0]["certificates"][0]["name"] = "sv=2022&se=2026&sig=abc".into();
    let err = load(v).unwrap_err();
    assert!(err.contains("Key Vault"), "{err}");
}

#[test]
fn duplicate_names_are_refused() {
    let ex = common::example();
    let mut v = json_of(&ex.ws);
    let mut second = v["environments"][0].clone();
    second["id"] = 100.into();
    second["name"] = "uat".into();
    second["applications"] = Value::Array(vec![]);
    second["numberSequences"] = Value::Array(vec![]);
    v["nextId"] = 200.into();
    v["environments"].as_array_mut().unwrap().push(second);
    let err = load(v).unwrap_err();
    assert!(
        err.contains("two service environments named 'uat'"),
        "{err}"
    );
}

#[test]
fn dangling_or_wrong_references_are_refused() {
    let ex = common::example();
    let mut v = json_of(&ex.ws);
    v["environments"][0]["storageSasSecret"]["entry"] = ex.signing.get().into();
    let err = load(v).unwrap_err();
    assert!(err.contains("Storage SAS token secret"), "{err}");

    let mut v = json_of(&ex.ws);
    v["environments"][0]["storageSasSecret"]["reference"] = 999.into();
    assert!(load(v).is_err());

    // A chain listing a secret, or a member twice, or two chains of one
    // name in a reference.
    let mut v = json_of(&ex.ws);
    v["keyVaultReferences"][0]["chains"][0]["members"] = serde_json::json!([ex.sas.get()]);
    let err = load(v).unwrap_err();
    assert!(err.contains("Chain of certificates 'chain'"), "{err}");
    let mut v = json_of(&ex.ws);
    v["keyVaultReferences"][0]["chains"][0]["members"] =
        serde_json::json!([ex.root.get(), ex.root.get()]);
    assert!(load(v).unwrap_err().contains("chain"));
    let mut v = json_of(&ex.ws);
    let twin = {
        let mut c = v["keyVaultReferences"][0]["chains"][0].clone();
        c["id"] = (v["nextId"].as_u64().unwrap() + 1).into();
        c["name"] = "CHAIN".into();
        c
    };
    v["nextId"] = twin["id"].clone();
    v["keyVaultReferences"][0]["chains"]
        .as_array_mut()
        .unwrap()
        .push(twin);
    let err = load(v).unwrap_err();
    assert!(
        err.contains("chains of certificates in one Key Vault reference"),
        "{err}"
    );
}

#[test]
fn ids_used_twice_or_beyond_the_counter_are_refused() {
    let ex = common::example();
    let mut v = json_of(&ex.ws);
    v["nextId"] = 1.into();
    assert!(load(v).unwrap_err().contains("id"));

    let mut v = json_of(&ex.ws);
    v["environments"][0]["id"] = ex.kv.get().into();
    assert!(load(v).is_err());
}

#[test]
fn a_tampered_counter_near_the_end_of_u64_is_refused_before_it_can_wrap() {
    let ex = common::example();
    let mut v = json_of(&ex.ws);
    v["nextId"] = u64::MAX.into();
    let error = load(v).unwrap_err();
    assert!(
        error.contains("id counter is 18446744073709551615"),
        "{error}"
    );
    let mut v = json_of(&ex.ws);
    v["nextId"] = ((1u64 << 53) - 1).into();
    let mut ws = load(v).expect("the largest counter JavaScript holds exactly is read");
    let before: Vec<_> = ws.environments().iter().map(|e| e.id()).collect();
    let added = ws.add_environment(common::env_input("NEW", "")).unwrap();
    assert!(
        !before.contains(&added),
        "a new id never collides with one in use"
    );
}

#[test]
fn a_field_this_console_never_writes_is_refused_not_dropped() {
    let ex = common::example();
    for pointer in [
        "",
        "/environments/0",
        "/environments/0/users/0",
        "/keyVaultReferences/0",
        "/settings",
    ] {
        let mut v = json_of(&ex.ws);
        v.pointer_mut(pointer)
            .and_then(Value::as_object_mut)
            .unwrap_or_else(|| panic!("{pointer} is an object"))
            .insert(
                "injected".into(),
                Value::from("<img src=x onerror=alert(1)>"),
            );
        let error = load(v).unwrap_err();
        assert!(
            error.contains("unknown field `injected`"),
            "{pointer}: {error}"
        );
    }
}

#[test]
fn a_user_listed_twice_without_regard_to_case_is_refused() {
    let ex = common::example();
    let v = json_of(&ex.ws);
    let first = v["environments"][0]["users"][0].clone();
    let user_id = first["userId"].as_str().unwrap().to_uppercase();
    let email = first["email"].as_str().unwrap().to_uppercase();
    for twin in [
        serde_json::json!({ "userId": user_id, "email": "someone.else@contoso.com" }),
        serde_json::json!({ "userId": "someone.else", "email": email }),
    ] {
        let mut tampered = v.clone();
        tampered["environments"][0]["users"]
            .as_array_mut()
            .unwrap()
            .push(twin.clone());
        let err = load(tampered).unwrap_err();
        assert!(err.contains("listed twice"), "{twin}: {err}");
    }
    // Users that differ are kept, the long and the short alike.
    let mut more = v.clone();
    let long = format!("{}@contoso.com", "a".repeat(64));
    more["environments"][0]["users"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({ "userId": "a".repeat(64), "email": long }));
    load(more).unwrap();
}

/// A draft stored before Managed HSMs were refused keeps its reference,
/// marked, instead of being refused whole; the environments that carry it
/// cannot be published until its URI is corrected.
#[test]
fn a_stored_managed_hsm_uri_is_kept_marked_and_blocks_publish() {
    use domain::model::{KeyVaultReferenceInput, ReferenceUri};
    let mut ex = common::example();
    let mut v = json_of(&ex.ws);
    v["keyVaultReferences"][0]["uri"] = "https://contoso-hsm.managedhsm.azure.net/".into();
    let mut ws = load(v).expect("kept, not refused");
    let reference = &ws.key_vault_references()[0];
    assert_eq!(
        reference.uri().as_str(),
        "https://contoso-hsm.managedhsm.azure.net/",
        "kept as it was"
    );
    assert!(matches!(reference.uri(), ReferenceUri::Refused { .. }));
    assert!(reference.input().is_none(), "no valid input to edit from");
    let problems = ws.problems(ex.uat);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0]
            .message
            .starts_with("Key Vault reference 'ContosoKV' can no longer be used as it is: 'https://contoso-hsm.managedhsm.azure.net…' is a Managed HSM, not a key vault"),
        "{}",
        problems[0].message
    );
    assert_eq!(
        problems[0].field,
        domain::model::EnvironmentField::KeyVaultReference {
            index: 0,
            path: Some("uri".into())
        }
    );
    // Written again, it is the same text (nothing lost); corrected, it
    // publishes.
    assert_eq!(load(json_of(&ws)).unwrap(), ws);
    let kv = ex.kv;
    ws.update_reference(
        kv,
        KeyVaultReferenceInput {
            uri: domain::values::KeyVaultUri::parse("https://contoso-einvoicing.vault.azure.net/")
                .unwrap(),
            ..common::reference_input("ContosoKV", "https://contoso-einvoicing.vault.azure.net/")
        },
    )
    .unwrap();
    assert!(ws.problems(ex.uat).is_empty());
    // Any other refused URI is damage.
    ex.ws = ws;
    let mut v = json_of(&ex.ws);
    v["keyVaultReferences"][0]["uri"] = "https://ab.vault.azure.net/".into();
    assert!(load(v).is_err());
}
