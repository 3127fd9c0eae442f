//! Fixtures shared by the model tests: the workspace of `publish-api.md`'s
//! example, built through the same operations the page uses.
#![allow(dead_code)]

use domain::answers::Revision;
use domain::model::*;
use domain::values::*;

pub fn reference_input(name: &str, uri: &str) -> KeyVaultReferenceInput {
    KeyVaultReferenceInput {
        name: Name::parse(name).unwrap(),
        description: Description::parse("").unwrap(),
        uri: KeyVaultUri::parse(uri).unwrap(),
    }
}

pub fn entry(name: &str, entry_type: EntryType) -> EntryInput {
    EntryInput {
        name: SecretName::parse(name).unwrap(),
        description: Description::parse("").unwrap(),
        entry_type,
    }
}

pub fn env_input(name: &str, description: &str) -> EnvironmentInput {
    EnvironmentInput {
        name: EnvironmentName::parse(name).unwrap(),
        description: Description::parse(description).unwrap(),
        dataverse_endpoint: None,
    }
}

pub fn chain_input(name: &str) -> ChainInput {
    ChainInput {
        name: Name::parse(name).unwrap(),
        description: Description::parse("").unwrap(),
    }
}

pub fn user(user_id: &str, email: &str) -> User {
    User {
        user_id: UserId::parse(user_id).unwrap(),
        email: Email::parse(email).unwrap(),
    }
}

pub fn sequence(name: &str, description: &str) -> NumberSequenceInput {
    NumberSequenceInput {
        name: SequenceName::parse(name).unwrap(),
        description: Description::parse(description).unwrap(),
    }
}

/// Ids of the example's objects.
pub struct Example {
    pub ws: Workspace,
    pub kv: Id,
    pub sas: Id,
    pub signing: Id,
    pub chain: Id,
    pub root: Id,
    pub issuing: Id,
    pub uat: Id,
}

/// The environment of `publish-api.md`'s example (the chain of
/// certificates `chain` lists `root-ca`, `issuing-ca` and `signing`,
/// Certificate entries of the same reference, as domain.md requires).
pub fn example() -> Example {
    let mut ws = Workspace::new();
    let kv = ws
        .add_reference(reference_input(
            "ContosoKV",
            "https://contoso-einvoicing.vault.azure.net/",
        ))
        .unwrap();
    let sas = ws
        .add_entry(kv, entry("einvoicing-sas", EntryType::Secret))
        .unwrap();
    let signing = ws
        .add_entry(kv, entry("signing", EntryType::Certificate))
        .unwrap();
    let chain = ws.add_chain(kv, chain_input("chain")).unwrap();
    let root = ws
        .add_entry(kv, entry("root-ca", EntryType::Certificate))
        .unwrap();
    let issuing = ws
        .add_entry(kv, entry("issuing-ca", EntryType::Certificate))
        .unwrap();
    ws.set_chain_members(kv, chain, vec![root, issuing, signing])
        .unwrap();
    let uat = ws
        .add_environment(env_input("UAT", "Validation before production"))
        .unwrap();
    ws.set_storage_sas_secret(
        uat,
        Some(SecretRef {
            reference: kv,
            entry: sas,
        }),
    )
    .unwrap();
    ws.add_user(uat, user("ana", "ana@contoso.com")).unwrap();
    ws.add_application(
        uat,
        ApplicationInput {
            name: Some(Name::parse("Contoso POS").unwrap()),
            tenant_id: Guid::parse("8c0f0b9e-1f5e-4c55-9d0a-3c1a1f2b3c4d").unwrap(),
            lcs_environment_id: Guid::parse("0f3a2b1c-4d5e-6f70-8192-a3b4c5d6e7f8").unwrap(),
            application_id: Guid::parse("3d2c1b0a-9f8e-7d6c-5b4a-392817160504").unwrap(),
            object_id: Guid::parse("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d").unwrap(),
            justification: Justification::parse("Submits invoices from the POS system").unwrap(),
        },
    )
    .unwrap();
    ws.add_number_sequence(uat, sequence("INV", "Invoice numbers"))
        .unwrap();
    Example {
        ws,
        kv,
        sas,
        signing,
        chain,
        root,
        issuing,
        uat,
    }
}

/// Records a successful publish (revision 1) of `env` as it is now.
pub fn publish(ws: &mut Workspace, env: Id) {
    let sent = ws.publish_payload(env).expect("publishable");
    ws.record_publication(
        env,
        Publication {
            revision: Revision::parse("1").unwrap(),
            published_at: "2026-11-21T10:00:00Z".into(),
            snapshot: sent,
            published_by: None,
        },
    )
    .unwrap();
}

/// A workspace with the Key Vault reference ContosoKV (no entries yet).
pub fn with_contoso_kv() -> (Workspace, Id) {
    let mut ws = Workspace::new();
    let kv = ws
        .add_reference(reference_input(
            "ContosoKV",
            "https://contoso-einvoicing.vault.azure.net/",
        ))
        .unwrap();
    (ws, kv)
}
