//! The set-up checklist reads done / not done from the workspace, names
//! what is missing, and links to where it is fixed.

mod common;

use common::*;
use domain::model::*;
use domain::setup::{Checklist, Link, Need, Place};
use domain::values::*;

fn step<'a>(list: &'a Checklist, title: &str) -> &'a domain::setup::Step {
    list.all()
        .find(|s| s.title == title)
        .unwrap_or_else(|| panic!("no step {title}"))
}

fn check<'a>(list: &'a Checklist, title: &str, text: &str) -> &'a domain::setup::Check {
    step(list, title)
        .checks
        .iter()
        .find(|c| c.text.starts_with(text))
        .unwrap_or_else(|| panic!("no check {text} in {title}"))
}

#[test]
fn an_empty_workspace_has_nothing_done_and_every_step_links_to_its_page() {
    let list = Checklist::of(&Workspace::new(), false);
    assert_eq!(list.azure.len(), 3);
    assert_eq!(
        list.steps.iter().map(|s| s.title).collect::<Vec<_>>(),
        [
            "Create a service environment",
            "Add certificates and secrets",
            "Configure connected applications"
        ],
        "the seeds' three steps, in their order"
    );
    assert_eq!(list.steps[0].need, Need::Required);
    assert_eq!(list.steps[1].need, Need::Optional);
    assert_eq!(list.steps[2].need, Need::Optional);
    for s in list.all() {
        assert!(
            !s.is_done(),
            "{} is not done in an empty workspace",
            s.title
        );
        for c in &s.checks {
            assert!(!c.done, "{}", c.text);
        }
    }
    assert_eq!(list.required_progress(), (0, 4));
    assert!(!list.is_complete());
    assert_eq!(
        step(&list, "A Key Vault").link,
        Link {
            place: Place::KeyVaults,
            item: None
        }
    );
    assert_eq!(
        check(&list, "Create a service environment", "At least one").fix,
        Some(Link {
            place: Place::Environments,
            item: None
        })
    );
    assert_eq!(
        step(&list, "Configure connected applications").link.place,
        Place::ConnectedApplications
    );
}

#[test]
fn the_example_workspace_reads_done_step_by_step_as_it_is_built() {
    let (mut ws, kv) = with_contoso_kv();
    let list = Checklist::of(&ws, false);
    assert!(step(&list, "A Key Vault").is_done());
    assert_eq!(
        check(&list, "A Key Vault", "A Key Vault reference")
            .detail
            .as_deref(),
        Some("ContosoKV: https://contoso-einvoicing.vault.azure.net/")
    );
    let sas_step = "A storage account, its SAS URL kept as a Key Vault secret";
    assert!(!step(&list, sas_step).is_done());
    assert_eq!(
        check(&list, sas_step, "A Key Vault reference lists the secret").fix,
        Some(Link {
            place: Place::KeyVaults,
            item: Some("ContosoKV".into())
        }),
        "the fix opens the reference that needs the secret"
    );

    // A certificate is not the SAS secret.
    ws.add_entry(kv, entry("signing", EntryType::Certificate))
        .unwrap();
    let list = Checklist::of(&ws, false);
    assert!(!step(&list, sas_step).is_done());
    assert!(step(&list, "Add certificates and secrets").is_done());

    let sas = ws
        .add_entry(kv, entry("contoso-sas", EntryType::Secret))
        .unwrap();
    let list = Checklist::of(&ws, false);
    assert!(step(&list, sas_step).is_done());
    assert_eq!(
        check(&list, sas_step, "A Key Vault reference lists the secret")
            .detail
            .as_deref(),
        Some("ContosoKV: contoso-sas")
    );

    let env = "Create a service environment";
    let uat = ws.add_environment(env_input("UAT", "")).unwrap();
    let list = Checklist::of(&ws, false);
    assert!(check(&list, env, "At least one").done);
    let missing = check(&list, env, "Every environment has its Storage SAS");
    assert!(!missing.done);
    assert_eq!(missing.detail.as_deref(), Some("Not chosen yet: UAT"));
    assert_eq!(
        missing.fix,
        Some(Link {
            place: Place::Environments,
            item: Some("UAT".into())
        })
    );
    assert!(!step(&list, env).is_done());

    ws.set_storage_sas_secret(
        uat,
        Some(SecretRef {
            reference: kv,
            entry: sas,
        }),
    )
    .unwrap();
    ws.add_user(uat, user("ana", "ana@contoso.com")).unwrap();
    let list = Checklist::of(&ws, false);
    assert!(check(&list, env, "Every environment has its Storage SAS").done);
    assert!(check(&list, env, "Every environment lists the users").done);
    let unpublished = check(&list, env, "Every environment is published");
    assert!(!unpublished.done);
    assert_eq!(unpublished.detail.as_deref(), Some("UAT (Not published)"));

    publish(&mut ws, uat);
    let list = Checklist::of(&ws, false);
    assert!(
        step(&list, env).is_done(),
        "done without the recommended second environment"
    );
    let pair = check(&list, env, "At least two environments");
    assert!(pair.recommended && !pair.done);

    // An edit after publishing is a change not yet published.
    ws.add_user(uat, user("ben", "ben@contoso.com")).unwrap();
    let list = Checklist::of(&ws, false);
    assert_eq!(
        check(&list, env, "Every environment is published")
            .detail
            .as_deref(),
        Some("UAT (Changed)")
    );
    assert!(!step(&list, env).is_done());
    publish(&mut ws, uat);

    let prod = ws.add_environment(env_input("PROD", "")).unwrap();
    let list = Checklist::of(&ws, false);
    assert!(check(&list, env, "At least two environments").done);
    assert_eq!(
        check(&list, env, "Every environment lists the users")
            .detail
            .as_deref(),
        Some("No users yet: PROD")
    );
    assert!(
        !step(&list, env).is_done(),
        "a new environment undoes the step until it is complete"
    );
    ws.set_storage_sas_secret(
        prod,
        Some(SecretRef {
            reference: kv,
            entry: sas,
        }),
    )
    .unwrap();
    ws.add_user(prod, user("ana", "ana@contoso.com")).unwrap();
    publish(&mut ws, prod);
    let list = Checklist::of(&ws, false);
    assert!(step(&list, env).is_done());

    // The vault's access is the administrator's word, and only theirs.
    assert!(!step(&list, "The service may read the vault").is_done());
    assert_eq!(list.required_progress(), (3, 4));
    let list = Checklist::of(&ws, true);
    assert!(step(&list, "The service may read the vault").is_done());
    assert!(
        list.is_complete(),
        "optional steps do not hold the set-up back"
    );

    let apps = "Configure connected applications";
    assert!(!step(&list, apps).is_done());
    let app = ws
        .add_connected_application(ConnectedApplicationInput {
            name: Name::parse("Contoso Finance").unwrap(),
            url: ApplicationUrl::parse("https://contoso.operations.dynamics.com").unwrap(),
            tenant: Tenant::parse("contoso.onmicrosoft.com").unwrap(),
        })
        .unwrap();
    let list = Checklist::of(&ws, true);
    assert!(
        !step(&list, apps).is_done(),
        "connected to no environment yet"
    );
    assert_eq!(
        check(&list, apps, "A Finance instance").fix,
        Some(Link {
            place: Place::ConnectedApplications,
            item: Some("Contoso Finance".into())
        })
    );
    ws.link_environment(app, uat).unwrap();
    let list = Checklist::of(&ws, true);
    assert!(step(&list, apps).is_done());
    assert_eq!(
        check(&list, apps, "A Finance instance").detail.as_deref(),
        Some("Contoso Finance")
    );
    assert!(list.all().all(|s| s.is_done()));
}

#[test]
fn an_empty_chain_of_certificates_is_named_until_it_lists_its_certificates() {
    let (mut ws, kv) = with_contoso_kv();
    let chain = ws
        .add_chain(kv, common::chain_input("signing-chain"))
        .unwrap();
    let title = "Add certificates and secrets";
    let list = Checklist::of(&ws, false);
    let empty = check(&list, title, "Every chain of certificates");
    assert!(!empty.done);
    assert_eq!(empty.detail.as_deref(), Some("Empty: signing-chain"));
    assert!(!step(&list, title).is_done());
    let root = ws
        .add_entry(kv, entry("root-ca", EntryType::Certificate))
        .unwrap();
    ws.set_chain_members(kv, chain, vec![root]).unwrap();
    let list = Checklist::of(&ws, false);
    assert!(step(&list, title).is_done());
    assert_eq!(
        step(&list, title).checks.len(),
        1,
        "no chain check once every chain has members"
    );
}

#[test]
fn long_lists_of_names_are_cut_short() {
    let mut ws = Workspace::new();
    for i in 0..8 {
        ws.add_environment(env_input(&format!("ENV{i}"), ""))
            .unwrap();
    }
    let list = Checklist::of(&ws, false);
    assert_eq!(
        check(
            &list,
            "Create a service environment",
            "Every environment has its Storage SAS"
        )
        .detail
        .as_deref(),
        Some("Not chosen yet: ENV0, ENV1, ENV2, ENV3, ENV4 and 3 more")
    );
}
