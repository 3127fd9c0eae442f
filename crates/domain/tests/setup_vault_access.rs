//! The commands that give the e-Invoicing service its access to a vault:
//! the vault's name in every command, the right cloud, the exact text for
//! one vault, one set per vault however many references name it.

use domain::model::{KeyVaultReferenceInput, Workspace};
use domain::setup::vault_access::{
    self, for_vault, shell_word, Access, Commands, Purpose, CERTIFICATES_ROLE, SECRETS_ROLE,
    SERVICE_APP_ID,
};
use domain::values::{Description, KeyVaultUri, Name, VaultName};

fn uri(text: &str) -> KeyVaultUri {
    KeyVaultUri::parse(text).unwrap()
}

fn blocks(uri_text: &str) -> Vec<Commands> {
    match for_vault(&uri(uri_text)) {
        Access::Commands(blocks) => blocks,
        Access::Unavailable(why) => panic!("no commands for {uri_text}: {why}"),
    }
}

fn block(blocks: &[Commands], purpose: Purpose) -> &Commands {
    blocks
        .iter()
        .find(|b| b.purpose == purpose)
        .unwrap_or_else(|| panic!("no {purpose:?} block"))
}

fn workspace(references: &[(&str, &str)]) -> Workspace {
    let mut ws = Workspace::new();
    for (name, uri_text) in references {
        ws.add_reference(KeyVaultReferenceInput {
            name: Name::parse(name).unwrap(),
            description: Description::parse("").unwrap(),
            uri: uri(uri_text),
        })
        .unwrap();
    }
    ws
}

#[test]
fn every_cloud_gets_its_vault_name_in_every_command_and_its_own_cloud_line() {
    let cases = [
        (
            "https://contoso-einvoicing.vault.azure.net/",
            "contoso-einvoicing",
            None,
        ),
        (
            "https://Fabrikam-CN.vault.azure.cn",
            "fabrikam-cn",
            Some("az cloud set --name AzureChinaCloud\naz login"),
        ),
        (
            "https://tailspin-gov.vault.usgovcloudapi.net/",
            "tailspin-gov",
            Some("az cloud set --name AzureUSGovernment\naz login"),
        ),
    ];
    for (uri_text, vault, cloud_line) in cases {
        let blocks = blocks(uri_text);
        let purposes: Vec<Purpose> = blocks.iter().map(|b| b.purpose).collect();
        let expected: Vec<Purpose> = cloud_line
            .map(|_| Purpose::Cloud)
            .into_iter()
            .chain([
                Purpose::Check,
                Purpose::ServicePrincipal,
                Purpose::AccessPolicies,
                Purpose::Rbac,
            ])
            .collect();
        assert_eq!(
            purposes, expected,
            "{uri_text}: the blocks, in reading order"
        );
        match cloud_line {
            Some(text) => assert_eq!(block(&blocks, Purpose::Cloud).text, text, "{uri_text}"),
            None => assert!(
                blocks.iter().all(|b| !b.text.contains("az cloud set")),
                "the global cloud needs no cloud line"
            ),
        }
        for purpose in [Purpose::Check, Purpose::AccessPolicies, Purpose::Rbac] {
            let text = &block(&blocks, purpose).text;
            assert!(
                text.contains(&format!("--name {vault} ")),
                "{uri_text}: {purpose:?} names the vault {vault}: {text}"
            );
        }
        for purpose in [
            Purpose::Check,
            Purpose::ServicePrincipal,
            Purpose::AccessPolicies,
            Purpose::Rbac,
        ] {
            let text = &block(&blocks, purpose).text;
            assert!(
                text.contains(SERVICE_APP_ID),
                "{uri_text}: {purpose:?} names the e-Invoicing Service: {text}"
            );
        }
    }
}

#[test]
fn the_exact_commands_for_one_vault() {
    let blocks = blocks("https://contoso-einvoicing.vault.azure.net/");
    assert_eq!(
        block(&blocks, Purpose::Check).text,
        "az keyvault show --name contoso-einvoicing \\\n  --query properties.enableRbacAuthorization --output tsv\naz ad sp show --id ecd93392-c922-4f48-9ddf-10741e4a9b65 \\\n  --query displayName --output tsv"
    );
    assert_eq!(
        block(&blocks, Purpose::ServicePrincipal).text,
        "az ad sp create --id ecd93392-c922-4f48-9ddf-10741e4a9b65"
    );
    assert_eq!(
        block(&blocks, Purpose::AccessPolicies).text,
        "az keyvault set-policy --name contoso-einvoicing \\\n  --spn ecd93392-c922-4f48-9ddf-10741e4a9b65 \\\n  --secret-permissions get list \\\n  --certificate-permissions get list"
    );
    assert_eq!(
        block(&blocks, Purpose::Rbac).text,
        "VAULT_ID=$(az keyvault show --name contoso-einvoicing --query id --output tsv) &&\n[ -n \"$VAULT_ID\" ] &&\naz role assignment create --assignee ecd93392-c922-4f48-9ddf-10741e4a9b65 \\\n  --role \"Key Vault Secrets User\" --scope \"$VAULT_ID\" &&\naz role assignment create --assignee ecd93392-c922-4f48-9ddf-10741e4a9b65 \\\n  --role \"Key Vault Certificate User\" --scope \"$VAULT_ID\""
    );
}

#[test]
fn the_role_assignments_run_only_once_the_vault_is_found() {
    // An empty --scope would make `az role assignment create` assign at the
    // whole subscription: every line but the last ends with `&&`, so a
    // failed look-up, or one that gave no ID, stops them.
    let text = block(
        &blocks("https://contoso-einvoicing.vault.azure.net/"),
        Purpose::Rbac,
    )
    .text
    .clone();
    let commands: Vec<&str> = text.split(" &&\n").collect();
    assert_eq!(commands.len(), 4, "{text}");
    assert!(commands[0].starts_with("VAULT_ID=$(az keyvault show "));
    assert_eq!(commands[1], "[ -n \"$VAULT_ID\" ]");
    for command in &commands[2..] {
        assert!(command.contains("--scope \"$VAULT_ID\""), "{command}");
    }
    assert_eq!(
        [SECRETS_ROLE, CERTIFICATES_ROLE],
        ["Key Vault Secrets User", "Key Vault Certificate User"],
        "the built-in roles' names, spelled as Azure spells them"
    );
}

#[test]
fn every_line_is_a_whole_command_or_continues_the_one_before() {
    // What the copied text does in bash: a line ends a command, ends with
    // " \" (continued) or " &&" (the next runs only if it succeeded); no
    // comment line (zsh would run it), no trailing newline or blank line.
    for uri_text in [
        "https://contoso-einvoicing.vault.azure.net/",
        "https://fabrikam-cn.vault.azure.cn/",
    ] {
        for b in blocks(uri_text) {
            assert!(!b.text.ends_with('\n'), "{:?}", b.purpose);
            for line in b.text.lines() {
                assert!(!line.trim().is_empty(), "{:?}: a blank line", b.purpose);
                assert!(
                    !line.trim_start().starts_with('#'),
                    "{:?}: {line}",
                    b.purpose
                );
                assert!(
                    !line.ends_with(' '),
                    "{:?}: trailing space: {line:?}",
                    b.purpose
                );
                if line.ends_with('\\') {
                    assert!(line.ends_with(" \\"), "{line}");
                }
            }
            let quotes = b.text.matches('"').count();
            assert_eq!(quotes % 2, 0, "{:?}: unbalanced quotes", b.purpose);
        }
    }
}

#[test]
fn a_retired_cloud_has_nothing_to_run_and_says_why() {
    match for_vault(&uri("https://contoso-de.vault.microsoftazure.de/")) {
        Access::Unavailable(why) => {
            assert!(
                why.contains("https://contoso-de.vault.microsoftazure.de/"),
                "{why}"
            );
            assert!(why.contains("Microsoft Cloud Deutschland"), "{why}");
            assert!(why.contains("Move the vault"), "{why}");
        }
        Access::Commands(blocks) => panic!("commands for a retired cloud: {blocks:?}"),
    }
}

#[test]
fn one_set_per_vault_naming_every_reference_that_points_at_it() {
    let ws = workspace(&[
        ("ContosoKV", "https://contoso-einvoicing.vault.azure.net/"),
        ("FabrikamKV", "https://fabrikam-cn.vault.azure.cn/"),
        ("ContosoAgain", "https://CONTOSO-einvoicing.vault.azure.net"),
    ]);
    let vaults = vault_access::of(&ws);
    let listed: Vec<(&str, Vec<&str>)> = vaults
        .iter()
        .map(|v| {
            (
                v.vault().as_str(),
                v.references.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        listed,
        [
            ("contoso-einvoicing", vec!["ContosoKV", "ContosoAgain"]),
            ("fabrikam-cn", vec!["FabrikamKV"]),
        ]
    );
    assert!(vault_access::of(&Workspace::new()).is_empty());
}

/// A draft from before Managed HSMs were refused keeps such a reference,
/// marked; it names no vault the service can read, so it has no commands,
/// and the other references' vaults still do.
#[test]
fn a_stored_managed_hsm_reference_gets_no_commands() {
    let ws = workspace(&[
        ("ContosoKV", "https://contoso-einvoicing.vault.azure.net/"),
        ("HsmKV", "https://fabrikam-cn.vault.azure.cn/"),
    ]);
    let mut stored = serde_json::to_value(&ws).unwrap();
    stored["keyVaultReferences"][1]["uri"] = "https://contoso-hsm.managedhsm.azure.net/".into();
    let ws: Workspace = serde_json::from_value(stored).expect("kept, marked");
    let vaults = vault_access::of(&ws);
    let listed: Vec<(&str, &[String])> = vaults
        .iter()
        .map(|v| (v.vault().as_str(), v.references.as_slice()))
        .collect();
    assert_eq!(
        listed,
        [("contoso-einvoicing", &["ContosoKV".to_string()][..])]
    );
}

#[test]
fn a_word_is_quoted_for_bash_only_when_it_needs_it() {
    for name in [
        "contoso-einvoicing",
        "a1b",
        "Z-9-z",
        "abcdefghijklmnopqrstuvwx",
    ] {
        let vault = VaultName::parse(name).unwrap();
        assert_eq!(
            shell_word(vault.as_str()),
            vault.as_str(),
            "a vault name is one plain word"
        );
    }
    assert_eq!(shell_word("a b"), "'a b'");
    assert_eq!(shell_word("$(rm -rf ~)"), "'$(rm -rf ~)'");
    assert_eq!(shell_word("it's"), r"'it'\''s'");
    assert_eq!(shell_word("`x`;y"), "'`x`;y'");
    assert_eq!(shell_word(""), "''");
}

/// Runs `text` in bash with `az` replaced by a function that records each
/// call's arguments (one per line, calls separated by `--`) and answers
/// `az keyvault show … --query id` with `vault_id`: failing when it is
/// empty (as for a vault the CLI cannot find), succeeding with no output
/// when it is `-`.
fn run_in_bash(text: &str, vault_id: &str) -> Vec<Vec<String>> {
    let fake = r#"
az() {
  printf '%s\n' "$@" -- >> "$CALLS"
  if [ "$1 $2" = "keyvault show" ] && [ "$6" = id ]; then
    [ -n "$VAULT_ID_ANSWER" ] || return 3
    [ "$VAULT_ID_ANSWER" = - ] || printf '%s\n' "$VAULT_ID_ANSWER"
  fi
}
"#;
    let dir = std::env::temp_dir().join(format!("vault-access-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let calls = dir.join(format!("calls-{}", text.len() + vault_id.len()));
    let _ = std::fs::remove_file(&calls);
    let status = std::process::Command::new("bash")
        .arg("--norc")
        .arg("-c")
        .arg(format!("{fake}\n{text}\n"))
        .env("CALLS", &calls)
        .env("VAULT_ID_ANSWER", vault_id)
        .status()
        .expect("bash runs");
    assert!(status.code().is_some(), "bash ended by a signal");
    let recorded = std::fs::read_to_string(&calls).unwrap_or_default();
    let _ = std::fs::remove_file(&calls);
    let mut out = vec![Vec::new()];
    for line in recorded.lines() {
        if line == "--" {
            out.push(Vec::new());
        } else {
            out.last_mut().unwrap().push(line.to_string());
        }
    }
    out.pop();
    out
}

fn args(line: &str) -> Vec<String> {
    line.split(' ').map(String::from).collect()
}

#[test]
fn bash_runs_each_block_as_the_intended_az_calls() {
    let app = SERVICE_APP_ID;
    let blocks = blocks("https://contoso-einvoicing.vault.azure.net/");
    assert_eq!(
        run_in_bash(&block(&blocks, Purpose::AccessPolicies).text, ""),
        [args(&format!(
            "keyvault set-policy --name contoso-einvoicing --spn {app} --secret-permissions get list --certificate-permissions get list"
        ))]
    );
    assert_eq!(
        run_in_bash(&block(&blocks, Purpose::ServicePrincipal).text, ""),
        [args(&format!("ad sp create --id {app}"))]
    );
    assert_eq!(
        run_in_bash(&block(&blocks, Purpose::Check).text, ""),
        [
            args("keyvault show --name contoso-einvoicing --query properties.enableRbacAuthorization --output tsv"),
            args(&format!("ad sp show --id {app} --query displayName --output tsv")),
        ]
    );
    let id = "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/contoso-einvoicing";
    let assign = |role: &str| {
        let mut call = args(&format!("role assignment create --assignee {app} --role"));
        call.push(role.to_string());
        call.extend(args(&format!("--scope {id}")));
        call
    };
    assert_eq!(
        run_in_bash(&block(&blocks, Purpose::Rbac).text, id),
        [
            args("keyvault show --name contoso-einvoicing --query id --output tsv"),
            assign("Key Vault Secrets User"),
            assign("Key Vault Certificate User"),
        ],
        "each role name is one argument, the scope the vault's resource ID"
    );
    assert_eq!(
        run_in_bash(&block(&blocks, Purpose::Rbac).text, ""),
        [args(
            "keyvault show --name contoso-einvoicing --query id --output tsv"
        )],
        "a vault the CLI cannot find assigns nothing (never at the subscription)"
    );
    assert_eq!(
        run_in_bash(&block(&blocks, Purpose::Rbac).text, "-"),
        [args(
            "keyvault show --name contoso-einvoicing --query id --output tsv"
        )],
        "nor does a look-up that gives no ID"
    );
}
