//! What the service holds: `GET {base}api/v1/environments`, compared with
//! what this browser last published (the comparison itself is the
//! domain's).

use domain::answers::{HeldEnvironment, PublishReceipt};
use domain::publish::{read_held_list, Service};
use leptos::prelude::*;

use super::http::send;
use super::publisher::now;
use super::session::{HeldState, Session};
use crate::state::AppState;

/// Reads the service's list again.
pub fn refresh(state: AppState, session: Session) {
    if session.held.with_untracked(|h| h.loading) {
        return;
    }
    leptos::task::spawn_local(async move {
        let (endpoint, timeout) = match state.workspace.with_untracked(|ws| session.destination(ws))
        {
            Ok(destination) => destination,
            Err(refused) => {
                session.held.update(|h| h.error = Some(refused.to_string()));
                return;
            }
        };
        session.held.update(|h| h.loading = true);
        let token = session.token.get_untracked();
        let request = Service::new(&endpoint, token.as_ref()).list_environments();
        let read = match send(&request, timeout).await {
            Ok(answer) => read_held_list(answer.status, &answer.body).map_err(|e| e.message),
            Err(transport) => Err(transport.message()),
        };
        session.held.update(|h| {
            h.loading = false;
            match read {
                Ok(list) => {
                    h.list = Some((list, now()));
                    h.error = None;
                }
                Err(message) => h.error = Some(message),
            }
        });
    });
}

/// After a publish from this page, the service holds the new revision.
pub fn note_published(session: Session, receipt: &PublishReceipt) {
    session.held.update(|h: &mut HeldState| {
        if let Some((list, _)) = &mut h.list {
            list.retain(|e| !e.name.eq_ignore_ascii_case(&receipt.name));
            list.push(HeldEnvironment {
                name: receipt.name.clone(),
                revision: receipt.revision.clone(),
                published_at: receipt.published_at.clone(),
            });
        }
    });
}
