//! The stable codes that name the rule a [`FileProblem`](super::FileProblem)
//! broke.
//!
//! A pipeline may match on them, so a code never changes meaning; the
//! message beside it may be reworded. `docs/workspace-file.md` lists them
//! all, and a test checks that it does.

// ----- the text as a whole -------------------------------------------------

/// The text is not JSON (or is empty).
pub const JSON: &str = "json";
/// The text is over [`super::MAX_BYTES`].
pub const TOO_LARGE: &str = "too-large";
/// Arrays and objects nest deeper than [`super::MAX_DEPTH`].
pub const TOO_DEEP: &str = "too-deep";
/// More than [`super::MAX_ITEMS`] values in total, or more than
/// [`super::MAX_LIST_ITEMS`] in one list.
pub const TOO_MANY_ITEMS: &str = "too-many-items";
/// An object names the same field twice (a JSON reader would keep only
/// the last one).
pub const DUPLICATE_FIELD: &str = "duplicate-field";
/// Not a workspace file (no or another `format`; a bare publish payload).
pub const FORMAT: &str = "format";
/// A missing, malformed, unknown or newer `version`.
pub const VERSION: &str = "version";

// ----- shape -------------------------------------------------------------

/// A value of the wrong JSON type ("expected a string, found a number").
pub const TYPE: &str = "type";
/// A required field is missing.
pub const REQUIRED: &str = "required";
/// A field the format does not have (a typo such as `usres`).
pub const UNKNOWN_FIELD: &str = "unknown-field";

// ----- values (each the constructor's rule) --------------------------------

/// A name under the console's general Name rule: a Key Vault reference's,
/// a chain of certificates', an application's or a connected application's.
pub const NAME: &str = "name";
pub const DESCRIPTION: &str = "description";
pub const KEY_VAULT_URI: &str = "key-vault-uri";
/// The name of a secret or certificate in a Key Vault.
pub const SECRET_NAME: &str = "secret-name";
/// An entry's `type`: `secret` or `certificate`.
pub const ENTRY_TYPE: &str = "entry-type";
pub const ENVIRONMENT_NAME: &str = "environment-name";
/// An environment's Dataverse endpoint URI (also in a snapshot).
pub const DATAVERSE_URI: &str = "dataverse-uri";
pub const USER_ID: &str = "user-id";
pub const EMAIL: &str = "email";
/// Tenant, LCS environment, application and object IDs.
pub const GUID: &str = "guid";
pub const JUSTIFICATION: &str = "justification";
pub const SEQUENCE_NAME: &str = "sequence-name";
/// A connected application's tenant (GUID or verified domain).
pub const TENANT: &str = "tenant";
/// A connected application's URL.
pub const APPLICATION_URL: &str = "application-url";
/// A connected application's `type` other than Dynamics 365 Finance.
pub const CONNECTED_APPLICATION_TYPE: &str = "connected-application-type";
/// A geography or instance number not in the catalogue, or an endpoint
/// given both ways.
pub const ENDPOINT: &str = "endpoint";
/// An entered service endpoint URL.
pub const ENDPOINT_URL: &str = "endpoint-url";
/// How long Publish waits for the service, in seconds.
pub const REQUEST_TIMEOUT: &str = "request-timeout";
/// Sign-in's scope (space-separated OAuth scopes).
pub const SIGN_IN_SCOPE: &str = "sign-in-scope";
/// Sign-in's authority URL.
pub const SIGN_IN_AUTHORITY: &str = "sign-in-authority";
/// A published revision.
pub const REVISION: &str = "revision";
/// A publication's `publishedAt`.
pub const PUBLISHED_AT: &str = "published-at";
/// A published snapshot's `schemaVersion` that no contract version this
/// console reads has.
pub const SCHEMA_VERSION: &str = "schema-version";

// ----- rules across objects (each a workspace operation's) ------------------

/// Two Key Vault references, entries of one reference, chains of one
/// reference, environments, number sequences of one environment or
/// connected applications with the same name (case-insensitive); a name
/// listed twice.
pub const UNIQUE_NAME: &str = "unique-name";
/// A User ID or Email listed twice in one environment (case-insensitive).
pub const UNIQUE_USER: &str = "unique-user";
/// An Application (client) ID listed twice in one environment.
pub const UNIQUE_APPLICATION: &str = "unique-application";
/// The Storage SAS token secret names a missing reference or entry, or an
/// entry that is not a Secret.
pub const SAS_SECRET_REFERENCE: &str = "sas-secret-reference";
/// An environment's `keyVaultReferences` names a missing reference.
pub const KEY_VAULT_REFERENCE: &str = "key-vault-reference";
/// A chain member that is missing, not a Certificate of the same
/// reference, or listed twice.
pub const CHAIN_MEMBER: &str = "chain-member";
/// A connected application links an environment the file does not have.
pub const ENVIRONMENT_LINK: &str = "environment-link";
/// A workspace operation refused an item for a reason no file can cause
/// (kept so that every refusal has a code).
pub const WORKSPACE: &str = "workspace";

// ----- readiness (reported by validators, never by import) -----------------

/// An environment that is valid but cannot be published yet (no Storage SAS
/// token secret, no users, an empty chain of certificates, an application
/// without a name).
pub const PUBLISH: &str = "publish";

/// Every code, for documentation checks.
pub const ALL: &[&str] = &[
    JSON,
    TOO_LARGE,
    TOO_DEEP,
    TOO_MANY_ITEMS,
    DUPLICATE_FIELD,
    FORMAT,
    VERSION,
    TYPE,
    REQUIRED,
    UNKNOWN_FIELD,
    NAME,
    DESCRIPTION,
    KEY_VAULT_URI,
    SECRET_NAME,
    ENTRY_TYPE,
    ENVIRONMENT_NAME,
    DATAVERSE_URI,
    USER_ID,
    EMAIL,
    GUID,
    JUSTIFICATION,
    SEQUENCE_NAME,
    TENANT,
    APPLICATION_URL,
    CONNECTED_APPLICATION_TYPE,
    ENDPOINT,
    ENDPOINT_URL,
    REQUEST_TIMEOUT,
    SIGN_IN_SCOPE,
    SIGN_IN_AUTHORITY,
    REVISION,
    PUBLISHED_AT,
    SCHEMA_VERSION,
    UNIQUE_NAME,
    UNIQUE_USER,
    UNIQUE_APPLICATION,
    SAS_SECRET_REFERENCE,
    KEY_VAULT_REFERENCE,
    CHAIN_MEMBER,
    ENVIRONMENT_LINK,
    WORKSPACE,
    PUBLISH,
];
