//! What the two readers of a published snapshot share ([`super::snapshot`]
//! for the environment, [`super::snapshot_vault`] for its Key Vault
//! references): the contract version whose shape the snapshot is read in,
//! and how a text goes through its constructor.

use serde_json::Value;

/// The contract version whose shape a snapshot is read in: the one its
/// `schemaVersion` names, version 2's when that cannot be read (which is
/// reported).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    /// Chains as entries of type `certificateChain`, applications without
    /// names, no Dataverse endpoint URI.
    V1,
    V2,
}

impl Shape {
    pub(super) fn of(snapshot: &Value) -> Shape {
        match snapshot.get("schemaVersion").and_then(Value::as_u64) {
            Some(1) => Shape::V1,
            _ => Shape::V2,
        }
    }
}

/// A text through its constructor, kept in its normalised form.
pub(super) fn text<T: AsRef<str>, E>(
    parse: impl Fn(&str) -> Result<T, E>,
) -> impl Fn(&str) -> Result<String, E> {
    move |s| parse(s).map(|v| v.as_ref().to_owned())
}
