//! "Sign in again", wherever the service refused an expired sign-in (a
//! publish, or any other call): it leaves for the authority keeping every
//! publish attempt, so each is retried with its own idempotency key once
//! back, and `retry` names the environment whose publish is sent again
//! then.

use domain::model::Id;
use leptos::prelude::*;

use crate::service::{sign_in, Service};
use crate::state::AppState;

#[component]
pub fn SignInAgain(#[prop(optional)] retry: Option<Id>) -> impl IntoView {
    let state = AppState::get();
    let runs = Service::get().runs;
    let refused = RwSignal::new(None::<String>);
    let go = move |_| {
        let (settings, name) = state.workspace.with_untracked(|ws| {
            (
                ws.settings().sign_in.clone(),
                retry
                    .and_then(|id| ws.environment(id))
                    .map(|e| e.name().to_string()),
            )
        });
        let Some(settings) = settings else {
            refused.set(Some(
                "Sign-in is not set up any more: set it up in Settings first.".into(),
            ));
            return;
        };
        refused.set(
            sign_in::begin(&settings, name, &runs.attempts())
                .err()
                .map(|e| format!("The sign-in could not start: {e}")),
        );
    };
    view! {
        <button type="button" class="primary" on:click=go>"Sign in again"</button>
        {move || refused.get().map(|m| view! { <p>{m}</p> })}
    }
}
