//! The stored format: the domain's `Workspace` (ids included, so list keys
//! and links survive a reload) inside a versioned envelope.
//!
//! A draft of this version is read in one pass; only a text that fails is
//! read again, to say why. Reading never discards anything: a text that
//! cannot be read as this version (damaged, edited by hand, written by a
//! newer console) comes back as [`Loaded::Unreadable`] with the text itself,
//! so the page can offer it for download before anything replaces it.

use domain::model::Workspace;
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
/// The version this console writes and reads.
pub const VERSION: u32 = 1;

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
    match head.version.as_ref().and_then(serde_json::Value::as_u64) {
        Some(v) if v > u64::from(VERSION) => {
            return unreadable(format!(
                "it was saved by a newer version of this console (format version {v}; this one reads {VERSION})"
            ))
        }
        Some(v) if v == u64::from(VERSION) => {}
        _ => return unreadable("its format version is missing or unknown".into()),
    }
    match serde_json::from_str::<StoredWorkspace>(&text) {
        Ok(stored) => Loaded::Restored(stored.workspace),
        Err(e) => unreadable(format!("it is damaged: {e}")),
    }
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
                good.replace("\"version\":1", "\"version\":2"),
                "newer version",
            ),
            (good.replace("\"version\":1,", ""), "version is missing"),
            (good.replace("\"UAT\"", "\"U A T\""), "damaged"),
            (good.replace("\"nextId\":1", "\"nextId\":0"), "damaged"),
            (good[..good.len() / 2].to_string(), "not valid JSON"),
            // Valid JSON of the wrong shape is said as what it means, never
            // with a parser's type names.
            ("null".to_string(), "not a workspace saved by this console"),
            ("42".to_string(), "not a workspace saved by this console"),
            ("[]".to_string(), "not a workspace saved by this console"),
            (
                good.replace("\"version\":1", "\"version\":\"1\""),
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
        assert_eq!(ws.key_vault_references()[0].certificates().len(), 5);
        // Saved again, it reads back equal in today's form.
        assert_eq!(decode(Some(encode(&ws))), Loaded::Restored(ws));
    }
}
