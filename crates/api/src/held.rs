//! What the service holds: `GET …/environments` (each held environment's
//! revision) and `GET …/environments/{name}` (one of them whole). Comparing
//! them with what this browser published is the domain's
//! (`domain::publish::compare`).

use domain::answers::{HeldEnvironment, HeldEnvironmentDetail};
use domain::publish::{
    read_held_detail, read_held_list, DestinationRefused, ServiceError, TransportError,
};

use crate::caller::{Caller, Destination};
use crate::ports::{Clock, Transport};
use crate::store::Store;
use crate::time::rfc3339;

/// Why what the service holds could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HeldError {
    /// Nothing was sent (the sample workspace, no endpoint, a policy that
    /// forbids it).
    #[error(transparent)]
    Refused(#[from] DestinationRefused),
    #[error(transparent)]
    Transport(#[from] TransportError),
    /// The service answered, and not with what was asked for.
    #[error(transparent)]
    Service(#[from] ServiceError),
}

/// The service's list, and when (the page's clock) it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldList {
    pub environments: Vec<HeldEnvironment>,
    pub read_at: String,
}

/// Reads the list of what the service holds.
pub async fn list(
    io: &(impl Transport + Clock),
    store: &impl Store,
    caller: &Caller,
) -> Result<HeldList, HeldError> {
    let destination = store.read(|ws| caller.destination(ws))?;
    let request = caller.service(&destination).list_environments();
    let answer = io.send(&request, destination.timeout.seconds()).await?;
    let environments = read_held_list(answer.status, &answer.body)?;
    Ok(HeldList {
        environments,
        read_at: rfc3339(io.now_ms()),
    })
}

/// Reads one environment the service holds, whole.
pub async fn detail(
    io: &impl Transport,
    caller: &Caller,
    destination: &Destination,
    name: &str,
) -> Result<HeldEnvironmentDetail, HeldError> {
    let request = caller.service(destination).held_environment(name);
    let answer = io.send(&request, destination.timeout.seconds()).await?;
    Ok(read_held_detail(answer.status, &answer.body)?)
}

impl HeldList {
    /// After a publish from this page, the service holds its new revision.
    pub fn note_published(&mut self, receipt: &domain::answers::PublishReceipt) {
        self.environments
            .retain(|e| !e.name.eq_ignore_ascii_case(&receipt.name));
        self.environments.push(HeldEnvironment {
            name: receipt.name.clone(),
            revision: receipt.revision.clone(),
            published_at: receipt.published_at.clone(),
            published_by: receipt.published_by.clone(),
        });
    }
}
