//! Crafted bad files, one broken rule across objects each (names taken,
//! names that name nothing, chain members) or a broken document, with the
//! one problem each causes; `file_rules.rs` runs the table.

use domain::file::{rule, MAX_USERS};
use serde_json::{json, Value};

use super::edit::{push, remove, set, Case};

pub const CASES: &[Case] = &[
    // uniqueness, case-insensitive
    (
        "duplicate environment name",
        |d| set(d, "/environments/2/name", json!("uat")),
        "/environments/2/name",
        rule::UNIQUE_NAME,
    ),
    (
        "duplicate reference name",
        |d| {
            push(
                d,
                "/keyVaultReferences",
                json!({ "name": "CONTOSOKV", "uri": "https://third.vault.azure.net/" }),
            )
        },
        "/keyVaultReferences/2/name",
        rule::UNIQUE_NAME,
    ),
    (
        "duplicate entry name",
        |d| {
            push(
                d,
                "/keyVaultReferences/0/certificates",
                json!({ "name": "SIGNING", "type": "certificate" }),
            )
        },
        "/keyVaultReferences/0/certificates/4/name",
        rule::UNIQUE_NAME,
    ),
    (
        "duplicate sequence name",
        |d| {
            push(
                d,
                "/environments/1/numberSequences",
                json!({ "name": "inv" }),
            )
        },
        "/environments/1/numberSequences/2/name",
        rule::UNIQUE_NAME,
    ),
    (
        "duplicate connected application",
        |d| set(d, "/connectedApplications/1/name", json!("CONTOSO finance")),
        "/connectedApplications/1/name",
        rule::UNIQUE_NAME,
    ),
    (
        "reference listed twice",
        |d| {
            push(
                d,
                "/environments/1/keyVaultReferences",
                json!("fabrikam kv"),
            )
        },
        "/environments/1/keyVaultReferences/2",
        rule::UNIQUE_NAME,
    ),
    (
        "environment linked twice",
        |d| push(d, "/connectedApplications/0/environments", json!("prod")),
        "/connectedApplications/0/environments/2",
        rule::UNIQUE_NAME,
    ),
    (
        "duplicate user id",
        |d| {
            push(
                d,
                "/environments/0/users",
                json!({ "userId": "ANA", "email": "ana2@contoso.com" }),
            )
        },
        "/environments/0/users/1/userId",
        rule::UNIQUE_USER,
    ),
    (
        "duplicate email",
        |d| {
            push(
                d,
                "/environments/0/users",
                json!({ "userId": "ana2", "email": "ANA@contoso.com" }),
            )
        },
        "/environments/0/users/1/email",
        rule::UNIQUE_USER,
    ),
    (
        "duplicate application",
        |d| {
            let app = d.pointer("/environments/0/applications/0").unwrap().clone();
            push(d, "/environments/0/applications", app)
        },
        "/environments/0/applications/1/applicationId",
        rule::UNIQUE_APPLICATION,
    ),
    // references by name
    (
        "SAS secret pointing at a certificate",
        |d| {
            set(
                d,
                "/environments/0/storageSasTokenSecret/secretName",
                json!("signing"),
            )
        },
        "/environments/0/storageSasTokenSecret/secretName",
        rule::SAS_SECRET_REFERENCE,
    ),
    (
        "SAS secret that does not exist",
        |d| {
            set(
                d,
                "/environments/1/storageSasTokenSecret/secretName",
                json!("gone"),
            )
        },
        "/environments/1/storageSasTokenSecret/secretName",
        rule::SAS_SECRET_REFERENCE,
    ),
    (
        "SAS secret in a reference that does not exist",
        |d| {
            set(
                d,
                "/environments/1/storageSasTokenSecret/keyVaultReference",
                json!("OtherKV"),
            )
        },
        "/environments/1/storageSasTokenSecret/keyVaultReference",
        rule::SAS_SECRET_REFERENCE,
    ),
    (
        "further reference that does not exist",
        |d| set(d, "/environments/1/keyVaultReferences/0", json!("OtherKV")),
        "/environments/1/keyVaultReferences/0",
        rule::KEY_VAULT_REFERENCE,
    ),
    (
        "chain member missing",
        |d| {
            set(
                d,
                "/keyVaultReferences/0/certificateChains/0/certificates/1",
                json!("missing-ca"),
            )
        },
        "/keyVaultReferences/0/certificateChains/0/certificates/1",
        rule::CHAIN_MEMBER,
    ),
    (
        "chain member that is a secret",
        |d| {
            set(
                d,
                "/keyVaultReferences/0/certificateChains/0/certificates/0",
                json!("einvoicing-sas"),
            )
        },
        "/keyVaultReferences/0/certificateChains/0/certificates/0",
        rule::CHAIN_MEMBER,
    ),
    (
        "chain member listed twice",
        |d| {
            push(
                d,
                "/keyVaultReferences/0/certificateChains/0/certificates",
                json!("ROOT-CA"),
            )
        },
        "/keyVaultReferences/0/certificateChains/0/certificates/3",
        rule::CHAIN_MEMBER,
    ),
    (
        "chain member of another reference",
        |d| {
            push(
                d,
                "/keyVaultReferences/1/certificateChains/0/certificates",
                json!("signing"),
            )
        },
        "/keyVaultReferences/1/certificateChains/0/certificates/0",
        rule::CHAIN_MEMBER,
    ),
    (
        "duplicate chain name",
        |d| {
            push(
                d,
                "/keyVaultReferences/0/certificateChains",
                json!({ "name": "CHAIN", "certificates": ["signing"] }),
            )
        },
        "/keyVaultReferences/0/certificateChains/1/name",
        rule::UNIQUE_NAME,
    ),
    (
        "chain member that is a chain",
        |d| {
            push(
                d,
                "/keyVaultReferences/0/certificateChains/0/certificates",
                json!("CHAIN"),
            )
        },
        "/keyVaultReferences/0/certificateChains/0/certificates/3",
        rule::CHAIN_MEMBER,
    ),
    (
        "connected application linking a missing environment",
        |d| {
            set(
                d,
                "/connectedApplications/0/environments/1",
                json!("STAGING"),
            )
        },
        "/connectedApplications/0/environments/1",
        rule::ENVIRONMENT_LINK,
    ),
    // the document
    (
        "newer version",
        |d| set(d, "/version", json!(3)),
        "/version",
        rule::VERSION,
    ),
    (
        "version that never existed",
        |d| set(d, "/version", json!(0)),
        "/version",
        rule::VERSION,
    ),
    (
        "version as text",
        |d| set(d, "/version", json!("2")),
        "/version",
        rule::VERSION,
    ),
    (
        "no version",
        |d| remove(d, "/version"),
        "/version",
        rule::VERSION,
    ),
    (
        "another format",
        |d| set(d, "/format", json!("einvoicing-console/settings")),
        "/format",
        rule::FORMAT,
    ),
    ("no format", |d| remove(d, "/format"), "", rule::FORMAT),
    (
        "a bare publish payload",
        |d| {
            *d = d
                .pointer("/environments/0/published/snapshot")
                .unwrap()
                .clone()
        },
        "",
        rule::FORMAT,
    ),
    (
        "a list of environments",
        |d| *d = d["environments"].clone(),
        "",
        rule::FORMAT,
    ),
    (
        "too many users in one list",
        |d| {
            let users: Vec<Value> = (0..=MAX_USERS)
                .map(|i| json!({ "userId": format!("u{i}"), "email": format!("u{i}@contoso.com") }))
                .collect();
            set(d, "/environments/1/users", Value::Array(users))
        },
        "/environments/1/users",
        rule::TOO_MANY_ITEMS,
    ),
];
