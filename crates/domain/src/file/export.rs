//! Writes a workspace as a workspace file: pretty JSON, in the workspace's
//! own order, objects referring to each other by name.
//!
//! The shapes below are the format (`docs/workspace-file.md`); their field
//! order is the order in the file. Every field is written, including empty
//! lists and `null`s, so a file shows what can be filled in.

use serde::Serialize;

use super::version::{FORMAT, VERSION};
use crate::auth::Scope;
use crate::model::{ConnectedApplication, KeyVaultReference, ServiceEnvironment, Workspace};
use crate::payload::EnvironmentPayload;
use crate::values::{EndpointUrl, RequestTimeout, ServiceEndpoint};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Document<'a> {
    format: &'static str,
    version: u64,
    key_vault_references: Vec<Reference<'a>>,
    environments: Vec<Environment<'a>>,
    connected_applications: Vec<Connected<'a>>,
    settings: Settings<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Reference<'a> {
    name: &'a str,
    description: &'a str,
    uri: &'a str,
    certificates: Vec<Entry<'a>>,
    certificate_chains: Vec<Chain<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Entry<'a> {
    name: &'a str,
    description: &'a str,
    #[serde(rename = "type")]
    entry_type: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Chain<'a> {
    name: &'a str,
    description: &'a str,
    /// Member names, root first.
    certificates: Vec<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Environment<'a> {
    name: &'a str,
    description: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    dataverse_endpoint_uri: Option<&'a str>,
    storage_sas_token_secret: Option<SasSecret<'a>>,
    key_vault_references: Vec<&'a str>,
    users: Vec<User<'a>>,
    applications: Vec<Application<'a>>,
    number_sequences: Vec<Sequence<'a>>,
    published: Option<Published<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SasSecret<'a> {
    key_vault_reference: &'a str,
    secret_name: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct User<'a> {
    user_id: &'a str,
    email: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Application<'a> {
    /// Absent for an application kept from a console that had no names.
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    tenant_id: &'a str,
    lcs_environment_id: &'a str,
    application_id: &'a str,
    object_id: &'a str,
    justification: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Sequence<'a> {
    name: &'a str,
    description: &'a str,
    in_use: bool,
    current: Option<u64>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Published<'a> {
    revision: &'a str,
    published_at: &'a str,
    snapshot: &'a EnvironmentPayload,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Connected<'a> {
    name: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    url: &'a str,
    tenant: &'a str,
    environments: Vec<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Settings<'a> {
    service_endpoint: Option<Endpoint<'a>>,
    /// Written only when it is not the default (30 s), so files of
    /// workspaces that never changed it read as before.
    #[serde(skip_serializing_if = "Option::is_none")]
    request_timeout_seconds: Option<u32>,
    /// Written only once sign-in is set up.
    #[serde(skip_serializing_if = "Option::is_none")]
    sign_in: Option<SignIn<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SignIn<'a> {
    tenant: &'a str,
    client_id: &'a str,
    /// Written only when it is not the service's `/.default`.
    #[serde(skip_serializing_if = "Option::is_none")]
    scope: Option<&'a str>,
    /// Written only when it is not public Azure's for the tenant.
    #[serde(skip_serializing_if = "Option::is_none")]
    authority: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Endpoint<'a> {
    Geography { geography: &'a str, il: u16 },
    Url { url: &'a str },
}

fn reference(r: &KeyVaultReference) -> Reference<'_> {
    Reference {
        name: r.name().as_str(),
        description: r.description().as_str(),
        uri: r.uri().as_str(),
        certificates: r
            .certificates()
            .iter()
            .map(|e| Entry {
                name: e.name().as_str(),
                description: e.description().as_str(),
                entry_type: e.entry_type().wire(),
            })
            .collect(),
        certificate_chains: r
            .chains()
            .iter()
            .map(|c| Chain {
                name: c.name().as_str(),
                description: c.description().as_str(),
                certificates: c
                    .members()
                    .iter()
                    .filter_map(|m| r.entry(*m))
                    .map(|m| m.name().as_str())
                    .collect(),
            })
            .collect(),
    }
}

fn environment<'a>(ws: &'a Workspace, env: &'a ServiceEnvironment) -> Environment<'a> {
    Environment {
        name: env.name().as_str(),
        description: env.description().as_str(),
        dataverse_endpoint_uri: env.dataverse_endpoint().map(|d| d.as_str()),
        storage_sas_token_secret: env.storage_sas_secret().and_then(|s| ws.resolve(s)).map(
            |(r, e)| SasSecret {
                key_vault_reference: r.name().as_str(),
                secret_name: e.name().as_str(),
            },
        ),
        key_vault_references: env
            .key_vault_references()
            .iter()
            .filter_map(|id| ws.reference(*id))
            .map(|r| r.name().as_str())
            .collect(),
        users: env
            .users()
            .iter()
            .map(|u| User {
                user_id: u.user_id.as_str(),
                email: u.email.as_str(),
            })
            .collect(),
        applications: env
            .applications()
            .iter()
            .map(|a| Application {
                name: a.name().map(|n| n.as_str()),
                tenant_id: a.tenant_id().as_str(),
                lcs_environment_id: a.lcs_environment_id().as_str(),
                application_id: a.application_id().as_str(),
                object_id: a.object_id().as_str(),
                justification: a.justification().as_str(),
            })
            .collect(),
        number_sequences: env
            .number_sequences()
            .iter()
            .map(|s| Sequence {
                name: s.name().as_str(),
                description: s.description().as_str(),
                in_use: s.in_use(),
                current: s.current(),
            })
            .collect(),
        published: env.publication().map(|p| Published {
            revision: p.revision.as_str(),
            published_at: &p.published_at,
            snapshot: &p.snapshot,
        }),
    }
}

fn connected<'a>(ws: &'a Workspace, app: &'a ConnectedApplication) -> Connected<'a> {
    Connected {
        name: app.name().as_str(),
        kind: ConnectedApplication::TYPE,
        url: app.url().as_str(),
        tenant: app.tenant().as_str(),
        environments: app
            .environments()
            .iter()
            .filter_map(|id| ws.environment(*id))
            .map(|e| e.name().as_str())
            .collect(),
    }
}

fn endpoint(endpoint: &ServiceEndpoint) -> Endpoint<'_> {
    match endpoint {
        ServiceEndpoint::Geography { code, il } => Endpoint::Geography {
            geography: code,
            il: *il,
        },
        ServiceEndpoint::Custom(url) => Endpoint::Url { url: url.as_str() },
    }
}

/// The workspace as a workspace file: pretty JSON (two-space indent, one
/// trailing newline), in the workspace's order.
pub fn export(ws: &Workspace) -> String {
    let document = Document {
        format: FORMAT,
        version: VERSION,
        key_vault_references: ws.key_vault_references().iter().map(reference).collect(),
        environments: ws
            .environments()
            .iter()
            .map(|e| environment(ws, e))
            .collect(),
        connected_applications: ws
            .connected_applications()
            .iter()
            .map(|a| connected(ws, a))
            .collect(),
        settings: Settings {
            service_endpoint: ws.settings().endpoint.as_ref().map(endpoint),
            request_timeout_seconds: Some(ws.settings().timeout)
                .filter(|t| *t != RequestTimeout::DEFAULT)
                .map(RequestTimeout::seconds),
            sign_in: ws.settings().sign_in.as_ref().map(|s| SignIn {
                tenant: s.tenant.as_str(),
                client_id: s.client_id.as_str(),
                scope: Some(s.scope.as_str()).filter(|_| s.scope != Scope::default()),
                authority: s.authority.as_ref().map(EndpointUrl::as_str),
            }),
        },
    };
    let mut text = serde_json::to_string_pretty(&document)
        .expect("a document of strings, numbers and lists always serialises");
    text.push('\n');
    text
}
