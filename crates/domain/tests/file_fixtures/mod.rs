//! The workspace the file tests share: the contract's example, published,
//! with a second reference, more environments (never published, and
//! Changed), connected applications and a custom endpoint.
#![allow(dead_code)]

pub mod cases_links;
pub mod cases_v2;
pub mod cases_values;
#[path = "../common/mod.rs"]
mod common;
pub mod edit;

use domain::answers::Revision;
use domain::model::*;
use domain::values::*;

/// The contract's example (`tests/common`).
pub fn example() -> common::Example {
    common::example()
}

/// The contract's example, published at revision 7, plus: a second
/// reference with a certificate and an empty chain of certificates; a PROD
/// environment (never published, no users, an application without a name,
/// the second reference as a further reference, number sequences in use); a
/// published environment with a Dataverse endpoint URI, edited since
/// (Changed); two connected applications; a custom endpoint.
pub fn full() -> Workspace {
    let common::Example {
        mut ws, kv, uat, ..
    } = common::example();
    let payload = ws.publish_payload(uat).unwrap();
    ws.record_publication(
        uat,
        Publication {
            revision: Revision::parse("7").unwrap(),
            published_at: "2026-11-21T10:00:00Z".into(),
            snapshot: payload,
            published_by: None,
        },
    )
    .unwrap();

    let other = ws
        .add_reference(KeyVaultReferenceInput {
            name: Name::parse("Fabrikam KV").unwrap(),
            description: Description::parse("Signing keys\nsecond line").unwrap(),
            uri: KeyVaultUri::parse("https://fabrikam-kv.vault.azure.cn/").unwrap(),
        })
        .unwrap();
    ws.add_entry(other, common::entry("tax-signing", EntryType::Certificate))
        .unwrap();
    ws.add_chain(
        other,
        ChainInput {
            name: Name::parse("Empty chain").unwrap(),
            description: Description::parse("Members not chosen yet").unwrap(),
        },
    )
    .unwrap();

    let prod = ws
        .add_environment(common::env_input("PROD", "Production"))
        .unwrap();
    let sas = ws.secret_choices()[0].secret;
    ws.set_storage_sas_secret(prod, Some(sas)).unwrap();
    ws.set_environment_references(prod, vec![other, kv])
        .unwrap();
    let inv = ws
        .add_number_sequence(prod, common::sequence("INV", ""))
        .unwrap();
    ws.set_sequence_usage(prod, inv, true, Some(1042)).unwrap();
    ws.add_number_sequence(prod, common::sequence("CRN", "Credit notes"))
        .unwrap();
    // An application from a console that had no names (not publishable
    // until named).
    ws.add_application(
        prod,
        ApplicationInput {
            name: None,
            tenant_id: Guid::parse("8c0f0b9e-1f5e-4c55-9d0a-3c1a1f2b3c4d").unwrap(),
            lcs_environment_id: Guid::parse("0f3a2b1c-4d5e-6f70-8192-a3b4c5d6e7f8").unwrap(),
            application_id: Guid::parse("5e4d3c2b-1a09-4f8e-9d7c-6b5a49382716").unwrap(),
            object_id: Guid::parse("b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e").unwrap(),
            justification: Justification::parse("Archives invoices").unwrap(),
        },
    )
    .unwrap();

    let dev = ws
        .add_environment(EnvironmentInput {
            dataverse_endpoint: Some(
                DataverseUri::parse("https://contoso-dev.crm4.dynamics.com/api/data/v9.2/")
                    .unwrap(),
            ),
            ..common::env_input("DEV", "")
        })
        .unwrap();
    ws.set_storage_sas_secret(dev, Some(sas)).unwrap();
    ws.add_user(dev, common::user("bo", "bo@contoso.com"))
        .unwrap();
    let payload = ws.publish_payload(dev).unwrap();
    ws.record_publication(
        dev,
        Publication {
            revision: Revision::parse("W/3").unwrap(),
            published_at: "2026-11-20T08:30:00.123+01:00".into(),
            snapshot: payload,
            published_by: None,
        },
    )
    .unwrap();
    ws.add_user(dev, common::user("cy", "Cy@Contoso.com"))
        .unwrap();

    let finance = ws
        .add_connected_application(ConnectedApplicationInput {
            name: Name::parse("Contoso Finance").unwrap(),
            url: ApplicationUrl::parse("https://contoso.operations.dynamics.com/").unwrap(),
            tenant: Tenant::parse("contoso.onmicrosoft.com").unwrap(),
        })
        .unwrap();
    ws.link_environment(finance, uat).unwrap();
    ws.link_environment(finance, prod).unwrap();
    ws.add_connected_application(ConnectedApplicationInput {
        name: Name::parse("Sandbox").unwrap(),
        url: ApplicationUrl::parse("https://sandbox.sandbox.operations.dynamics.com/").unwrap(),
        tenant: Tenant::parse("8c0f0b9e-1f5e-4c55-9d0a-3c1a1f2b3c4d").unwrap(),
    })
    .unwrap();
    ws.set_endpoint(Some(
        ServiceEndpoint::custom("https://einvoicing.contoso.com/gateway/").unwrap(),
    ));
    ws
}

/// A version 1 workspace file written by the release before version 2
/// (commit 044fe39): see `README.md` beside it.
pub const V1_WITH_CHAIN: &str = include_str!("v1-with-chain.json");
