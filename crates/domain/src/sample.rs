//! The sample workspace behind "Try it with sample data": a realistic
//! Contoso set-up (UAT and PROD, a Key Vault reference with the storage SAS
//! secret and a chain of certificates, users, an application, number sequences
//! and a connected Finance instance) that a newcomer can explore and edit
//! before touching their own work.
//!
//! It is built only through the [`Workspace`]'s public operations, the same
//! ones the pages call, so it is valid by construction and can never drift
//! from the rules: a sample that broke a rule would fail to build (and its
//! tests), never reach the page as an invalid workspace. It is the same on
//! every call (no clock, no randomness), so "Reset the sample" always gives
//! back exactly what was first shown. Every name, address and GUID is
//! fictitious (Contoso, `contoso.com`); nothing in it is a secret value,
//! only the names of secrets in a vault.
//!
//! The console keeps it apart from the administrator's own workspace (its
//! own storage key) and never sends it to a service
//! ([`crate::publish::DestinationRefused::SampleWorkspace`]).

use crate::model::{
    ApplicationInput, ChainInput, ConnectedApplicationInput, EntryInput, EntryType,
    EnvironmentInput, Id, KeyVaultReferenceInput, NumberSequenceInput, SecretRef, User, Workspace,
    WorkspaceError,
};
use crate::values::{
    ApplicationUrl, Description, Email, EnvironmentName, Guid, Justification, KeyVaultUri, Name,
    SecretName, SequenceName, Tenant, UserId,
};

/// The sample's Key Vault reference.
pub const KEY_VAULT: &str = "ContosoKV";
/// The Key Vault secret that holds the storage account's SAS URL.
pub const SAS_SECRET: &str = "contoso-storage-sas";
/// The chain of certificates (root, intermediate, signing certificate).
pub const CHAIN: &str = "contoso-signing-chain";
/// The sample's environments.
pub const ENVIRONMENTS: [&str; 2] = ["UAT", "PROD"];

/// The sample workspace (the same on every call).
pub fn sample_workspace() -> Workspace {
    build().expect("the sample workspace follows every rule of the workspace")
}

/// A value the sample writes as a literal; its rules are the value's own.
fn value<T, E: std::fmt::Debug>(parse: impl FnOnce(&str) -> Result<T, E>, text: &str) -> T {
    parse(text).unwrap_or_else(|e| panic!("the sample's {text:?} is not valid: {e:?}"))
}

fn description(text: &str) -> Description {
    value(Description::parse, text)
}

fn entry(name: &str, about: &str, entry_type: EntryType) -> EntryInput {
    EntryInput {
        name: value(SecretName::parse, name),
        description: description(about),
        entry_type,
    }
}

fn environment(name: &str, about: &str) -> EnvironmentInput {
    EnvironmentInput {
        name: value(EnvironmentName::parse, name),
        description: description(about),
        dataverse_endpoint: None,
    }
}

fn user(alias: &str) -> User {
    User {
        user_id: value(UserId::parse, alias),
        email: value(Email::parse, &format!("{alias}@contoso.com")),
    }
}

fn sequence(name: &str, about: &str) -> NumberSequenceInput {
    NumberSequenceInput {
        name: value(SequenceName::parse, name),
        description: description(about),
    }
}

fn guid(text: &str) -> Guid {
    value(Guid::parse, text)
}

fn build() -> Result<Workspace, WorkspaceError> {
    let mut ws = Workspace::new();

    // Key Vault parameters: the SAS secret and a signing certificate with
    // its chain, root first.
    let kv = ws.add_reference(KeyVaultReferenceInput {
        name: value(Name::parse, KEY_VAULT),
        description: description("Contoso's Key Vault for Electronic invoicing (West Europe)"),
        uri: value(
            KeyVaultUri::parse,
            "https://contoso-einvoicing.vault.azure.net/",
        ),
    })?;
    let sas = ws.add_entry(
        kv,
        entry(
            SAS_SECRET,
            "SAS URL of the storage account that holds the service's files",
            EntryType::Secret,
        ),
    )?;
    let root = ws.add_entry(
        kv,
        entry(
            "contoso-root-ca",
            "Contoso Root CA (public part, stored as a secret)",
            EntryType::Certificate,
        ),
    )?;
    let intermediate = ws.add_entry(
        kv,
        entry(
            "contoso-issuing-ca",
            "Contoso Issuing CA 01, the intermediate",
            EntryType::Certificate,
        ),
    )?;
    let signing = ws.add_entry(
        kv,
        entry(
            "contoso-einvoice-signing",
            "Signs the electronic invoices Contoso submits",
            EntryType::Certificate,
        ),
    )?;
    let chain = ws.add_chain(
        kv,
        ChainInput {
            name: value(Name::parse, CHAIN),
            description: description("Root, intermediate and signing certificate, in order"),
        },
    )?;
    ws.set_chain_members(kv, chain, vec![root, intermediate, signing])?;
    let secret = Some(SecretRef {
        reference: kv,
        entry: sas,
    });

    // Service environments: UAT first, then production.
    let uat = ws.add_environment(environment(
        "UAT",
        "User acceptance testing: invoices are validated, never sent to the tax authority",
    ))?;
    ws.set_storage_sas_secret(uat, secret)?;
    for alias in ["adele.vance", "diego.siciliani", "megan.bowen"] {
        ws.add_user(uat, user(alias))?;
    }
    ws.add_application(
        uat,
        ApplicationInput {
            name: Some(value(Name::parse, "Contoso POS")),
            tenant_id: guid("6f1c4a2e-8b3d-4e5f-9a7b-2c1d0e9f8a7b"),
            lcs_environment_id: guid("3b7e9d15-2a4c-4f68-b1d3-5e7f9a0c2b4d"),
            application_id: guid("9d4e2f61-7c3b-4a85-8e1f-0b2d4c6a8e9f"),
            object_id: guid("c2a8e4f6-1b3d-4c5e-a7f9-8d0b2e4f6a1c"),
            justification: value(
                Justification::parse,
                "Contoso's point-of-sale system submits its receipts as invoices for validation in UAT.",
            ),
        },
    )?;
    ws.add_number_sequence(uat, sequence("INV-UAT", "Customer invoices"))?;
    ws.add_number_sequence(uat, sequence("CRN-UAT", "Credit notes"))?;

    let prod = ws.add_environment(environment(
        "PROD",
        "Production: invoices go to the tax authority",
    ))?;
    ws.set_storage_sas_secret(prod, secret)?;
    for alias in ["adele.vance", "lynne.robbins"] {
        ws.add_user(prod, user(alias))?;
    }
    ws.add_number_sequence(prod, sequence("INV", "Customer invoices"))?;

    // The Finance instance that uses UAT.
    let finance = ws.add_connected_application(ConnectedApplicationInput {
        name: value(Name::parse, "Contoso Finance UAT"),
        url: value(
            ApplicationUrl::parse,
            "https://contoso-uat.operations.dynamics.com",
        ),
        tenant: value(Tenant::parse, "contoso.onmicrosoft.com"),
    })?;
    ws.link_environment(finance, uat)?;
    Ok(ws)
}

/// The sample's environment ids, in order (for tests and callers that
/// want to open one).
pub fn environment_ids(ws: &Workspace) -> Vec<Id> {
    ENVIRONMENTS
        .iter()
        .filter_map(|name| ws.environment_by_name(name).map(|e| e.id()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::file::{export, import};
    use crate::model::Settings;
    use crate::status::Status;

    #[test]
    fn it_follows_every_rule_and_both_environments_could_be_published() {
        let ws = sample_workspace();
        assert_eq!(ws.check(), Ok(()));
        let ids = environment_ids(&ws);
        assert_eq!(ids.len(), 2);
        for id in ids {
            assert_eq!(ws.problems(id), Vec::new(), "{:?}", ws.environment(id));
            assert!(ws.publish_payload(id).is_ok());
            assert_eq!(ws.status(id), Some(Status::NotPublished));
        }
    }

    #[test]
    fn it_has_everything_the_issue_lists() {
        let ws = sample_workspace();
        // A Key Vault reference with the SAS secret and a chain of certificates,
        // root first.
        let kv = ws
            .reference_by_name(KEY_VAULT)
            .expect("the Key Vault reference");
        assert_eq!(
            kv.uri().to_string(),
            "https://contoso-einvoicing.vault.azure.net/"
        );
        let by_name = |name: &str| {
            kv.certificates()
                .iter()
                .find(|e| e.name().as_str() == name)
                .unwrap_or_else(|| panic!("{name}"))
        };
        assert_eq!(by_name(SAS_SECRET).entry_type(), EntryType::Secret);
        let chain = kv
            .chains()
            .iter()
            .find(|c| c.name().as_str() == CHAIN)
            .expect("the chain of certificates");
        let members: Vec<&str> = chain
            .members()
            .iter()
            .map(|id| kv.entry(*id).unwrap().name().as_str())
            .collect();
        assert_eq!(
            members,
            [
                "contoso-root-ca",
                "contoso-issuing-ca",
                "contoso-einvoice-signing"
            ]
        );

        // UAT and PROD, each with the SAS secret and users; UAT with an
        // application and number sequences.
        let names: Vec<&str> = ws
            .environments()
            .iter()
            .map(|e| e.name().as_str())
            .collect();
        assert_eq!(names, ENVIRONMENTS);
        for env in ws.environments() {
            let (reference, secret) = ws.resolve(env.storage_sas_secret().unwrap()).unwrap();
            assert_eq!(
                (reference.name().as_str(), secret.name().as_str()),
                (KEY_VAULT, SAS_SECRET)
            );
            assert!(!env.description().as_str().is_empty());
            assert!(env.users().len() >= 2, "{}", env.name());
            assert!(env
                .users()
                .iter()
                .all(|u| u.email.as_str().ends_with("@contoso.com")));
        }
        let uat = ws.environment_by_name("UAT").unwrap();
        assert_eq!(uat.applications().len(), 1);
        assert!(!uat.applications()[0].justification().as_str().is_empty());
        assert_eq!(uat.number_sequences().len(), 2);

        // A connected Finance instance linked to UAT.
        let [finance] = ws.connected_applications() else {
            panic!("one connected application");
        };
        assert_eq!(
            finance.url().to_string(),
            "https://contoso-uat.operations.dynamics.com/"
        );
        assert_eq!(finance.tenant().to_string(), "contoso.onmicrosoft.com");
        assert_eq!(finance.environments(), [uat.id()]);

        // Settings as a new workspace has them.
        assert_eq!(ws.settings(), &Settings::default());
    }

    #[test]
    fn it_is_the_same_on_every_call() {
        assert_eq!(sample_workspace(), sample_workspace());
        assert_eq!(export(&sample_workspace()), export(&sample_workspace()));
    }

    #[test]
    fn it_round_trips_through_the_workspace_file() {
        let ws = sample_workspace();
        let text = export(&ws);
        let back = import(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(export(&back), text);
        // Built in the file's order, so even the ids come back the same.
        assert_eq!(back, ws);
    }
}
