//! Settings' Sign-in: the app registration the console signs in with
//! (tenant, client ID, scope, authority), the redirect URI to register,
//! who is signed in and until when, and Sign in / Sign out.
//!
//! The form is the domain's `SignInDraft`; the flow is
//! `service::sign_in`. The token itself is never shown: only who signed
//! in (from the ID token, shown, not trusted) and when the sign-in expires.

use domain::auth::Expiry;
use domain::model::SignInDraft;
use domain::model::SignInFormField as F;
use leptos::prelude::*;

use api::Clock;

use crate::service::browser::Browser;
use crate::service::sign_in::{self, redirect_uri};
use crate::service::{Credentials, Service};
use crate::state::AppState;
use crate::ui::components::{ErrorList, Form, OutcomeNotice, Report, TextField};

fn now_ms() -> u64 {
    Browser.now_ms()
}

/// "Signed in as … ; the sign-in expires in N minutes." at `now`.
fn status(credentials: &Credentials, now: u64) -> String {
    credentials.signed_in.with(|s| match s {
        None => "Not signed in.".to_string(),
        Some(s) => {
            let who = s
                .account
                .as_ref()
                .map_or_else(|| "an account".to_string(), ToString::to_string);
            match Expiry::at(s.expires_at, now) {
                Expiry::Expired => {
                    format!("Signed in as {who}, but the sign-in has expired: sign in again.")
                }
                Expiry::Valid { minutes } => {
                    let unit = if minutes == 1 { "minute" } else { "minutes" };
                    format!("Signed in as {who}; the sign-in expires in {minutes} {unit}.")
                }
            }
        }
    })
}

#[component]
pub fn SignInForm() -> impl IntoView {
    let state = AppState::get();
    let Service {
        credentials,
        page,
        runs,
        ..
    } = Service::get();
    let stored = Memo::new(move |_| state.workspace.with(|ws| ws.settings().sign_in.clone()));
    let form = Form::new(
        SignInDraft::of(stored.get_untracked().as_ref()),
        SignInDraft::check,
    );
    // The form follows settings changed from outside it (an import).
    Effect::new(move |previous: Option<()>| {
        let current = stored.get();
        if previous.is_some() {
            form.restart(SignInDraft::of(current.as_ref()));
        }
    });
    let outcome = RwSignal::new(None::<Report>);
    // The status line's minutes follow the clock.
    let now = RwSignal::new(now_ms());
    let ticker = set_interval_with_handle(
        move || now.set(now_ms()),
        std::time::Duration::from_secs(20),
    )
    .ok();
    on_cleanup(move || {
        if let Some(t) = ticker {
            t.clear();
        }
    });

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(settings) = form.submit() else {
            return;
        };
        if let Some(refused) = page.with(|page| settings.refused_on(page)) {
            outcome.set(Some(Report::Refused(format!(
                "{refused} Nothing was saved."
            ))));
            return;
        }
        let changed = stored.with_untracked(|s| s.as_ref() != Some(&settings));
        let _ = state.apply(|ws| {
            ws.set_sign_in(Some(settings));
            Ok(())
        });
        if changed && credentials.signed_in.with_untracked(Option::is_some) {
            credentials.sign_out();
            outcome.set(Some(Report::done(
                "Sign-in settings saved. They changed, so you were signed out: sign in again.",
            )));
        } else {
            outcome.set(Some(Report::done("Sign-in settings saved.")));
        }
    };
    let remove = move |_| {
        let _ = state.apply(|ws| {
            ws.set_sign_in(None);
            Ok(())
        });
        credentials.sign_out();
        outcome.set(Some(Report::done(
            "Sign-in settings removed, and you were signed out.",
        )));
    };
    let sign_in = move |_| {
        let Some(settings) = stored.get_untracked() else {
            return;
        };
        if let Some(refused) = page.with(|page| settings.refused_on(page)) {
            outcome.set(Some(Report::Refused(refused)));
            return;
        }
        if let Err(reason) = sign_in::begin(&settings, None, &runs.attempts()) {
            outcome.set(Some(Report::Refused(format!(
                "The sign-in could not start: {reason}"
            ))));
        }
    };
    let sign_out = move |_| {
        credentials.sign_out();
        outcome.set(Some(Report::done("Signed out: the token is forgotten.")));
    };
    let redirect = redirect_uri();

    view! {
        <form class="editor" on:submit=save novalidate aria-labelledby="sign-in-title">
            <h3 id="sign-in-title">"Sign-in"</h3>
            <p class="field-hint">
                "Sign in with Microsoft Entra ID so Publish and the number-sequence calls carry an access token. Use an app registration of your own, of type Single-page application, whose redirect URI is this page's address below. The token is kept in this tab's memory only: never saved, never exported; a reload or Sign out forgets it."
            </p>
            <p role="status" class="sign-in-status">{move || status(&credentials, now.get())}</p>
            <OutcomeNotice outcome=outcome/>
            <ErrorList title="Correct these fields before saving:" items=form.all_errors()/>
            <TextField
                id="sign-in-tenant"
                label="Tenant"
                required=true
                hint="Your Microsoft Entra tenant: its ID (a GUID) or a verified domain such as contoso.onmicrosoft.com."
                value=form.value(F::Tenant)
                on_input=form.setter(F::Tenant)
                error=form.error(F::Tenant)
            />
            <TextField
                id="sign-in-client-id"
                label="Client ID"
                required=true
                hint="The Application (client) ID of your single-page app registration (its Overview page), a GUID."
                value=form.value(F::ClientId)
                on_input=form.setter(F::ClientId)
                error=form.error(F::ClientId)
            />
            <TextField
                id="sign-in-scope"
                label="Scope"
                hint="Leave empty for the Electronic invoicing service: 0cdb527f-a8d1-4bf8-9436-b352c68682b2/.default."
                value=form.value(F::Scope)
                on_input=form.setter(F::Scope)
                error=form.error(F::Scope)
            />
            <TextField
                id="sign-in-authority"
                label="Authority"
                hint="Leave empty for https://login.microsoftonline.com/{tenant}/. Another one for a sovereign cloud or a test double."
                value=form.value(F::Authority)
                on_input=form.setter(F::Authority)
                error=form.error(F::Authority)
            />
            <div class="field">
                <label for="sign-in-redirect">"Redirect URI"</label>
                <input id="sign-in-redirect" class="copy mono" readonly prop:value=redirect aria-describedby="sign-in-redirect-hint"/>
                <p class="field-hint" id="sign-in-redirect-hint">"Register exactly this address as a Single-page application redirect URI of the app registration."</p>
            </div>
            <div class="actions">
                <button type="submit">"Save sign-in settings"</button>
                <button
                    type="button"
                    class="primary"
                    disabled=move || stored.with(Option::is_none)
                    on:click=sign_in
                >
                    "Sign in"
                </button>
                <button
                    type="button"
                    disabled=move || credentials.signed_in.with(Option::is_none)
                    on:click=sign_out
                >
                    "Sign out"
                </button>
                <button type="button" disabled=move || stored.with(Option::is_none) on:click=remove>
                    "Remove sign-in settings"
                </button>
            </div>
        </form>
    }
}
