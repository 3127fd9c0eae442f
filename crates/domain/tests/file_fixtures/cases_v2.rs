//! Crafted bad files for what version 2 added, one broken value or shape
//! each, with the one problem each causes: chains of certificates, the
//! Dataverse endpoint URI, application names, the Managed HSM refusal, and
//! snapshots of either contract version; `file_rules.rs` runs the table.

use domain::file::rule;
use serde_json::json;

use super::edit::{remove, rename, set, Case};

pub const CASES: &[Case] = &[
    (
        "chain name over 100 characters",
        |d| {
            set(
                d,
                "/keyVaultReferences/0/certificateChains/0/name",
                json!("c".repeat(101)),
            )
        },
        "/keyVaultReferences/0/certificateChains/0/name",
        rule::NAME,
    ),
    (
        "chain without a name",
        |d| remove(d, "/keyVaultReferences/0/certificateChains/0/name"),
        "/keyVaultReferences/0/certificateChains/0/name",
        rule::REQUIRED,
    ),
    (
        "chain members that are not a list",
        |d| {
            set(
                d,
                "/keyVaultReferences/0/certificateChains/0/certificates",
                json!("root-ca"),
            )
        },
        "/keyVaultReferences/0/certificateChains/0/certificates",
        rule::TYPE,
    ),
    (
        "chain member that is not a Key Vault name",
        |d| {
            set(
                d,
                "/keyVaultReferences/0/certificateChains/0/certificates/2",
                json!("my signing"),
            )
        },
        "/keyVaultReferences/0/certificateChains/0/certificates/2",
        rule::SECRET_NAME,
    ),
    (
        "chains that are not a list",
        |d| set(d, "/keyVaultReferences/1/certificateChains", json!({})),
        "/keyVaultReferences/1/certificateChains",
        rule::TYPE,
    ),
    (
        "a field a chain does not have (version 1's chain)",
        |d| {
            rename(
                d,
                "/keyVaultReferences/0/certificateChains/0/certificates",
                "chain",
            )
        },
        "/keyVaultReferences/0/certificateChains/0/chain",
        rule::UNKNOWN_FIELD,
    ),
    (
        "version 1's chain type on an entry",
        |d| {
            set(
                d,
                "/keyVaultReferences/0/certificates/1/type",
                json!("certificateChain"),
            )
        },
        "/keyVaultReferences/0/certificates/1/type",
        rule::ENTRY_TYPE,
    ),
    (
        "a Managed HSM's URI",
        |d| {
            set(
                d,
                "/keyVaultReferences/1/uri",
                json!("https://contoso-hsm.managedhsm.azure.net/"),
            )
        },
        "/keyVaultReferences/1/uri",
        rule::KEY_VAULT_URI,
    ),
    (
        "Dataverse endpoint URI without the Web API path",
        |d| {
            set(
                d,
                "/environments/2/dataverseEndpointUri",
                json!("https://contoso-dev.crm4.dynamics.com/"),
            )
        },
        "/environments/2/dataverseEndpointUri",
        rule::DATAVERSE_URI,
    ),
    (
        "Dataverse endpoint URI over http",
        |d| {
            set(
                d,
                "/environments/1/dataverseEndpointUri",
                json!("http://contoso.crm.dynamics.com/api/data/v9.1/"),
            )
        },
        "/environments/1/dataverseEndpointUri",
        rule::DATAVERSE_URI,
    ),
    (
        "Dataverse endpoint URI as a number",
        |d| set(d, "/environments/1/dataverseEndpointUri", json!(9.1)),
        "/environments/1/dataverseEndpointUri",
        rule::TYPE,
    ),
    (
        "application name over 100 characters",
        |d| {
            set(
                d,
                "/environments/0/applications/0/name",
                json!("P".repeat(101)),
            )
        },
        "/environments/0/applications/0/name",
        rule::NAME,
    ),
    (
        "empty application name",
        |d| set(d, "/environments/1/applications/0/name", json!(" ")),
        "/environments/1/applications/0/name",
        rule::NAME,
    ),
    // Version 2 snapshots.
    (
        "snapshot with a bad Dataverse endpoint URI",
        |d| {
            set(
                d,
                "/environments/2/published/snapshot/dataverseEndpointUri",
                json!("https://contoso-dev.crm4.dynamics.com/api/data/v8.2/"),
            )
        },
        "/environments/2/published/snapshot/dataverseEndpointUri",
        rule::DATAVERSE_URI,
    ),
    (
        "version 2 snapshot application without a name",
        |d| remove(d, "/environments/0/published/snapshot/applications/0/name"),
        "/environments/0/published/snapshot/applications/0/name",
        rule::REQUIRED,
    ),
    (
        "version 2 snapshot reference without chains",
        |d| {
            remove(
                d,
                "/environments/0/published/snapshot/keyVaultReferences/0/certificateChains",
            )
        },
        "/environments/0/published/snapshot/keyVaultReferences/0/certificateChains",
        rule::REQUIRED,
    ),
    (
        "version 2 snapshot with version 1's chain entry",
        |d| {
            set(
                d,
                "/environments/0/published/snapshot/keyVaultReferences/0/certificates/1/type",
                json!("certificateChain"),
            )
        },
        "/environments/0/published/snapshot/keyVaultReferences/0/certificates/1/type",
        rule::ENTRY_TYPE,
    ),
    (
        "snapshot chain with a bad name",
        |d| {
            set(
                d,
                "/environments/0/published/snapshot/keyVaultReferences/0/certificateChains/0/name",
                json!(""),
            )
        },
        "/environments/0/published/snapshot/keyVaultReferences/0/certificateChains/0/name",
        rule::NAME,
    ),
    (
        "snapshot chain member that is not a Key Vault name",
        |d| {
            set(
                d,
                "/environments/0/published/snapshot/keyVaultReferences/0/certificateChains/0/certificates/0",
                json!("root ca"),
            )
        },
        "/environments/0/published/snapshot/keyVaultReferences/0/certificateChains/0/certificates/0",
        rule::SECRET_NAME,
    ),
    (
        "version 1 snapshot with a version 2 field",
        |d| {
            set(d, "/environments/2/published/snapshot/schemaVersion", json!(1));
        },
        "/environments/2/published/snapshot/dataverseEndpointUri",
        rule::UNKNOWN_FIELD,
    ),
];
