//! Crafted bad files, one broken value or shape each, with the one problem
//! each causes: (what, how the file is broken, pointer, rule). The values
//! go through their constructors; `file_rules.rs` runs the table.

use domain::file::rule;
use serde_json::json;

use super::edit::{push, remove, rename, set, Case};

pub const CASES: &[Case] = &[
    // What cannot be read by name is not reported again where it is named.
    (
        "entries that are not a list",
        |d| set(d, "/keyVaultReferences/0/certificates", json!({})),
        "/keyVaultReferences/0/certificates",
        rule::TYPE,
    ),
    (
        "an entry without a name",
        |d| remove(d, "/keyVaultReferences/0/certificates/0/name"),
        "/keyVaultReferences/0/certificates/0/name",
        rule::REQUIRED,
    ),
    (
        "a reference without a name",
        |d| remove(d, "/keyVaultReferences/1/name"),
        "/keyVaultReferences/1/name",
        rule::REQUIRED,
    ),
    (
        "an environment that is not an object",
        |d| set(d, "/environments/1", json!("PROD")),
        "/environments/1",
        rule::TYPE,
    ),
    (
        "wrong type",
        |d| set(d, "/environments/0/users/0/email", json!(42)),
        "/environments/0/users/0/email",
        rule::TYPE,
    ),
    (
        "a list that is not a list",
        |d| set(d, "/environments/1/numberSequences", json!({})),
        "/environments/1/numberSequences",
        rule::TYPE,
    ),
    (
        "missing field",
        |d| remove(d, "/environments/0/users/0/email"),
        "/environments/0/users/0/email",
        rule::REQUIRED,
    ),
    (
        "unknown field (a typo)",
        |d| rename(d, "/environments/1/users", "usres"),
        "/environments/1/usres",
        rule::UNKNOWN_FIELD,
    ),
    (
        "unknown top-level field",
        |d| d["status"] = json!("Published"),
        "/status",
        rule::UNKNOWN_FIELD,
    ),
    (
        "bad Key Vault URI",
        |d| {
            set(
                d,
                "/keyVaultReferences/0/uri",
                json!("http://contoso-einvoicing.vault.azure.net/"),
            )
        },
        "/keyVaultReferences/0/uri",
        rule::KEY_VAULT_URI,
    ),
    (
        "bad email",
        |d| set(d, "/environments/0/users/0/email", json!("ana@")),
        "/environments/0/users/0/email",
        rule::EMAIL,
    ),
    (
        "bad user id",
        |d| {
            set(
                d,
                "/environments/0/users/0/userId",
                json!("ana@contoso.com"),
            )
        },
        "/environments/0/users/0/userId",
        rule::USER_ID,
    ),
    (
        "bad GUID",
        |d| {
            set(
                d,
                "/environments/0/applications/0/tenantId",
                json!("8c0f0b9e"),
            )
        },
        "/environments/0/applications/0/tenantId",
        rule::GUID,
    ),
    (
        "empty justification",
        |d| {
            set(
                d,
                "/environments/0/applications/0/justification",
                json!(" "),
            )
        },
        "/environments/0/applications/0/justification",
        rule::JUSTIFICATION,
    ),
    (
        "bad environment name",
        |d| set(d, "/environments/2/name", json!("DEV 2")),
        "/environments/2/name",
        rule::ENVIRONMENT_NAME,
    ),
    (
        "bad reference name",
        |d| {
            push(
                d,
                "/keyVaultReferences",
                json!({ "name": "", "uri": "https://third.vault.azure.net/" }),
            )
        },
        "/keyVaultReferences/2/name",
        rule::NAME,
    ),
    (
        "bad description",
        |d| set(d, "/environments/1/description", json!("tab\there")),
        "/environments/1/description",
        rule::DESCRIPTION,
    ),
    (
        "bad secret name",
        |d| {
            push(
                d,
                "/keyVaultReferences/0/certificates",
                json!({ "name": "my secret", "type": "secret" }),
            )
        },
        "/keyVaultReferences/0/certificates/4/name",
        rule::SECRET_NAME,
    ),
    (
        "secret value instead of a name",
        |d| {
            push(
                d,
                "/keyVaultReferences/0/certificates",
                json!({ "name": "sv=2022-11-02&se=2026&sig=abc", "type": "secret" }),
            )
        },
        "/keyVaultReferences/0/certificates/4/name",
        rule::SECRET_NAME,
    ),
    (
        "bad entry type",
        |d| set(d, "/keyVaultReferences/1/certificates/0/type", json!("key")),
        "/keyVaultReferences/1/certificates/0/type",
        rule::ENTRY_TYPE,
    ),
    (
        "bad sequence name",
        |d| set(d, "/environments/1/numberSequences/1/name", json!("")),
        "/environments/1/numberSequences/1/name",
        rule::SEQUENCE_NAME,
    ),
    (
        "negative current value",
        |d| set(d, "/environments/1/numberSequences/0/current", json!(-1)),
        "/environments/1/numberSequences/0/current",
        rule::TYPE,
    ),
    (
        "bad tenant",
        |d| set(d, "/connectedApplications/0/tenant", json!("contoso")),
        "/connectedApplications/0/tenant",
        rule::TENANT,
    ),
    (
        "bad application URL",
        |d| {
            set(
                d,
                "/connectedApplications/1/url",
                json!("http://sandbox.example.com/"),
            )
        },
        "/connectedApplications/1/url",
        rule::APPLICATION_URL,
    ),
    (
        "connected application of another type",
        |d| {
            set(
                d,
                "/connectedApplications/0/type",
                json!("Dynamics 365 Sales"),
            )
        },
        "/connectedApplications/0/type",
        rule::CONNECTED_APPLICATION_TYPE,
    ),
    (
        "unknown geography",
        |d| {
            set(
                d,
                "/settings/serviceEndpoint",
                json!({ "geography": "xx", "il": 101 }),
            )
        },
        "/settings/serviceEndpoint/geography",
        rule::ENDPOINT,
    ),
    (
        "unknown instance",
        |d| {
            set(
                d,
                "/settings/serviceEndpoint",
                json!({ "geography": "eu", "il": 111 }),
            )
        },
        "/settings/serviceEndpoint/il",
        rule::ENDPOINT,
    ),
    (
        "instance as text",
        |d| {
            set(
                d,
                "/settings/serviceEndpoint",
                json!({ "geography": "eu", "il": "101" }),
            )
        },
        "/settings/serviceEndpoint/il",
        rule::TYPE,
    ),
    (
        "endpoint given both ways",
        |d| {
            set(
                d,
                "/settings/serviceEndpoint",
                json!({ "geography": "eu", "il": 101, "url": "https://x.contoso.com/" }),
            )
        },
        "/settings/serviceEndpoint",
        rule::ENDPOINT,
    ),
    (
        "endpoint given neither way",
        |d| set(d, "/settings/serviceEndpoint", json!({})),
        "/settings/serviceEndpoint",
        rule::REQUIRED,
    ),
    (
        "bad endpoint URL",
        |d| {
            set(
                d,
                "/settings/serviceEndpoint/url",
                json!("http://gateway.contoso.com/"),
            )
        },
        "/settings/serviceEndpoint/url",
        rule::ENDPOINT_URL,
    ),
    (
        "wait beyond 300 seconds",
        |d| set(d, "/settings/requestTimeoutSeconds", json!(301)),
        "/settings/requestTimeoutSeconds",
        rule::REQUEST_TIMEOUT,
    ),
    (
        "sign-in tenant that is neither a GUID nor a domain",
        |d| {
            set(
                d,
                "/settings/signIn",
                json!({ "tenant": "not a tenant", "clientId": "11111111-2222-4333-8444-555555555555" }),
            )
        },
        "/settings/signIn/tenant",
        rule::TENANT,
    ),
    (
        "sign-in client ID that is not a GUID",
        |d| {
            set(
                d,
                "/settings/signIn",
                json!({ "tenant": "contoso.onmicrosoft.com", "clientId": "my-app" }),
            )
        },
        "/settings/signIn/clientId",
        rule::GUID,
    ),
    (
        "sign-in without a client ID",
        |d| {
            set(
                d,
                "/settings/signIn",
                json!({ "tenant": "contoso.onmicrosoft.com" }),
            )
        },
        "/settings/signIn/clientId",
        rule::REQUIRED,
    ),
    (
        "sign-in scope with a quote",
        |d| {
            set(
                d,
                "/settings/signIn",
                json!({ "tenant": "contoso.onmicrosoft.com", "clientId": "11111111-2222-4333-8444-555555555555", "scope": "a\"b" }),
            )
        },
        "/settings/signIn/scope",
        rule::SIGN_IN_SCOPE,
    ),
    (
        "sign-in authority over http to another host",
        |d| {
            set(
                d,
                "/settings/signIn",
                json!({ "tenant": "contoso.onmicrosoft.com", "clientId": "11111111-2222-4333-8444-555555555555", "authority": "http://login.contoso.com/" }),
            )
        },
        "/settings/signIn/authority",
        rule::SIGN_IN_AUTHORITY,
    ),
    (
        "a sign-in field the console does not know",
        |d| {
            set(
                d,
                "/settings/signIn",
                json!({ "tenant": "contoso.onmicrosoft.com", "clientId": "11111111-2222-4333-8444-555555555555", "clientSecret": "x" }),
            )
        },
        "/settings/signIn/clientSecret",
        rule::UNKNOWN_FIELD,
    ),
    (
        "wait as text",
        |d| set(d, "/settings/requestTimeoutSeconds", json!("30")),
        "/settings/requestTimeoutSeconds",
        rule::TYPE,
    ),
    (
        "bad revision",
        |d| set(d, "/environments/0/published/revision", json!("\"7\"")),
        "/environments/0/published/revision",
        rule::REVISION,
    ),
    (
        "bad publication time",
        |d| set(d, "/environments/0/published/publishedAt", json!("")),
        "/environments/0/published/publishedAt",
        rule::PUBLISHED_AT,
    ),
    (
        "snapshot of another contract version",
        |d| {
            set(
                d,
                "/environments/0/published/snapshot/schemaVersion",
                json!(3),
            )
        },
        "/environments/0/published/snapshot/schemaVersion",
        rule::SCHEMA_VERSION,
    ),
    (
        "bad value in a snapshot",
        |d| {
            set(
                d,
                "/environments/0/published/snapshot/users/0/email",
                json!("ana"),
            )
        },
        "/environments/0/published/snapshot/users/0/email",
        rule::EMAIL,
    ),
    (
        "missing field in a snapshot",
        |d| remove(d, "/environments/0/published/snapshot/applications"),
        "/environments/0/published/snapshot/applications",
        rule::REQUIRED,
    ),
];
