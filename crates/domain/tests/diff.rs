//! Changes since publish: every kind of change produced by a real edit, its
//! message, whether discard undoes it, and the rule that the status is
//! Changed exactly when the list of changes is not empty.

mod common;

use common::publish;
use domain::diff::{self, Change, SHARED_NOTE};
use domain::model::*;
use domain::status::Status;
use domain::values::*;

/// The contract's example, plus a reference `Other` with a secret (not
/// carried) and a reference `Archive` carried as a further reference,
/// published.
struct Fixture {
    ex: common::Example,
    other: Id,
    other_sas: Id,
    archive: Id,
    archive_signing: Id,
}

fn published() -> Fixture {
    let mut ex = common::example();
    let other = ex
        .ws
        .add_reference(common::reference_input(
            "Other",
            "https://other-kv.vault.azure.net/",
        ))
        .unwrap();
    let other_sas = ex
        .ws
        .add_entry(other, common::entry("other-sas", EntryType::Secret))
        .unwrap();
    let archive = ex
        .ws
        .add_reference(common::reference_input(
            "Archive",
            "https://archive-kv.vault.azure.net/",
        ))
        .unwrap();
    let archive_signing = ex
        .ws
        .add_entry(
            archive,
            common::entry("archive-signing", EntryType::Certificate),
        )
        .unwrap();
    ex.ws
        .set_environment_references(ex.uat, vec![archive])
        .unwrap();
    publish(&mut ex.ws, ex.uat);
    Fixture {
        ex,
        other,
        other_sas,
        archive,
        archive_signing,
    }
}

fn application(application_id: &str, justification: &str) -> ApplicationInput {
    ApplicationInput {
        name: Some(Name::parse("Contoso POS").unwrap()),
        tenant_id: Guid::parse("8c0f0b9e-1f5e-4c55-9d0a-3c1a1f2b3c4d").unwrap(),
        lcs_environment_id: Guid::parse("0f3a2b1c-4d5e-6f70-8192-a3b4c5d6e7f8").unwrap(),
        application_id: Guid::parse(application_id).unwrap(),
        object_id: Guid::parse("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d").unwrap(),
        justification: Justification::parse(justification).unwrap(),
    }
}

const POS_APP: &str = "3d2c1b0a-9f8e-7d6c-5b4a-392817160504";
const WEB_APP: &str = "11111111-2222-4333-8444-555555555555";

fn reference_with(name: &str, description: &str, uri: &str) -> KeyVaultReferenceInput {
    KeyVaultReferenceInput {
        name: Name::parse(name).unwrap(),
        description: Description::parse(description).unwrap(),
        uri: KeyVaultUri::parse(uri).unwrap(),
    }
}

fn entry_with(name: &str, description: &str, entry_type: EntryType) -> EntryInput {
    EntryInput {
        name: SecretName::parse(name).unwrap(),
        description: Description::parse(description).unwrap(),
        entry_type,
    }
}

type Edit = fn(&mut Fixture);

fn shared(sentence: &str) -> String {
    format!("{sentence} ({SHARED_NOTE}).")
}

/// Each row: an edit made through the workspace's operations, and the
/// messages of the changes it produces, in order.
fn table() -> Vec<(&'static str, Edit, Vec<String>)> {
    let own = |s: &str| s.to_string();
    vec![
        (
            "environment name",
            |f| {
                f.ex.ws
                    .update_environment(
                        f.ex.uat,
                        common::env_input("UAT2", "Validation before production"),
                    )
                    .unwrap()
            },
            vec![own("Name changed from 'UAT' to 'UAT2'.")],
        ),
        (
            "description",
            |f| {
                f.ex.ws
                    .update_environment(f.ex.uat, common::env_input("UAT", "Production"))
                    .unwrap()
            },
            vec![own(
                "Description changed from 'Validation before production' to 'Production'.",
            )],
        ),
        (
            "description emptied",
            |f| {
                f.ex.ws
                    .update_environment(f.ex.uat, common::env_input("UAT", ""))
                    .unwrap()
            },
            vec![own(
                "Description changed from 'Validation before production' to none.",
            )],
        ),
        (
            "Storage SAS token secret chosen from another reference",
            |f| {
                let secret = SecretRef {
                    reference: f.other,
                    entry: f.other_sas,
                };
                f.ex.ws.set_storage_sas_secret(f.ex.uat, Some(secret)).unwrap()
            },
            vec![
                own("Storage SAS token secret changed from 'ContosoKV/einvoicing-sas' to 'Other/other-sas'."),
                own("Key Vault reference 'ContosoKV' removed."),
                own("Key Vault reference 'Other' added."),
            ],
        ),
        (
            "Storage SAS token secret cleared",
            |f| f.ex.ws.set_storage_sas_secret(f.ex.uat, None).unwrap(),
            vec![
                own("Storage SAS token secret changed from 'ContosoKV/einvoicing-sas' to none."),
                own("Key Vault reference 'ContosoKV' removed."),
            ],
        ),
        (
            "user added",
            |f| {
                f.ex.ws
                    .add_user(f.ex.uat, common::user("ben", "ben@contoso.com"))
                    .unwrap()
            },
            vec![own("User 'ben' (ben@contoso.com) added.")],
        ),
        (
            "user removed",
            |f| f.ex.ws.remove_user(f.ex.uat, "ana").unwrap(),
            vec![own("User 'ana' (ana@contoso.com) removed.")],
        ),
        (
            "user's email changed",
            |f| {
                f.ex.ws.remove_user(f.ex.uat, "ana").unwrap();
                f.ex.ws
                    .add_user(f.ex.uat, common::user("ana", "ana.silva@contoso.com"))
                    .unwrap();
            },
            vec![own(
                "Email of user 'ana' changed from 'ana@contoso.com' to 'ana.silva@contoso.com'.",
            )],
        ),
        (
            "application added",
            |f| {
                f.ex.ws
                    .add_application(f.ex.uat, application(WEB_APP, "Web shop"))
                    .unwrap();
            },
            vec![own("Application with Application (client) ID '11111111-2222-4333-8444-555555555555' added.")],
        ),
        (
            "application removed",
            |f| {
                let app = f.ex.ws.environment(f.ex.uat).unwrap().applications()[0].id();
                f.ex.ws.remove_application(f.ex.uat, app).unwrap();
            },
            vec![own("Application with Application (client) ID '3d2c1b0a-9f8e-7d6c-5b4a-392817160504' removed.")],
        ),
        (
            "application's justification changed",
            |f| {
                let app = f.ex.ws.environment(f.ex.uat).unwrap().applications()[0].id();
                f.ex.ws.remove_application(f.ex.uat, app).unwrap();
                f.ex.ws
                    .add_application(f.ex.uat, application(POS_APP, "Submits invoices from the shop"))
                    .unwrap();
            },
            vec![own("Justification of application '3d2c1b0a-9f8e-7d6c-5b4a-392817160504' changed from 'Submits invoices from the POS system' to 'Submits invoices from the shop'.")],
        ),
        (
            "Key Vault reference added",
            |f| {
                f.ex.ws
                    .set_environment_references(f.ex.uat, vec![f.archive, f.other])
                    .unwrap()
            },
            vec![own("Key Vault reference 'Other' added.")],
        ),
        (
            "Key Vault reference removed",
            |f| f.ex.ws.set_environment_references(f.ex.uat, vec![]).unwrap(),
            vec![own("Key Vault reference 'Archive' removed.")],
        ),
        (
            "reference description changed",
            |f| {
                f.ex.ws
                    .update_reference(
                        f.ex.kv,
                        reference_with(
                            "ContosoKV",
                            "Main vault",
                            "https://contoso-einvoicing.vault.azure.net/",
                        ),
                    )
                    .unwrap()
            },
            vec![shared(
                "Description of Key Vault reference 'ContosoKV' changed from none to 'Main vault'",
            )],
        ),
        (
            "reference URI changed",
            |f| {
                f.ex.ws
                    .update_reference(
                        f.archive,
                        common::reference_input("Archive", "https://archive-kv2.vault.azure.net/"),
                    )
                    .unwrap()
            },
            vec![shared(
                "Key Vault URI of Key Vault reference 'Archive' changed from 'https://archive-kv.vault.azure.net/' to 'https://archive-kv2.vault.azure.net/'",
            )],
        ),
        (
            "entry added",
            |f| {
                f.ex.ws
                    .add_entry(f.ex.kv, common::entry("api-key", EntryType::Secret))
                    .unwrap();
            },
            vec![shared(
                "Secret 'api-key' added to Key Vault reference 'ContosoKV'",
            )],
        ),
        (
            "entry removed",
            |f| f.ex.ws.delete_entry(f.archive, f.archive_signing).unwrap(),
            vec![shared(
                "Certificate 'archive-signing' removed from Key Vault reference 'Archive'",
            )],
        ),
        (
            "entry description changed",
            |f| {
                f.ex.ws
                    .update_entry(
                        f.ex.kv,
                        f.ex.signing,
                        entry_with("signing", "Signs invoices", EntryType::Certificate),
                    )
                    .unwrap()
            },
            vec![shared(
                "Description of 'signing' in Key Vault reference 'ContosoKV' changed from none to 'Signs invoices'",
            )],
        ),
        (
            "entry type changed",
            |f| {
                f.ex.ws
                    .update_entry(
                        f.archive,
                        f.archive_signing,
                        common::entry("archive-signing", EntryType::Secret),
                    )
                    .unwrap()
            },
            vec![shared(
                "Type of 'archive-signing' in Key Vault reference 'Archive' changed from Certificate to Secret",
            )],
        ),
        (
            "chain order changed",
            |f| {
                f.ex.ws
                    .move_chain_member(f.ex.kv, f.ex.chain, f.ex.root, Direction::Down)
                    .unwrap()
            },
            vec![shared(
                "Certificates of chain 'chain' in Key Vault reference 'ContosoKV' (root first) changed from 'root-ca, issuing-ca, signing' to 'issuing-ca, root-ca, signing'",
            )],
        ),
        (
            "chain added",
            |f| {
                f.ex.ws
                    .add_chain(f.ex.kv, common::chain_input("second"))
                    .unwrap();
            },
            vec![shared(
                "Chain of certificates 'second' added to Key Vault reference 'ContosoKV'",
            )],
        ),
        (
            "chain removed",
            |f| f.ex.ws.delete_chain(f.ex.kv, f.ex.chain).unwrap(),
            vec![shared(
                "Chain of certificates 'chain' removed from Key Vault reference 'ContosoKV'",
            )],
        ),
        (
            "chain description changed",
            |f| {
                f.ex.ws
                    .update_chain(
                        f.ex.kv,
                        f.ex.chain,
                        ChainInput {
                            name: Name::parse("chain").unwrap(),
                            description: Description::parse("Signing, root first").unwrap(),
                        },
                    )
                    .unwrap()
            },
            vec![shared(
                "Description of chain 'chain' in Key Vault reference 'ContosoKV' changed from none to 'Signing, root first'",
            )],
        ),
        (
            "Dataverse endpoint set",
            |f| {
                let mut input = common::env_input("UAT", "Validation before production");
                input.dataverse_endpoint =
                    Some(DataverseUri::parse("https://contoso.crm.dynamics.com/api/data/v9.1/").unwrap());
                f.ex.ws.update_environment(f.ex.uat, input).unwrap()
            },
            vec![own(
                "Dataverse endpoint URI changed from none to 'https://contoso.crm.dynamics.com/api/dat…'.",
            )],
        ),
        (
            "application renamed",
            |f| {
                let app = f.ex.ws.environment(f.ex.uat).unwrap().applications()[0].id();
                f.ex.ws
                    .name_application(f.ex.uat, app, Name::parse("Contoso shop").unwrap())
                    .unwrap()
            },
            vec![own("Name of application '3d2c1b0a-9f8e-7d6c-5b4a-392817160504' changed from 'Contoso POS' to 'Contoso shop'.")],
        ),
        (
            "reference renamed in Key Vault parameters",
            |f| {
                f.ex.ws
                    .update_reference(
                        f.ex.kv,
                        common::reference_input(
                            "ContosoVault",
                            "https://contoso-einvoicing.vault.azure.net/",
                        ),
                    )
                    .unwrap()
            },
            vec![
                shared("Storage SAS token secret changed from 'ContosoKV/einvoicing-sas' to 'ContosoVault/einvoicing-sas'"),
                shared("Key Vault reference 'ContosoKV' removed"),
                shared("Key Vault reference 'ContosoVault' added"),
            ],
        ),
        (
            "Storage SAS token secret renamed in Key Vault parameters",
            |f| {
                f.ex.ws
                    .update_entry(f.ex.kv, f.ex.sas, common::entry("sas-2026", EntryType::Secret))
                    .unwrap()
            },
            vec![
                shared("Storage SAS token secret changed from 'ContosoKV/einvoicing-sas' to 'ContosoKV/sas-2026'"),
                shared("Secret 'einvoicing-sas' removed from Key Vault reference 'ContosoKV'"),
                shared("Secret 'sas-2026' added to Key Vault reference 'ContosoKV'"),
            ],
        ),
    ]
}

#[test]
fn each_kind_of_change_is_named_in_an_administrators_words() {
    for (what, edit, expected) in table() {
        let mut f = published();
        assert!(diff::changes(&f.ex.ws, f.ex.uat).is_empty(), "{what}");
        edit(&mut f);
        let changes = diff::changes(&f.ex.ws, f.ex.uat);
        let messages: Vec<String> = changes.iter().map(ToString::to_string).collect();
        assert_eq!(messages, expected, "{what}");
        assert_eq!(f.ex.ws.status(f.ex.uat), Some(Status::Changed), "{what}");
        for change in &changes {
            assert_eq!(
                change.is_shared(),
                change.to_string().contains(SHARED_NOTE),
                "{what}: {change}"
            );
        }
    }
}

#[test]
fn the_table_covers_every_kind_of_change() {
    let mut kinds = std::collections::BTreeSet::new();
    for (_, edit, _) in table() {
        let mut f = published();
        edit(&mut f);
        for change in diff::changes(&f.ex.ws, f.ex.uat) {
            kinds.insert(match change {
                Change::NameChanged { .. } => "name",
                Change::DescriptionChanged { .. } => "description",
                Change::SasSecretChanged { .. } => "sas",
                Change::UserAdded { .. } => "user added",
                Change::UserRemoved { .. } => "user removed",
                Change::UserEmailChanged { .. } => "user email",
                Change::ApplicationAdded { .. } => "application added",
                Change::ApplicationRemoved { .. } => "application removed",
                Change::ApplicationChanged { .. } => "application changed",
                Change::ReferenceAdded { .. } => "reference added",
                Change::ReferenceRemoved { .. } => "reference removed",
                Change::ReferenceChanged { .. } => "reference changed",
                Change::EntryAdded { .. } => "entry added",
                Change::EntryRemoved { .. } => "entry removed",
                Change::EntryChanged { .. } => "entry changed",
                Change::DataverseChanged { .. } => "dataverse",
                Change::ChainAdded { .. } => "chain added",
                Change::ChainRemoved { .. } => "chain removed",
                Change::ChainChanged { .. } => "chain changed",
            });
        }
    }
    assert_eq!(kinds.len(), 19, "{kinds:?}");
}

#[test]
fn changes_carry_typed_values() {
    let mut f = published();
    f.ex.ws
        .add_user(f.ex.uat, common::user("ben", "ben@contoso.com"))
        .unwrap();
    assert_eq!(
        diff::changes(&f.ex.ws, f.ex.uat),
        vec![Change::UserAdded {
            user_id: "ben".into(),
            email: "ben@contoso.com".into()
        }]
    );
}

#[test]
fn no_changes_when_not_published_or_unchanged_or_unknown() {
    let ex = common::example();
    assert!(diff::changes(&ex.ws, ex.uat).is_empty());
    let f = published();
    assert!(diff::changes(&f.ex.ws, f.ex.uat).is_empty());
    assert!(diff::changes(&f.ex.ws, f.other).is_empty());
}

#[test]
fn number_sequences_are_no_change() {
    let mut f = published();
    f.ex.ws
        .add_number_sequence(f.ex.uat, common::sequence("CRN", "Credit notes"))
        .unwrap();
    assert!(diff::changes(&f.ex.ws, f.ex.uat).is_empty());
    assert_eq!(f.ex.ws.status(f.ex.uat), Some(Status::Published));
}

#[test]
fn a_user_removed_and_added_again_is_no_change() {
    let mut ex = common::example();
    ex.ws
        .add_user(ex.uat, common::user("ben", "ben@contoso.com"))
        .unwrap();
    publish(&mut ex.ws, ex.uat);
    ex.ws.remove_user(ex.uat, "ana").unwrap();
    ex.ws
        .add_user(ex.uat, common::user("ana", "ana@contoso.com"))
        .unwrap();
    // The list now reads ben, ana: the same users in another order.
    assert!(diff::changes(&ex.ws, ex.uat).is_empty());
    assert_eq!(ex.ws.status(ex.uat), Some(Status::Published));
}

#[test]
fn a_user_id_retyped_in_another_case_is_a_change() {
    let mut f = published();
    f.ex.ws.remove_user(f.ex.uat, "ana").unwrap();
    f.ex.ws
        .add_user(f.ex.uat, common::user("Ana", "ana@contoso.com"))
        .unwrap();
    let messages: Vec<String> = diff::changes(&f.ex.ws, f.ex.uat)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        messages,
        [
            "User 'ana' (ana@contoso.com) removed.",
            "User 'Ana' (ana@contoso.com) added."
        ]
    );
}

#[test]
fn long_values_that_differ_late_are_shown_where_they_differ() {
    let mut ex = common::example();
    let long = "Validation before production, for the finance team in Lisbon";
    ex.ws
        .update_environment(ex.uat, common::env_input("UAT", long))
        .unwrap();
    publish(&mut ex.ws, ex.uat);
    let edited = "Validation before production, for the finance team in Porto";
    ex.ws
        .update_environment(ex.uat, common::env_input("UAT", edited))
        .unwrap();
    let message = diff::changes(&ex.ws, ex.uat)[0].to_string();
    assert_eq!(
        message,
        "Description changed from '…e team in Lisbon' to '…e team in Porto'."
    );
}

#[test]
fn values_in_messages_are_escaped() {
    let change = Change::UserAdded {
        user_id: "a\u{202e}b".into(),
        email: "x\ny@contoso.com".into(),
    };
    assert_eq!(
        change.to_string(),
        "User 'a\\u{202e}b' (x\\ny@contoso.com) added."
    );
}

#[test]
fn a_published_secret_that_still_exists_is_an_own_change() {
    let mut f = published();
    let secret = SecretRef {
        reference: f.other,
        entry: f.other_sas,
    };
    f.ex.ws
        .set_storage_sas_secret(f.ex.uat, Some(secret))
        .unwrap();
    assert!(diff::changes(&f.ex.ws, f.ex.uat)
        .iter()
        .all(|c| !c.is_shared()));
}

/// A small deterministic generator, so the sequence of edits is the same
/// on every run and on every target.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// One edit among those an administrator makes; some are refused (an
/// entry still in use, a duplicate), which is part of the sequence.
fn random_edit(f: &mut Fixture, rng: &mut Lcg) {
    let ws = &mut f.ex.ws;
    let uat = f.ex.uat;
    let names = ["ana", "ben", "cy"];
    let name = names[rng.next(names.len())];
    let _ = match rng.next(14) {
        0 => ws.add_user(uat, common::user(name, &format!("{name}@contoso.com"))),
        1 => ws.remove_user(uat, name),
        2 => ws.update_environment(
            uat,
            common::env_input(["UAT", "UAT2"][rng.next(2)], "Validation before production"),
        ),
        3 => ws.update_environment(
            uat,
            common::env_input(
                "UAT",
                ["Validation before production", "Other"][rng.next(2)],
            ),
        ),
        4 => ws.set_storage_sas_secret(
            uat,
            [
                Some(SecretRef {
                    reference: f.ex.kv,
                    entry: f.ex.sas,
                }),
                Some(SecretRef {
                    reference: f.other,
                    entry: f.other_sas,
                }),
                None,
            ][rng.next(3)],
        ),
        5 => ws.set_environment_references(
            uat,
            [vec![f.archive], vec![], vec![f.other, f.archive]][rng.next(3)].clone(),
        ),
        6 => ws
            .add_application(uat, application(WEB_APP, "Web shop"))
            .map(|_| ()),
        7 => match ws.environment(uat).unwrap().applications().last() {
            Some(app) => {
                let app = app.id();
                ws.remove_application(uat, app)
            }
            None => Ok(()),
        },
        8 => ws
            .add_application(
                uat,
                application(POS_APP, "Submits invoices from the POS system"),
            )
            .map(|_| ()),
        9 => ws.move_chain_member(
            f.ex.kv,
            f.ex.chain,
            f.ex.root,
            [Direction::Up, Direction::Down][rng.next(2)],
        ),
        10 => ws.update_entry(
            f.ex.kv,
            f.ex.signing,
            entry_with(
                "signing",
                ["", "Signs invoices"][rng.next(2)],
                EntryType::Certificate,
            ),
        ),
        11 => ws.update_reference(
            f.archive,
            reference_with(
                "Archive",
                ["", "Old"][rng.next(2)],
                "https://archive-kv.vault.azure.net/",
            ),
        ),
        12 => ws
            .add_number_sequence(uat, common::sequence(&format!("S{}", rng.next(5)), ""))
            .map(|_| ()),
        _ => ws.update_entry(
            f.ex.kv,
            f.ex.sas,
            common::entry(
                ["einvoicing-sas", "sas-2026"][rng.next(2)],
                EntryType::Secret,
            ),
        ),
    };
}

#[test]
fn status_is_changed_exactly_when_there_are_changes_over_many_edits() {
    let mut f = published();
    let mut rng = Lcg(20261122);
    let (mut published_seen, mut changed_seen) = (0, 0);
    for step in 0..2000 {
        // Publish now and then, when nothing blocks it, as an administrator
        // would; the edits then start from a new snapshot.
        if step % 25 == 0 && f.ex.ws.problems(f.ex.uat).is_empty() {
            publish(&mut f.ex.ws, f.ex.uat);
        }
        random_edit(&mut f, &mut rng);
        let status = f.ex.ws.status(f.ex.uat).unwrap();
        let changes = diff::changes(&f.ex.ws, f.ex.uat);
        assert_eq!(
            status == Status::Changed,
            !changes.is_empty(),
            "step {step}: {status} with {changes:?}"
        );
        assert_ne!(status, Status::NotPublished);
        match status {
            Status::Published => published_seen += 1,
            _ => changed_seen += 1,
        }
    }
    // The sequence visits both states, so the rule was tested both ways.
    assert!(
        published_seen > 20 && changed_seen > 20,
        "{published_seen} {changed_seen}"
    );
}
