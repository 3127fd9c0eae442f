//! Bringing what the service holds into this workspace: a second
//! administrator, a new laptop or a cleared browser starts from the
//! environments the team published instead of retyping them.
//!
//! Adding one environment reads it whole (`GET …/environments/{name}` and
//! its number sequences), reads the held body through the domain's rules
//! (`domain::adopt::read_incoming`: a body that breaks one is refused
//! whole) and merges it into the workspace by name
//! (`Workspace::add_from_service`): a conflict adds nothing and comes back
//! with the body, so the page can show both sides and take the service's
//! side before adding again. Nothing is written until everything was read.

use domain::adopt::{AddAll, Added, BodyRefused, Conflict, Incoming};
use domain::model::WorkspaceError;
use domain::publish::{
    classify_sequence_list, compare, refusal, DestinationRefused, ServiceError, TransportError,
};

use crate::caller::{Caller, Destination};
use crate::held::{self, HeldError};
use crate::ports::{Clock, Transport};
use crate::store::Store;

/// Why an environment could not be added from the service.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AddError {
    /// Nothing was sent, no answer came, or the service answered with
    /// something else than what was asked for: as when reading its list.
    #[error(transparent)]
    Read(#[from] HeldError),
    /// The held body breaks a rule, or is of a version this console does
    /// not read: nothing of it was added.
    #[error(transparent)]
    Body(#[from] BodyRefused),
    /// The workspace refused to record it.
    #[error(transparent)]
    Workspace(#[from] WorkspaceError),
}

/// The three ways a read fails, each an [`AddError::Read`].
macro_rules! read_error {
    ($($from:ty),*) => {$(
        impl From<$from> for AddError {
            fn from(error: $from) -> AddError {
                AddError::Read(HeldError::from(error))
            }
        }
    )*};
}
read_error!(DestinationRefused, TransportError, ServiceError);

/// What adding one environment did.
#[derive(Debug, Clone)]
pub enum Adding {
    /// It is in the workspace, Published at the held revision.
    Added { name: String, added: Added },
    /// Nothing was added: the held environment disagrees with this
    /// workspace. The body stays, so a conflict's "Take the service's" can
    /// be applied and the environment added without reading it again.
    Conflicts {
        incoming: Box<Incoming>,
        conflicts: Vec<Conflict>,
    },
}

/// What "Add all" did, environment by environment.
#[derive(Debug, Clone, Default)]
pub struct AddedAll {
    pub added: Vec<(String, Added)>,
    /// Not added: each with the body read and its conflicts.
    pub conflicted: Vec<(Incoming, Vec<Conflict>)>,
    /// Not added: the body broke a rule or is of an unknown version.
    pub refused: Vec<(String, BodyRefused)>,
}

/// Reads one environment the service holds, whole: its body and its
/// number sequences, through the domain's rules.
pub async fn read(
    io: &impl Transport,
    caller: &Caller,
    destination: &Destination,
    name: &str,
) -> Result<Incoming, AddError> {
    let service = caller.service(destination);
    let timeout = destination.timeout.seconds();
    let detail = io.send(&service.held_environment(name), timeout).await?;
    if detail.status != 200 {
        return Err(refusal(
            "read the environment the service holds",
            detail.status,
            &detail.body,
        )
        .into());
    }
    let sequences = io.send(&service.list_sequences(name), timeout).await?;
    let sequences = classify_sequence_list(sequences.status, &sequences.body)?;
    Ok(domain::adopt::read_incoming(&detail.body, &sequences)?)
}

/// Reads the environment `name` from the service and adds it.
pub async fn add(
    io: &impl Transport,
    store: &impl Store,
    caller: &Caller,
    name: &str,
) -> Result<Adding, AddError> {
    let destination = store.read(|ws| caller.destination(ws))?;
    let incoming = read(io, caller, &destination, name).await?;
    add_read(store, incoming)
}

/// Adds an environment already read (after taking the service's side of
/// its conflicts).
pub fn add_read(store: &impl Store, incoming: Incoming) -> Result<Adding, AddError> {
    Ok(
        match store.apply(|ws| Ok(ws.add_from_service(&incoming)))? {
            Ok(added) => Adding::Added {
                name: incoming.name().to_string(),
                added,
            },
            Err(conflicts) => Adding::Conflicts {
                incoming: Box::new(incoming),
                conflicts,
            },
        },
    )
}

/// Reads the service's list and adds every environment this workspace
/// lacks and that has no conflict; the others are listed with why.
pub async fn add_all(
    io: &(impl Transport + Clock),
    store: &impl Store,
    caller: &Caller,
) -> Result<AddedAll, AddError> {
    let list = held::list(io, store, caller).await?;
    let destination = store.read(|ws| caller.destination(ws))?;
    let missing: Vec<String> = store.read(|ws| {
        compare(ws, &list.environments)
            .only_on_service
            .into_iter()
            .map(|h| h.name)
            .collect()
    });
    let mut report = AddedAll::default();
    let mut read_ok = Vec::new();
    for name in missing {
        match read(io, caller, &destination, &name).await {
            Ok(incoming) => read_ok.push(incoming),
            Err(AddError::Body(refused)) => report.refused.push((name, refused)),
            Err(other) => return Err(other),
        }
    }
    let outcome: AddAll = store.apply(|ws| Ok(ws.add_all_from_service(&read_ok)))?;
    report.added = outcome.added;
    for (name, conflicts) in outcome.conflicted {
        if let Some(i) = read_ok.iter().position(|r| r.name() == name) {
            report.conflicted.push((read_ok.swap_remove(i), conflicts));
        }
    }
    Ok(report)
}

/// What "Take the service's version" did to an environment of this
/// workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Taken {
    pub revision: domain::answers::Revision,
    /// What could not be put back as the service holds it.
    pub report: domain::model::DiscardReport,
}

/// Takes the version the service holds of an environment of this
/// workspace, in place: the same operation as a conflict's "Reload the
/// service's version" (`Workspace::adopt_held`).
pub async fn take(
    io: &impl Transport,
    store: &impl Store,
    caller: &Caller,
    environment: domain::model::Id,
) -> Result<Taken, AddError> {
    let (destination, name) = store.read(|ws| {
        let name = ws.environment(environment).map(|e| e.name().to_string());
        caller.destination(ws).map(|d| (d, name))
    })?;
    let name = name.ok_or(WorkspaceError::NotFound {
        what: "service environment",
    })?;
    let held = held::detail(io, caller, &destination, &name).await?;
    let revision = held.revision.clone();
    let report = store.apply(|ws| ws.adopt_held(environment, held))?;
    Ok(Taken { revision, report })
}
