//! A workspace operation's refusal, reported at the item it refused.
//!
//! The operation says why (its message is the problem's message); this
//! says which rule code that is and which field of the item it concerns,
//! so `add_user` refusing a second `ana@contoso.com` is reported at
//! `…/users/3/email`.

use super::Builder;
use crate::file::{pointer, rule};
use crate::model::WorkspaceError;

/// The rule a refusal is about, and the field of the item it names.
fn classify(error: &WorkspaceError) -> (&'static str, Option<&'static str>) {
    use WorkspaceError as E;
    match error {
        E::DuplicateReferenceName { .. }
        | E::DuplicateEntryName { .. }
        | E::DuplicateChainName { .. }
        | E::DuplicateEnvironmentName { .. }
        | E::DuplicateSequenceName { .. }
        | E::DuplicateConnectedApplicationName { .. } => (rule::UNIQUE_NAME, Some("name")),
        E::DuplicateUserId { .. } => (rule::UNIQUE_USER, Some("userId")),
        E::DuplicateEmail { .. } => (rule::UNIQUE_USER, Some("email")),
        E::DuplicateApplication { .. } => (rule::UNIQUE_APPLICATION, Some("applicationId")),
        E::NotASecret { .. } => (rule::SAS_SECRET_REFERENCE, Some("secretName")),
        E::InvalidChainMember { .. } => (rule::CHAIN_MEMBER, None),
        E::EnvironmentLinked { .. } => (rule::ENVIRONMENT_LINK, None),
        // Refusals of edits to what exists (in use, deleted, never
        // published): adding to a new workspace never meets them.
        _ => (rule::WORKSPACE, None),
    }
}

impl Builder {
    /// Reports `error` at the field it names of the item at `item`.
    pub(super) fn refused(&mut self, item: &str, error: WorkspaceError) {
        let (rule, field) = classify(&error);
        let at = match field {
            Some(field) => pointer::field(item, field),
            None => item.to_owned(),
        };
        self.r.report(at, rule, error);
    }
}
