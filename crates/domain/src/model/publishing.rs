//! What a publish, a refresh from the service or a number-sequence sync
//! records in the workspace: the publish history, the service's version of
//! an environment taken over after a conflict, and In use / Current value
//! as the service reports them.
//!
//! None of these changes what the administrator configured except
//! [`Workspace::adopt_held`], which the administrator asks for explicitly
//! ("Reload the service's version").

use super::environment::{NumberSequenceInput, Publication, PublishRecord};
use super::error::WorkspaceError;
use super::ids::Id;
use super::restore::DiscardReport;
use super::workspace::{same_name, Workspace};
use crate::answers::{HeldEnvironmentDetail, HeldNumberSequence};
use crate::values::{Description, SequenceName};

/// How many publish attempts an environment's history keeps.
pub const HISTORY_LENGTH: usize = 50;

/// What a refresh of the number sequences found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SequenceRefresh {
    /// Held by the service and now added here.
    pub added: Vec<String>,
    /// Here but not held by the service.
    pub not_on_service: Vec<String>,
    /// Held by the service under a name or description this page refuses
    /// (not added).
    pub unreadable: Vec<String>,
}

impl Workspace {
    /// Appends one attempt to the environment's publish history, dropping
    /// the oldest beyond [`HISTORY_LENGTH`].
    pub fn record_attempt(
        &mut self,
        environment: Id,
        record: PublishRecord,
    ) -> Result<(), WorkspaceError> {
        let history = &mut self.environment_mut(environment)?.history;
        history.push(record);
        let excess = history.len().saturating_sub(HISTORY_LENGTH);
        history.drain(..excess);
        Ok(())
    }

    /// Takes over the version the service holds (after someone else
    /// published): it becomes this environment's publication, and the
    /// environment's own settings are put back as it (see
    /// [`Workspace::discard_changes`], whose report says what could not).
    pub fn adopt_held(
        &mut self,
        environment: Id,
        held: HeldEnvironmentDetail,
    ) -> Result<DiscardReport, WorkspaceError> {
        let before = self.clone();
        self.record_publication(
            environment,
            Publication {
                revision: held.revision,
                published_at: held.published_at,
                snapshot: held.environment,
                published_by: held.published_by,
            },
        )?;
        self.discard_changes(environment)
            .inspect_err(|_| *self = before)
    }

    /// Sets In use and Current value from the service's list, adds the
    /// sequences the service holds that this page does not, and reports
    /// those it does not hold. Never changes the environment's status.
    pub fn refresh_sequences(
        &mut self,
        environment: Id,
        held: &[HeldNumberSequence],
    ) -> Result<SequenceRefresh, WorkspaceError> {
        let mut report = SequenceRefresh::default();
        let local: Vec<(Id, String)> = self
            .environment(environment)
            .ok_or(WorkspaceError::NotFound {
                what: "service environment",
            })?
            .number_sequences()
            .iter()
            .map(|s| (s.id(), s.name().to_string()))
            .collect();
        for (id, name) in &local {
            match held.iter().find(|h| same_name(&h.name, name)) {
                Some(h) => self.set_sequence_usage(environment, *id, h.in_use, h.current)?,
                None => report.not_on_service.push(name.clone()),
            }
        }
        for h in held {
            if local.iter().any(|(_, name)| same_name(&h.name, name)) {
                continue;
            }
            let input = match (
                SequenceName::parse(&h.name),
                Description::parse(&h.description),
            ) {
                (Ok(name), Ok(description)) => NumberSequenceInput { name, description },
                _ => {
                    report.unreadable.push(h.name.clone());
                    continue;
                }
            };
            let id = self.add_number_sequence(environment, input)?;
            self.set_sequence_usage(environment, id, h.in_use, h.current)?;
            report.added.push(h.name.clone());
        }
        Ok(report)
    }
}
