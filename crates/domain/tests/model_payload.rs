//! The publish payload, compared field by field with `publish-api.md`'s
//! example as schema version 2 writes it (chains under their reference,
//! applications with a name, the Dataverse endpoint when set), and
//! version 1 bodies read into the same shape.

mod common;

use serde_json::{json, Value};

/// The body of `publish-api.md`'s "Publish an environment" example, in
/// version 2 ("Payload schema version 2": the chain entry moves to the
/// reference's `certificateChains`, the application gains its `name`).
fn contract_example() -> Value {
    json!({
      "schemaVersion": 2,
      "name": "UAT",
      "description": "Validation before production",
      "storageSasTokenSecret": {
        "keyVaultReference": "ContosoKV",
        "keyVaultUri": "https://contoso-einvoicing.vault.azure.net/",
        "secretName": "einvoicing-sas"
      },
      "keyVaultReferences": [
        {
          "name": "ContosoKV",
          "description": "",
          "uri": "https://contoso-einvoicing.vault.azure.net/",
          "certificates": [
            { "name": "einvoicing-sas", "description": "", "type": "secret" },
            { "name": "signing", "description": "", "type": "certificate" }
          ],
          "certificateChains": [
            { "name": "chain", "description": "",
              "certificates": ["root-ca", "issuing-ca", "signing"] }
          ]
        }
      ],
      "users": [ { "userId": "ana", "email": "ana@contoso.com" } ],
      "applications": [
        {
          "name": "Contoso POS",
          "tenantId": "8c0f0b9e-1f5e-4c55-9d0a-3c1a1f2b3c4d",
          "lcsEnvironmentId": "0f3a2b1c-4d5e-6f70-8192-a3b4c5d6e7f8",
          "applicationId": "3d2c1b0a-9f8e-7d6c-5b4a-392817160504",
          "objectId": "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d",
          "justification": "Submits invoices from the POS system"
        }
      ],
      "numberSequences": [ { "name": "INV", "description": "Invoice numbers" } ]
    })
}

fn built() -> Value {
    let ex = common::example();
    let payload = ex
        .ws
        .publish_payload(ex.uat)
        .expect("the example may be published");
    serde_json::from_str(&payload.to_json()).unwrap()
}

#[test]
fn top_level_fields_equal_the_contract_example() {
    let (ours, theirs) = (built(), contract_example());
    let keys = |v: &Value| {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(keys(&ours), keys(&theirs));
    for field in [
        "schemaVersion",
        "name",
        "description",
        "storageSasTokenSecret",
        "users",
        "applications",
        "numberSequences",
    ] {
        assert_eq!(ours[field], theirs[field], "field {field}");
    }
}

#[test]
fn key_vault_reference_fields_equal_the_contract_example() {
    let (ours, theirs) = (built(), contract_example());
    let (ours, theirs) = (&ours["keyVaultReferences"], &theirs["keyVaultReferences"]);
    assert_eq!(ours.as_array().unwrap().len(), 1);
    for field in ["name", "description", "uri", "certificateChains"] {
        assert_eq!(ours[0][field], theirs[0][field], "field {field}");
    }
    // Every certificate of the example is carried exactly as written...
    let ours_certs = ours[0]["certificates"].as_array().unwrap();
    for expected in theirs[0]["certificates"].as_array().unwrap() {
        let found = ours_certs
            .iter()
            .find(|c| c["name"] == expected["name"])
            .unwrap_or_else(|| panic!("missing {}", expected["name"]));
        assert_eq!(found, expected);
    }
    // ...plus the two chain members the example leaves out of its list,
    // which domain.md requires to be Certificate entries of the reference.
    let extra: Vec<&Value> = ours_certs
        .iter()
        .filter(|c| c["name"] == "root-ca" || c["name"] == "issuing-ca")
        .collect();
    assert_eq!(extra.len(), 2);
    assert!(extra
        .iter()
        .all(|c| c["type"] == "certificate" && c.get("chain").is_none()));
    assert_eq!(ours_certs.len(), 4);
    assert!(ours_certs.iter().all(|c| c["type"] != "certificateChain"));
}

#[test]
fn the_dataverse_endpoint_travels_only_when_set() {
    use domain::values::DataverseUri;
    assert!(built().get("dataverseEndpointUri").is_none());
    let mut ex = common::example();
    let mut input = common::env_input("UAT", "Validation before production");
    input.dataverse_endpoint =
        Some(DataverseUri::parse("HTTPS://Contoso.CRM.Dynamics.com/api/data/v9.1").unwrap());
    ex.ws.update_environment(ex.uat, input).unwrap();
    let text = ex.ws.publish_payload(ex.uat).unwrap().to_json();
    let body: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        body["dataverseEndpointUri"],
        "https://contoso.crm.dynamics.com/api/data/v9.1/"
    );
    // After the description, as publish-api.md lists it.
    assert!(
        text.starts_with(r#"{"schemaVersion":2,"name":"UAT","description":"Validation before production","dataverseEndpointUri":"#),
        "{text}"
    );
}

#[test]
fn a_version_1_body_reads_as_version_2_with_its_chain_under_its_reference() {
    use domain::model::EntryType;
    use domain::payload::EnvironmentPayload;
    let mut v1 = contract_example();
    v1["schemaVersion"] = json!(1);
    let reference = &mut v1["keyVaultReferences"][0];
    let chain = reference["certificateChains"][0].clone();
    reference
        .as_object_mut()
        .unwrap()
        .remove("certificateChains");
    reference["certificates"]
        .as_array_mut()
        .unwrap()
        .insert(1, json!({ "name": "chain", "description": "", "type": "certificateChain", "chain": chain["certificates"] }));
    v1["applications"][0]
        .as_object_mut()
        .unwrap()
        .remove("name");

    let read: EnvironmentPayload = serde_json::from_value(v1).unwrap();
    assert_eq!(read.schema_version, 1, "it says which version it was");
    let reference = &read.key_vault_references[0];
    assert_eq!(
        reference
            .certificates
            .iter()
            .map(|c| (c.name.as_str(), c.entry_type))
            .collect::<Vec<_>>(),
        [
            ("einvoicing-sas", EntryType::Secret),
            ("signing", EntryType::Certificate)
        ]
    );
    assert_eq!(reference.certificate_chains.len(), 1);
    assert_eq!(reference.certificate_chains[0].name, "chain");
    assert_eq!(
        reference.certificate_chains[0].certificates,
        ["root-ca", "issuing-ca", "signing"]
    );
    assert_eq!(read.applications[0].name, "", "version 1 had no names");
    // Written again, it is version 2's shape.
    let again: Value = serde_json::from_str(&read.to_json()).unwrap();
    assert!(again["keyVaultReferences"][0]["certificateChains"].is_array());
    assert!(again["keyVaultReferences"][0]["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c.get("chain").is_none()));
}

#[test]
fn payload_round_trips_through_its_own_types() {
    let ex = common::example();
    let payload = ex.ws.publish_payload(ex.uat).unwrap();
    let back: domain::payload::EnvironmentPayload =
        serde_json::from_str(&payload.to_json()).unwrap();
    assert_eq!(back, payload);
}

#[test]
fn values_are_normalised_in_the_payload() {
    use domain::model::*;
    use domain::values::*;
    let mut ex = common::example();
    let kv = ex
        .ws
        .add_reference(common::reference_input(
            "Upper",
            "  HTTPS://Fabrikam-KV.Vault.Azure.Net:443  ",
        ))
        .unwrap();
    let s = ex
        .ws
        .add_entry(kv, common::entry("Sas-Secret", EntryType::Secret))
        .unwrap();
    ex.ws
        .set_storage_sas_secret(
            ex.uat,
            Some(SecretRef {
                reference: kv,
                entry: s,
            }),
        )
        .unwrap();
    ex.ws
        .add_application(
            ex.uat,
            ApplicationInput {
                name: Some(Name::parse("  Status reader ").unwrap()),
                tenant_id: Guid::parse("{8C0F0B9E-1F5E-4C55-9D0A-3C1A1F2B3C4D}").unwrap(),
                lcs_environment_id: Guid::parse(" 0F3A2B1C-4D5E-6F70-8192-A3B4C5D6E7F8 ").unwrap(),
                application_id: Guid::parse("AAAAAAAA-9F8E-7D6C-5B4A-392817160504").unwrap(),
                object_id: Guid::parse("A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D").unwrap(),
                justification: Justification::parse("  Reads statuses  ").unwrap(),
            },
        )
        .unwrap();
    let p = ex.ws.publish_payload(ex.uat).unwrap();
    assert_eq!(
        p.storage_sas_token_secret.key_vault_uri,
        "https://fabrikam-kv.vault.azure.net/"
    );
    assert_eq!(p.storage_sas_token_secret.secret_name, "Sas-Secret");
    // The SAS secret's reference comes first.
    assert_eq!(p.key_vault_references[0].name, "Upper");
    let app = &p.applications[1];
    assert_eq!(app.tenant_id, "8c0f0b9e-1f5e-4c55-9d0a-3c1a1f2b3c4d");
    assert_eq!(app.application_id, "aaaaaaaa-9f8e-7d6c-5b4a-392817160504");
    assert_eq!(app.justification, "Reads statuses");
    assert_eq!(app.name, "Status reader");
}

#[test]
fn an_environment_with_problems_has_no_payload() {
    use domain::model::EnvironmentField;
    let mut ex = common::example();
    let prod = ex
        .ws
        .add_environment(common::env_input("PROD", ""))
        .unwrap();
    let problems = ex.ws.publish_payload(prod).unwrap_err();
    let fields: Vec<_> = problems.iter().map(|p| p.field.clone()).collect();
    assert_eq!(
        fields,
        vec![
            EnvironmentField::StorageSasTokenSecret,
            EnvironmentField::Users
        ]
    );
    assert!(problems[0].message.contains("Storage SAS token secret"));

    // An empty chain in a carried reference blocks too, at the chain.
    ex.ws.set_chain_members(ex.kv, ex.chain, vec![]).unwrap();
    let problems = ex.ws.publish_payload(ex.uat).unwrap_err();
    assert_eq!(
        problems[0].field,
        EnvironmentField::KeyVaultReference {
            index: 0,
            path: Some("certificateChains/0/certificates".into())
        }
    );
    assert!(problems[0].message.contains("'chain'"));
}
