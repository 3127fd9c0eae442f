//! Cross-object rules kept by the workspace's operations: uniqueness
//! (case-insensitive), referential integrity, chains, in-use sequences.

mod common;

use domain::model::*;
use domain::values::*;

#[test]
fn names_are_unique_without_regard_to_case() {
    let mut ex = common::example();
    let err = ex
        .ws
        .add_reference(common::reference_input(
            "contosokv",
            "https://other-kv.vault.azure.net/",
        ))
        .unwrap_err();
    assert!(matches!(err, WorkspaceError::DuplicateReferenceName { .. }));
    assert!(err.to_string().contains("'contosokv'"));

    let err = ex
        .ws
        .add_entry(ex.kv, common::entry("EINVOICING-SAS", EntryType::Secret))
        .unwrap_err();
    assert!(matches!(err, WorkspaceError::DuplicateEntryName { .. }));

    let err = ex
        .ws
        .add_environment(common::env_input("uat", ""))
        .unwrap_err();
    assert!(matches!(
        err,
        WorkspaceError::DuplicateEnvironmentName { .. }
    ));

    let err = ex
        .ws
        .add_user(ex.uat, common::user("ANA", "other@contoso.com"))
        .unwrap_err();
    assert!(matches!(err, WorkspaceError::DuplicateUserId { .. }));
    let err = ex
        .ws
        .add_user(ex.uat, common::user("other", "Ana@Contoso.com"))
        .unwrap_err();
    assert!(matches!(err, WorkspaceError::DuplicateEmail { .. }));

    let err = ex
        .ws
        .add_number_sequence(ex.uat, common::sequence("inv", ""))
        .unwrap_err();
    assert!(matches!(err, WorkspaceError::DuplicateSequenceName { .. }));

    // Renaming to one's own name (in another case) is not a duplicate.
    ex.ws
        .update_reference(
            ex.kv,
            common::reference_input("CONTOSOKV", "https://contoso-einvoicing.vault.azure.net/"),
        )
        .unwrap();
}

#[test]
fn the_same_application_is_listed_once() {
    let mut ex = common::example();
    let existing = ex.ws.environment(ex.uat).unwrap().applications()[0].clone();
    let err = ex
        .ws
        .add_application(
            ex.uat,
            ApplicationInput {
                name: Some(Name::parse("Again").unwrap()),
                tenant_id: existing.tenant_id().clone(),
                lcs_environment_id: existing.lcs_environment_id().clone(),
                application_id: Guid::parse(&existing.application_id().to_string().to_uppercase())
                    .unwrap(),
                object_id: existing.object_id().clone(),
                justification: Justification::parse("Again").unwrap(),
            },
        )
        .unwrap_err();
    assert!(matches!(err, WorkspaceError::DuplicateApplication { .. }));
}

#[test]
fn deleting_what_an_environment_uses_is_refused_with_the_environments_named() {
    let mut ex = common::example();
    let prod = ex
        .ws
        .clone_environment(ex.uat, common::env_input("PROD", ""))
        .unwrap();
    let err = ex.ws.delete_entry(ex.kv, ex.sas).unwrap_err();
    assert_eq!(
        err,
        WorkspaceError::EntryInUse {
            entry: "einvoicing-sas".into(),
            environments: vec!["UAT".into(), "PROD".into()]
        }
    );
    assert!(err.to_string().contains("'UAT', 'PROD'"));

    let err = ex.ws.delete_reference(ex.kv).unwrap_err();
    assert!(
        matches!(err, WorkspaceError::ReferenceInUse { ref environments, .. } if environments.len() == 2)
    );

    // Once no environment uses it, it may go.
    let other = ex
        .ws
        .add_reference(common::reference_input(
            "Other",
            "https://other-kv.vault.azure.net/",
        ))
        .unwrap();
    let s = ex
        .ws
        .add_entry(other, common::entry("sas", EntryType::Secret))
        .unwrap();
    for env in [ex.uat, prod] {
        ex.ws
            .set_storage_sas_secret(
                env,
                Some(SecretRef {
                    reference: other,
                    entry: s,
                }),
            )
            .unwrap();
    }
    ex.ws.delete_entry(ex.kv, ex.sas).unwrap();
    assert!(ex.ws.reference(ex.kv).unwrap().entry(ex.sas).is_none());
}

#[test]
fn a_reference_carried_for_pipelines_cannot_be_deleted_either() {
    let mut ex = common::example();
    let other = ex
        .ws
        .add_reference(common::reference_input(
            "Signing",
            "https://signing-kv.vault.azure.net/",
        ))
        .unwrap();
    ex.ws
        .set_environment_references(ex.uat, vec![other, other])
        .unwrap();
    assert_eq!(
        ex.ws.environment(ex.uat).unwrap().key_vault_references(),
        &[other]
    );
    assert!(matches!(
        ex.ws.delete_reference(other),
        Err(WorkspaceError::ReferenceInUse { .. })
    ));
    ex.ws.set_environment_references(ex.uat, vec![]).unwrap();
    ex.ws.delete_reference(other).unwrap();
}

#[test]
fn the_sas_secret_must_be_a_secret() {
    let mut ex = common::example();
    let err = ex
        .ws
        .set_storage_sas_secret(
            ex.uat,
            Some(SecretRef {
                reference: ex.kv,
                entry: ex.signing,
            }),
        )
        .unwrap_err();
    assert!(matches!(
        err,
        WorkspaceError::NotASecret {
            kind: "Certificate",
            ..
        }
    ));
    // And its type cannot change while it is one.
    let err = ex
        .ws
        .update_entry(
            ex.kv,
            ex.sas,
            common::entry("einvoicing-sas", EntryType::Certificate),
        )
        .unwrap_err();
    assert!(matches!(err, WorkspaceError::EntryInUse { .. }));
}

#[test]
fn secret_choices_list_only_secrets_as_reference_slash_name() {
    let ex = common::example();
    let choices = ex.ws.secret_choices();
    assert_eq!(choices.len(), 1);
    assert_eq!(choices[0].label, "ContosoKV/einvoicing-sas");
    assert_eq!(
        choices[0].secret,
        SecretRef {
            reference: ex.kv,
            entry: ex.sas
        }
    );
}

#[test]
fn chains_hold_certificates_of_the_same_reference_once_in_order() {
    let mut ex = common::example();
    let payload_chain = |ws: &Workspace, env| {
        ws.publish_payload(env).unwrap().key_vault_references[0].certificate_chains[0]
            .certificates
            .clone()
    };
    assert_eq!(
        payload_chain(&ex.ws, ex.uat),
        ["root-ca", "issuing-ca", "signing"]
    );

    ex.ws
        .move_chain_member(ex.kv, ex.chain, ex.signing, Direction::Up)
        .unwrap();
    assert_eq!(
        payload_chain(&ex.ws, ex.uat),
        ["root-ca", "signing", "issuing-ca"]
    );
    // Past the top, nothing moves.
    ex.ws
        .move_chain_member(ex.kv, ex.chain, ex.root, Direction::Up)
        .unwrap();
    ex.ws
        .move_chain_member(ex.kv, ex.chain, ex.issuing, Direction::Down)
        .unwrap();
    assert_eq!(
        payload_chain(&ex.ws, ex.uat),
        ["root-ca", "signing", "issuing-ca"]
    );

    let err = ex
        .ws
        .set_chain_members(ex.kv, ex.chain, vec![ex.root, ex.sas])
        .unwrap_err();
    assert!(matches!(err, WorkspaceError::InvalidChainMember { .. }));
    let err = ex
        .ws
        .set_chain_members(ex.kv, ex.chain, vec![ex.root, ex.root])
        .unwrap_err();
    assert!(err.to_string().contains("already in the chain"));
    // The chain itself is no entry of the reference.
    let err = ex
        .ws
        .set_chain_members(ex.kv, ex.chain, vec![ex.chain])
        .unwrap_err();
    assert!(matches!(err, WorkspaceError::InvalidChainMember { .. }));
    // Added at the end, the end-user certificate's place; taken out again.
    let leaf = ex
        .ws
        .add_entry(ex.kv, common::entry("leaf", EntryType::Certificate))
        .unwrap();
    ex.ws.add_chain_member(ex.kv, ex.chain, leaf).unwrap();
    assert_eq!(
        payload_chain(&ex.ws, ex.uat),
        ["root-ca", "signing", "issuing-ca", "leaf"]
    );
    ex.ws.remove_chain_member(ex.kv, ex.chain, leaf).unwrap();
    assert_eq!(
        payload_chain(&ex.ws, ex.uat),
        ["root-ca", "signing", "issuing-ca"]
    );

    // A member of a chain cannot be deleted or stop being a certificate;
    // the refusal names the chain.
    let err = ex.ws.delete_entry(ex.kv, ex.root).unwrap_err();
    assert_eq!(
        err.to_string(),
        "'root-ca' is a member of the chains of certificates 'chain'. Remove it from those chains first."
    );
    // A rename carries through to the chain (it points by id).
    ex.ws
        .update_entry(
            ex.kv,
            ex.root,
            common::entry("contoso-root", EntryType::Certificate),
        )
        .unwrap();
    assert_eq!(
        payload_chain(&ex.ws, ex.uat),
        ["contoso-root", "signing", "issuing-ca"]
    );
    assert!(matches!(
        ex.ws.update_entry(
            ex.kv,
            ex.root,
            common::entry("contoso-root", EntryType::Secret)
        ),
        Err(WorkspaceError::EntryInChain { .. })
    ));
    // A member of another reference is refused.
    let other = ex
        .ws
        .add_reference(common::reference_input(
            "Other",
            "https://other-kv.vault.azure.net/",
        ))
        .unwrap();
    let foreign = ex
        .ws
        .add_entry(other, common::entry("root-ca", EntryType::Certificate))
        .unwrap();
    assert!(ex
        .ws
        .set_chain_members(ex.kv, ex.chain, vec![foreign])
        .is_err());
}

#[test]
fn a_sequence_in_use_cannot_be_deleted() {
    let mut ex = common::example();
    let inv = ex.ws.environment(ex.uat).unwrap().number_sequences()[0].id();
    ex.ws
        .set_sequence_usage(ex.uat, inv, true, Some(7))
        .unwrap();
    let err = ex.ws.delete_number_sequence(ex.uat, inv).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Number sequence 'INV' is in use and cannot be deleted."
    );
    ex.ws
        .set_sequence_usage(ex.uat, inv, false, Some(7))
        .unwrap();
    ex.ws.delete_number_sequence(ex.uat, inv).unwrap();
}

#[test]
fn connected_applications_link_environments_and_give_finance_its_values() {
    let mut ex = common::example();
    let app = ex
        .ws
        .add_connected_application(ConnectedApplicationInput {
            name: Name::parse("Contoso Finance").unwrap(),
            url: ApplicationUrl::parse("https://contoso.operations.dynamics.com").unwrap(),
            tenant: Tenant::parse("contoso.onmicrosoft.com").unwrap(),
        })
        .unwrap();
    ex.ws.link_environment(app, ex.uat).unwrap();
    ex.ws.link_environment(app, ex.uat).unwrap();
    assert_eq!(
        ex.ws.connected_application(app).unwrap().environments(),
        &[ex.uat]
    );
    // No endpoint chosen yet: nothing to copy.
    assert!(ex.ws.finance_values(app).is_empty());
    ex.ws
        .set_endpoint(Some(ServiceEndpoint::geography("eu", 101).unwrap()));
    let values = ex.ws.finance_values(app);
    assert_eq!(values.len(), 1);
    assert_eq!(
        values[0].1.service_endpoint_url.as_str(),
        "https://gw.eu-il101.gateway.prod.island.powerapps.com/electronicinvoicing/"
    );
    assert_eq!(values[0].1.environment_name.as_str(), "UAT");
    // The linked environment cannot be deleted while linked.
    let err = ex.ws.delete_environment(ex.uat).unwrap_err();
    assert!(err.to_string().contains("'Contoso Finance'"));
    ex.ws.unlink_environment(app, ex.uat).unwrap();
    ex.ws.delete_environment(ex.uat).unwrap();
}

#[test]
fn stale_ids_are_reported_not_panicked_on() {
    let mut ex = common::example();
    ex.ws
        .delete_number_sequence(
            ex.uat,
            ex.ws.environment(ex.uat).unwrap().number_sequences()[0].id(),
        )
        .unwrap();
    let gone = ex
        .ws
        .add_environment(common::env_input("Gone", ""))
        .unwrap();
    ex.ws.delete_environment(gone).unwrap();
    assert!(matches!(
        ex.ws.add_user(gone, common::user("x", "x@contoso.com")),
        Err(WorkspaceError::NotFound { .. })
    ));
    assert!(ex.ws.status(gone).is_none());
    assert!(ex.ws.problems(gone).is_empty());
}

#[test]
fn the_users_search_matches_user_id_or_email_without_regard_to_case() {
    let mut ex = common::example();
    for (id, email) in [
        ("bob", "bob.smith@fabrikam.com"),
        ("Carla.Diaz", "cdiaz@Contoso.com"),
        ("dev7", "seven@contoso.com"),
    ] {
        ex.ws.add_user(ex.uat, common::user(id, email)).unwrap();
    }
    let env = ex.ws.environment(ex.uat).unwrap();
    let ids = |query: &str| -> Vec<String> {
        env.users_matching(query)
            .into_iter()
            .map(|i| env.users()[i].user_id.to_string())
            .collect()
    };
    let everyone: Vec<String> = env.users().iter().map(|u| u.user_id.to_string()).collect();
    assert_eq!(
        ids(""),
        everyone,
        "an empty search lists every user, in order"
    );
    assert_eq!(ids("   "), everyone);
    assert_eq!(
        ids("FABRIKAM"),
        ["bob"],
        "an email matches, whatever the case"
    );
    assert_eq!(
        ids("carla.d"),
        ["Carla.Diaz"],
        "a User ID matches, whatever the case"
    );
    assert_eq!(ids(" 7 "), ["dev7"], "the query is trimmed");
    assert!(ids("contoso.com").contains(&"Carla.Diaz".to_string()));
    assert!(ids("zzz").is_empty());
    assert!(
        ids("é").is_empty(),
        "no ASCII value holds a non-ASCII query"
    );
    // The search spans neither the two values nor user boundaries.
    assert!(ids("dev7seven").is_empty());
}

#[test]
fn chain_names_follow_the_name_rule_and_are_unique_in_their_reference() {
    let mut ex = common::example();
    // Not the Key Vault object-name rule: spaces and dots are fine.
    let chain = ex
        .ws
        .add_chain(ex.kv, common::chain_input("Signing chain 2026.1"))
        .unwrap();
    let err = ex
        .ws
        .add_chain(ex.kv, common::chain_input("SIGNING CHAIN 2026.1"))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "'ContosoKV' already has a chain of certificates named 'SIGNING CHAIN 2026.1' (names are compared without regard to case). Choose another name."
    );
    // The same name in another reference is another chain.
    let other = ex
        .ws
        .add_reference(common::reference_input(
            "Other",
            "https://other-kv.vault.azure.net/",
        ))
        .unwrap();
    ex.ws
        .add_chain(other, common::chain_input("Signing chain 2026.1"))
        .unwrap();
    // A chain may share its name with an entry: they are different objects.
    ex.ws
        .add_chain(ex.kv, common::chain_input("signing"))
        .unwrap();
    // Renaming to its own name (in another case) is no duplicate.
    ex.ws
        .update_chain(ex.kv, chain, common::chain_input("signing CHAIN 2026.1"))
        .unwrap();
    ex.ws.delete_chain(ex.kv, chain).unwrap();
    assert!(matches!(
        ex.ws.delete_chain(ex.kv, chain),
        Err(WorkspaceError::NotFound { .. })
    ));
    // The draft says which rule failed at the field.
    let draft = ChainDraft {
        name: "  ".into(),
        description: String::new(),
    };
    let errors = draft.check(&ex.ws, ex.kv, None).unwrap_err();
    assert_eq!(errors.get(ChainFormField::Name), Some("Enter a name."));
    let long = ChainDraft {
        name: "c".repeat(101),
        description: String::new(),
    };
    let errors = long.check(&ex.ws, ex.kv, None).unwrap_err();
    assert!(errors
        .get(ChainFormField::Name)
        .unwrap()
        .starts_with("A name must be at most 100 characters"));
}

#[test]
fn an_empty_chain_blocks_publish_of_the_environments_that_carry_its_reference() {
    let mut ex = common::example();
    let empty = ex
        .ws
        .add_chain(ex.kv, common::chain_input("not yet"))
        .unwrap();
    let problems = ex.ws.problems(ex.uat);
    assert_eq!(problems.len(), 1);
    assert_eq!(
        problems[0].message,
        "Chain of certificates 'not yet' of Key Vault reference 'ContosoKV' has no certificates. Add them, root first."
    );
    ex.ws.add_chain_member(ex.kv, empty, ex.root).unwrap();
    assert!(ex.ws.problems(ex.uat).is_empty());
}

#[test]
fn applications_have_a_name_and_one_without_blocks_publish_until_named() {
    let mut ex = common::example();
    let mut draft = ApplicationDraft {
        name: String::new(),
        tenant_id: "8c0f0b9e-1f5e-4c55-9d0a-3c1a1f2b3c4d".into(),
        lcs_environment_id: "0f3a2b1c-4d5e-6f70-8192-a3b4c5d6e7f8".into(),
        application_id: "11111111-2222-4333-8444-555555555555".into(),
        object_id: "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d".into(),
        justification: "Reads statuses".into(),
    };
    let errors = draft.check(&ex.ws, ex.uat).unwrap_err();
    assert_eq!(
        errors.get(ApplicationFormField::Name),
        Some("Enter a name.")
    );
    assert_eq!(errors.len(), 1);
    draft.name = "  Status reader  ".into();
    let input = draft.check(&ex.ws, ex.uat).unwrap();
    assert_eq!(input.name.as_ref().map(Name::as_str), Some("Status reader"));

    // One carried over from a console that had no names.
    let mut unnamed = input.clone();
    unnamed.name = None;
    let app = ex.ws.add_application(ex.uat, unnamed).unwrap();
    let problems = ex.ws.problems(ex.uat);
    assert_eq!(
        problems.iter().map(|p| p.message.as_str()).collect::<Vec<_>>(),
        ["Application 11111111-2222-4333-8444-555555555555 has no name: the service now lists applications by name. Enter its display name under Applications."]
    );
    assert_eq!(
        problems[0].field,
        EnvironmentField::Application {
            index: 1,
            field: Some("name".into())
        }
    );
    ex.ws
        .name_application(ex.uat, app, Name::parse("Status reader").unwrap())
        .unwrap();
    assert!(ex.ws.problems(ex.uat).is_empty());
}

#[test]
fn the_dataverse_endpoint_is_optional_checked_and_normalised() {
    let ex = common::example();
    let draft = |uri: &str| EnvironmentDraft {
        name: "UAT".into(),
        description: String::new(),
        dataverse_endpoint: uri.into(),
    };
    let none = draft("  ").check(&ex.ws, Some(ex.uat)).unwrap();
    assert_eq!(none.dataverse_endpoint, None);
    let set = draft(" https://Contoso.crm4.dynamics.com/API/data/v9.2// ")
        .check(&ex.ws, Some(ex.uat))
        .unwrap();
    assert_eq!(
        set.dataverse_endpoint.unwrap().as_str(),
        "https://contoso.crm4.dynamics.com/api/data/v9.2/"
    );
    let errors = draft("https://contoso.crm.dynamics.com")
        .check(&ex.ws, Some(ex.uat))
        .unwrap_err();
    assert_eq!(
        errors.get(EnvironmentFormField::DataverseEndpoint),
        Some("The Dataverse endpoint URI ends with the Web API's path, /api/data/v9.N/ (such as /api/data/v9.1/); 'https://contoso.crm.dynamics.com' has none. Did you mean https://contoso.crm.dynamics.com/api/data/v9.1/?")
    );
}
