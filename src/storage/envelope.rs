//! The stored format: the domain's `Workspace` (ids included, so list keys
//! and links survive a reload) inside a versioned envelope.
//!
//! A draft of this version is read in one pass; only a text that fails is
//! read again, to say why. A draft of an older version is brought up to
//! date first ([`migrate`]): version 1 kept a chain of certificates as an
//! entry of type `certificateChain`; version 2 keeps it as a chain of its
//! reference, with the same id, name, description and members. Reading never
//! discards anything: a text that cannot be read (damaged, edited by hand,
//! written by a newer console) comes back as [`Loaded::Unreadable`] with the
//! text itself, so the page can offer it for download before anything
//! replaces it.

use domain::model::Workspace;
use domain::values::quoted;
use serde::{Deserialize, Serialize};

/// The key under which the administrator's own draft is kept.
pub const KEY: &str = "einvoicing-console/workspace";
/// The key under which the sample workspace is kept, apart from it.
pub const SAMPLE_KEY: &str = "einvoicing-console/sample";
/// The `sessionStorage` key that says which workspace this tab has open
/// (`"sample"`; absent for the administrator's own).
pub const OPEN_KEY: &str = "einvoicing-console/open";
/// What the envelope says it holds.
pub const FORMAT: &str = "einvoicing-console/stored-workspace";
/// The version this console writes (and the newest it reads; it reads
/// every older one through [`migrate`]).
pub const VERSION: u32 = 2;

/// Which workspace a tab has open: the administrator's own, or the sample
/// ("Try it with sample data"). Each is kept under its own key, so the two
/// never mix: nothing the sample does is ever written to the own key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Slot {
    Own,
    Sample,
}

impl Slot {
    /// The `localStorage` key of the workspace.
    pub fn key(self) -> &'static str {
        match self {
            Slot::Own => KEY,
            Slot::Sample => SAMPLE_KEY,
        }
    }

    /// What `sessionStorage` holds under [`OPEN_KEY`] while this one is
    /// open (`None`: nothing, the default).
    pub fn remembered(self) -> Option<&'static str> {
        match self {
            Slot::Own => None,
            Slot::Sample => Some("sample"),
        }
    }

    /// The workspace a tab opens, from what its `sessionStorage` holds:
    /// the sample only when it says so; anything else is the own one.
    pub fn from_remembered(text: Option<&str>) -> Slot {
        match text {
            Some("sample") => Slot::Sample,
            _ => Slot::Own,
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StoredWorkspace {
    pub format: String,
    pub version: u32,
    pub workspace: Workspace,
}

/// What was found in storage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Loaded {
    /// Nothing stored yet: a first visit.
    Empty,
    /// The draft, as it was left.
    Restored(Workspace),
    /// Something that cannot be read as a draft of this version, and why.
    Unreadable { text: String, reason: String },
}

/// The stored text for a workspace.
pub fn encode(workspace: &Workspace) -> String {
    #[derive(Serialize)]
    struct Envelope<'a> {
        format: &'a str,
        version: u32,
        workspace: &'a Workspace,
    }
    serde_json::to_string(&Envelope {
        format: FORMAT,
        version: VERSION,
        workspace,
    })
    .expect("a workspace always serialises")
}

/// Reads a stored text back.
pub fn decode(text: Option<String>) -> Loaded {
    let Some(text) = text else {
        return Loaded::Empty;
    };
    let unreadable = |reason: String| Loaded::Unreadable {
        text: text.clone(),
        reason,
    };
    // The common case in one pass: a draft of this version (checking the
    // envelope first would scan the whole half megabyte of a 10,000-user
    // draft once more).
    if let Ok(stored) = serde_json::from_str::<StoredWorkspace>(&text) {
        if stored.format == FORMAT && stored.version == VERSION {
            return Loaded::Restored(stored.workspace);
        }
    }
    // Otherwise the envelope, so a newer version is told apart from damage.
    // Its fields are read as any JSON, so a wrong type is told as what it
    // means here, not as a parser's type names.
    #[derive(Deserialize)]
    struct Head {
        format: Option<serde_json::Value>,
        version: Option<serde_json::Value>,
    }
    let head = match serde_json::from_str::<Head>(&text) {
        Ok(head) => head,
        Err(e) if e.is_syntax() || e.is_eof() => {
            return unreadable(format!("it is not valid JSON ({e})"))
        }
        // Valid JSON, but not an object (null, a number, a list, a text).
        Err(_) => return unreadable("it is not a workspace saved by this console".into()),
    };
    if head.format.as_ref().and_then(serde_json::Value::as_str) != Some(FORMAT) {
        return unreadable("it is not a workspace saved by this console".into());
    }
    let version = match head.version.as_ref().and_then(serde_json::Value::as_u64) {
        Some(v) if v > u64::from(VERSION) => {
            return unreadable(format!(
                "it was saved by a newer version of this console (format version {v}; this one reads {VERSION})"
            ))
        }
        Some(v @ 1..) => v,
        _ => return unreadable("its format version is missing or unknown".into()),
    };
    let read = if version == u64::from(VERSION) {
        serde_json::from_str::<StoredWorkspace>(&text)
    } else {
        let migrated = serde_json::from_str::<serde_json::Value>(&text)
            .map_err(|e| MigrationError::Damaged(e.to_string()))
            .and_then(|value| migrate(value, version));
        match migrated {
            // Read back through the text parser the current version uses:
            // `from_value` would compile a second reader of the whole
            // workspace into the bundle (about 30 KB of wasm) for a step
            // each older draft takes once.
            Ok(value) => serde_json::from_str::<StoredWorkspace>(&value.to_string()),
            Err(e) => return unreadable(e.to_string()),
        }
    };
    match read {
        Ok(stored) => Loaded::Restored(stored.workspace),
        Err(e) => unreadable(format!("it is damaged: {e}")),
    }
}

/// Brings a stored draft of version `from` to [`VERSION`], one version at a
/// time, as JSON.
fn migrate(mut stored: serde_json::Value, from: u64) -> Result<serde_json::Value, MigrationError> {
    if from == 1 {
        one_to_two(&mut stored["workspace"])?;
    }
    stored["version"] = VERSION.into();
    Ok(stored)
}

/// Version 1 to 2: each entry's `kind: {"type": …}` becomes its `type`, and
/// an entry of type `certificateChain` becomes a chain of its reference
/// (`chains`), with the same id, name, description and members in order.
/// Nothing else changes: publication snapshots are publish payloads, read
/// in either version by the domain.
fn one_to_two(workspace: &mut serde_json::Value) -> Result<(), MigrationError> {
    use serde_json::{json, Value};
    let Some(references) = workspace
        .get_mut("keyVaultReferences")
        .and_then(Value::as_array_mut)
    else {
        return Ok(());
    };
    for reference in references {
        let Some(entries) = reference
            .get_mut("certificates")
            .and_then(Value::as_array_mut)
        else {
            continue;
        };
        let mut kept = Vec::with_capacity(entries.len());
        let mut chains = Vec::new();
        for mut entry in entries.drain(..) {
            let kind = entry
                .as_object_mut()
                .and_then(|e| e.remove("kind"))
                .ok_or(MigrationError::Damaged("an entry has no kind".into()))?;
            match kind["type"].as_str() {
                Some("certificateChain") => {
                    let (name, description) = fit_chain_name(
                        entry["name"].as_str().unwrap_or_default(),
                        entry["description"].as_str().unwrap_or_default(),
                        chains.len(),
                    )?;
                    chains.push(json!({
                        "id": entry["id"],
                        "name": name,
                        "description": description,
                        "members": kind.get("members").cloned().unwrap_or_else(|| json!([])),
                    }));
                }
                Some(entry_type) => {
                    entry["type"] = entry_type.into();
                    kept.push(entry);
                }
                None => {
                    return Err(MigrationError::Damaged(
                        "an entry's kind has no type".into(),
                    ))
                }
            }
        }
        *entries = kept;
        reference["chains"] = chains.into();
    }
    Ok(())
}

/// Why an older draft could not be brought to [`VERSION`]; said on the
/// recovery screen after "could not be read: ".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
enum MigrationError {
    #[error("it is damaged: {0}")]
    Damaged(String),
    #[error("it was saved by an earlier version of this console, and its chain of certificates {} cannot be brought forward whole: its name has {count} characters, more than the {NAME_MAX} a chain's name may have, and its description has no room to keep the name", quoted(.name))]
    ChainNameWontFit { name: String, count: usize },
}

/// The longest name and description the general rules allow (`Name`,
/// `Description`).
const NAME_MAX: usize = 100;
const DESCRIPTION_MAX: usize = 1000;

/// A version 1 chain entry's name was a Key Vault object name (up to 127
/// letters, digits and hyphens); a chain's name follows the general Name
/// rule (up to 100 characters). A longer name is shortened to fit, with the
/// chain's place in its reference so two shortened names stay apart, and
/// kept whole at the start of the description: the draft opens and nothing
/// is lost. When the description has no room for it, the draft is not
/// migrated (the recovery screen keeps it, with this reason).
fn fit_chain_name(
    name: &str,
    description: &str,
    place: usize,
) -> Result<(String, String), MigrationError> {
    if name.chars().count() <= NAME_MAX {
        return Ok((name.to_owned(), description.to_owned()));
    }
    let kept = format!(
        "Named {name} before version 2.{}{description}",
        if description.is_empty() { "" } else { " " }
    );
    if kept.chars().count() > DESCRIPTION_MAX {
        return Err(MigrationError::ChainNameWontFit {
            name: name.to_owned(),
            count: name.chars().count(),
        });
    }
    let short: String = name.chars().take(90).collect();
    Ok((format!("{short}… ({})", place + 1), kept))
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::model::EnvironmentInput;
    use domain::values::{Description, EnvironmentName};

    fn workspace() -> Workspace {
        let mut ws = Workspace::new();
        ws.add_environment(EnvironmentInput {
            name: EnvironmentName::parse("UAT").unwrap(),
            description: Description::parse("Validation").unwrap(),
            dataverse_endpoint: None,
        })
        .unwrap();
        ws
    }

    #[test]
    fn the_sample_is_kept_under_its_own_key_and_only_a_tab_that_says_so_opens_it() {
        assert_eq!(Slot::Own.key(), "einvoicing-console/workspace");
        assert_eq!(Slot::Sample.key(), "einvoicing-console/sample");
        assert_ne!(Slot::Own.key(), Slot::Sample.key());
        for slot in [Slot::Own, Slot::Sample] {
            assert_eq!(Slot::from_remembered(slot.remembered()), slot);
        }
        for other in ["", "own", "Sample", "SAMPLE", "sample "] {
            assert_eq!(Slot::from_remembered(Some(other)), Slot::Own, "{other:?}");
        }
    }

    #[test]
    fn a_saved_workspace_reads_back_equal() {
        let ws = workspace();
        assert_eq!(decode(Some(encode(&ws))), Loaded::Restored(ws));
        assert_eq!(decode(None), Loaded::Empty);
    }

    #[test]
    fn encoding_is_stable_so_an_unchanged_workspace_is_not_rewritten() {
        let ws = workspace();
        assert_eq!(encode(&ws), encode(&ws.clone()));
    }

    #[test]
    fn what_cannot_be_read_comes_back_whole_with_a_reason() {
        let good = encode(&workspace());
        let cases = [
            ("{not json".to_string(), "not valid JSON"),
            (
                r#"{"hello":1}"#.to_string(),
                "not a workspace saved by this console",
            ),
            (
                good.replace("\"version\":2", "\"version\":3"),
                "newer version",
            ),
            (good.replace("\"version\":2,", ""), "version is missing"),
            (good.replace("\"UAT\"", "\"U A T\""), "damaged"),
            (good.replace("\"nextId\":1", "\"nextId\":0"), "damaged"),
            (good[..good.len() / 2].to_string(), "not valid JSON"),
            // Valid JSON of the wrong shape is said as what it means, never
            // with a parser's type names.
            ("null".to_string(), "not a workspace saved by this console"),
            ("42".to_string(), "not a workspace saved by this console"),
            ("[]".to_string(), "not a workspace saved by this console"),
            (
                good.replace("\"version\":2", "\"version\":\"2\""),
                "version is missing or unknown",
            ),
            (
                good.replace("\"nextId\"", "\"injected\":true,\"nextId\""),
                "unknown field `injected`",
            ),
        ];
        for (text, reason) in cases {
            match decode(Some(text.clone())) {
                Loaded::Unreadable {
                    text: kept,
                    reason: why,
                } => {
                    assert_eq!(kept, text, "the text is kept as it was");
                    assert!(why.contains(reason), "{why} should say {reason}");
                    assert!(
                        !why.contains("expected struct") && !why.contains("Head"),
                        "{why}"
                    );
                }
                other => panic!("{text}: {other:?}"),
            }
        }
    }

    /// A draft stored by the console as released before Publish (commit
    /// c4a1d3b, before the publish history and the request timeout
    /// existed): this console reads it with nothing lost, and the fields
    /// added since take their defaults. When the stored format changes in a
    /// way defaults cannot bridge, VERSION moves and a fixture like this
    /// one pins the migration.
    #[test]
    fn a_draft_stored_before_publishing_existed_still_loads_whole() {
        use domain::status::Status;
        use domain::values::RequestTimeout;
        let text = include_str!("fixtures/stored-v1-before-publishing.json");
        let Loaded::Restored(ws) = decode(Some(text.to_string())) else {
            panic!(
                "the older draft did not load: {:?}",
                decode(Some(text.to_string()))
            );
        };
        let uat = ws.environment_by_name("UAT").expect("UAT is there");
        assert_eq!(uat.users().len(), 2);
        assert_eq!(uat.publication().unwrap().revision.as_str(), "3");
        assert_eq!(
            ws.status(uat.id()),
            Some(Status::Changed),
            "ben was added after publishing"
        );
        assert!(uat.history().is_empty());
        assert_eq!(ws.settings().timeout, RequestTimeout::DEFAULT);
        // Its certificate chain entry is a chain of the reference now.
        assert_eq!(ws.key_vault_references()[0].certificates().len(), 4);
        assert_eq!(ws.key_vault_references()[0].chains().len(), 1);
        // Saved again, it reads back equal in today's form.
        assert_eq!(decode(Some(encode(&ws))), Loaded::Restored(ws));
    }

    /// A draft stored by the release before chains of certificates became
    /// objects of their own (commit 044fe39, format version 1): the sample
    /// workspace, UAT published at revision 7 and PROD at revision 3 and
    /// edited since. It loads whole; the chain entry is a chain of its
    /// reference with the same id, name, description and members in order;
    /// every environment keeps its status.
    #[test]
    fn a_version_1_draft_with_a_chain_loads_whole_with_its_chain_and_statuses() {
        use domain::status::Status;
        let text = include_str!("fixtures/stored-v1-with-chain.json");
        assert!(text.contains("\"version\":1"), "a version 1 draft");
        assert!(text.contains("\"certificateChain\""), "with a chain entry");
        let Loaded::Restored(ws) = decode(Some(text.to_string())) else {
            panic!(
                "the version 1 draft did not load: {:?}",
                decode(Some(text.to_string()))
            );
        };
        let kv = &ws.key_vault_references()[0];
        let entries: Vec<&str> = kv
            .certificates()
            .iter()
            .map(|e| e.name().as_str())
            .collect();
        assert_eq!(
            entries,
            [
                "contoso-storage-sas",
                "contoso-root-ca",
                "contoso-issuing-ca",
                "contoso-einvoice-signing"
            ]
        );
        let [chain] = kv.chains() else {
            panic!("one chain: {:?}", kv.chains());
        };
        assert_eq!(chain.name().as_str(), "contoso-signing-chain");
        assert_eq!(
            chain.description().as_str(),
            "Root, intermediate and signing certificate, in order"
        );
        let members: Vec<&str> = chain
            .members()
            .iter()
            .map(|m| kv.entry(*m).unwrap().name().as_str())
            .collect();
        assert_eq!(
            members,
            [
                "contoso-root-ca",
                "contoso-issuing-ca",
                "contoso-einvoice-signing"
            ]
        );
        let status = |name: &str| ws.status(ws.environment_by_name(name).unwrap().id());
        assert_eq!(
            status("UAT"),
            Some(Status::Published),
            "published with a v1 payload"
        );
        assert_eq!(
            status("PROD"),
            Some(Status::Changed),
            "edited after publishing"
        );
        let uat = ws.environment_by_name("UAT").unwrap();
        assert_eq!(uat.publication().unwrap().revision.as_str(), "7");
        assert_eq!(uat.users().len(), 3);
        assert_eq!(uat.number_sequences().len(), 2);
        assert!(diff_is_empty(&ws, uat.id()));
        // The application it had keeps every value; it has no name yet, so
        // UAT cannot be published again until it is named.
        let app = &uat.applications()[0];
        assert_eq!(app.name(), None);
        assert_eq!(
            app.application_id().as_str(),
            "9d4e2f61-7c3b-4a85-8e1f-0b2d4c6a8e9f"
        );
        assert_eq!(ws.connected_applications().len(), 1);
        // Saved again, it is version 2, and reads back equal.
        let again = encode(&ws);
        assert!(again.contains("\"version\":2"));
        assert!(
            !again.contains("\"certificateChain\""),
            "no chain entry is left"
        );
        assert_eq!(decode(Some(again)), Loaded::Restored(ws));
    }

    /// The version 1 fixture with its chain entry's name and description
    /// replaced.
    fn v1_with_chain_named(name: &str, description: &str) -> String {
        let mut v: serde_json::Value =
            serde_json::from_str(include_str!("fixtures/stored-v1-with-chain.json")).unwrap();
        let entry = &mut v["workspace"]["keyVaultReferences"][0]["certificates"][4];
        assert_eq!(entry["kind"]["type"], "certificateChain");
        entry["name"] = name.into();
        entry["description"] = description.into();
        v.to_string()
    }

    /// A Key Vault object name may be 127 characters, a chain's name 100:
    /// a longer chain name from a version 1 draft is shortened, numbered,
    /// and kept whole in the description; the draft opens.
    #[test]
    fn a_version_1_chain_name_longer_than_a_name_may_be_is_kept_in_the_description() {
        let long = format!("contoso-{}", "signing-".repeat(14)); // 120 characters
        assert_eq!(long.chars().count(), 120);
        let text = v1_with_chain_named(&long, "Root first");
        let Loaded::Restored(ws) = decode(Some(text.clone())) else {
            panic!("did not load: {:?}", decode(Some(text)));
        };
        let [chain] = ws.key_vault_references()[0].chains() else {
            panic!("one chain");
        };
        let short: String = long.chars().take(90).collect();
        assert_eq!(chain.name().as_str(), format!("{short}… (1)"));
        assert_eq!(
            chain.description().as_str(),
            format!("Named {long} before version 2. Root first")
        );
        assert_eq!(chain.members().len(), 3, "its members stay");

        // No room in the description: the draft is kept unread, with why.
        let text = v1_with_chain_named(&long, &"d".repeat(990));
        let Loaded::Unreadable { text: kept, reason } = decode(Some(text.clone())) else {
            panic!("a draft whose chain name cannot be kept was migrated");
        };
        assert_eq!(kept, text, "the stored text comes back whole");
        assert_eq!(
            reason,
            format!("it was saved by an earlier version of this console, and its chain of certificates {} cannot be brought forward whole: its name has 120 characters, more than the 100 a chain's name may have, and its description has no room to keep the name", domain::values::quoted(&long))
        );
    }

    fn diff_is_empty(ws: &Workspace, env: domain::model::Id) -> bool {
        domain::diff::changes(ws, env).is_empty()
    }
}
