//! The last checks on a held body that read without a problem, and the
//! [`Incoming`] made of it.
//!
//! The body says some things twice: the Storage SAS token secret names its
//! Key Vault reference and that reference's URI, and the environment is its
//! own publication's snapshot. Read as this console reads it, a consistent
//! body is Published at once; one that would already read Changed (a SAS
//! secret's URI that is not its reference's, a name spelt two ways) is
//! refused, since adding it would show changes nobody made.

use super::refused::{BodyRefused, Envelope};
use super::Incoming;
use crate::answers::HeldNumberSequence;
use crate::diff;
use crate::file::{rule, FileProblem};
use crate::model::Workspace;
use crate::values::quoted;

/// The problems of a body that says one thing two ways.
fn inconsistencies(side: &Workspace) -> Vec<FileProblem> {
    let Some(env) = side.environments().first() else {
        return Vec::new();
    };
    let mut problems = Vec::new();
    let sas = env.storage_sas_secret().and_then(|s| side.resolve(s));
    if let (Some(publication), Some((reference, _))) = (env.publication(), sas) {
        let held = &publication.snapshot.storage_sas_token_secret.key_vault_uri;
        if held != reference.uri().as_str() {
            problems.push(FileProblem::new(
                "/storageSasTokenSecret/keyVaultUri",
                rule::SAS_SECRET_REFERENCE,
                format!(
                    "The Storage SAS token secret's Key Vault URI is {}, but Key Vault reference {} has the URI {}. They must name the same vault; whoever publishes the environment must publish it again.",
                    quoted(held),
                    quoted(reference.name().as_str()),
                    quoted(reference.uri().as_str())
                ),
            ));
        }
    }
    if problems.is_empty() {
        for change in diff::changes(side, env.id()) {
            problems.push(FileProblem::new(
                "",
                rule::WORKSPACE,
                format!("The environment does not agree with itself: read as this console reads it, it differs from what was published ({change}). Whoever publishes it must publish it again."),
            ));
        }
    }
    problems
}

/// The incoming environment, published by whom the envelope says, with
/// the service's number sequences; or why the body is refused.
pub(super) fn incoming(
    mut side: Workspace,
    schema_version: u32,
    envelope: &Envelope<'_>,
    sequences: &[HeldNumberSequence],
    name: String,
) -> Result<Incoming, BodyRefused> {
    let Some(environment) = side.environments.first_mut() else {
        return Err(BodyRefused::NotADetail {
            reason: "it holds no environment".into(),
        });
    };
    let id = environment.id();
    let Some(publication) = environment.publication.as_mut() else {
        return Err(BodyRefused::NotADetail {
            reason: "it holds no publication".into(),
        });
    };
    publication.published_by = envelope.published_by.clone();
    let problems = inconsistencies(&side);
    if !problems.is_empty() {
        return Err(BodyRefused::Broken { name, problems });
    }
    let unreadable_sequences = side
        .refresh_sequences(id, sequences)
        .map(|report| report.unreadable)
        .unwrap_or_default();
    Ok(Incoming {
        side,
        environment: id,
        schema_version,
        unreadable_sequences,
    })
}
