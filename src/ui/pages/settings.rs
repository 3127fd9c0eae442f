//! Settings: where Publish sends environments and how long it waits. One of
//! the service's geographies (each with its URLs, from the domain's
//! catalogue), the local development receiver, or a custom endpoint (a
//! private gateway, a test double), validated by the domain. The access
//! token lives in this tab's memory only (see [`AccessTokenForm`]).

use domain::model::Settings;
use domain::publish::{AccessToken, BoundToken, DestinationRefused};
use domain::values::{
    catalogue, EndpointUrl, RequestTimeout, ServiceEndpoint, LOCAL_DEVELOPMENT_URL,
};
use leptos::prelude::*;

use super::workspace_file::WorkspaceFile;
use api::Caller;

use crate::service::Service;
use crate::state::AppState;
use crate::ui::components::{Notice, SelectField, TextField, TrySampleData};
use crate::ui::pages::sign_in::SignInForm;

const CUSTOM: &str = "custom";
const LOCAL: &str = "local";

/// The select's value for an endpoint: `code:il`, `local` or `custom`.
fn choice_of(endpoint: Option<&ServiceEndpoint>) -> String {
    match endpoint {
        Some(ServiceEndpoint::Geography { code, il }) => format!("{code}:{il}"),
        Some(e) if e.is_local_development() => LOCAL.into(),
        Some(ServiceEndpoint::Custom(_)) => CUSTOM.into(),
        None => String::new(),
    }
}

/// The custom URL field's text for an endpoint (empty unless it is a
/// custom one other than the local receiver).
fn custom_of(endpoint: Option<&ServiceEndpoint>) -> String {
    match endpoint {
        Some(e) if e.is_local_development() => String::new(),
        Some(ServiceEndpoint::Custom(url)) => url.to_string(),
        _ => String::new(),
    }
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    let state = AppState::get();
    let saved = state
        .workspace
        .with_untracked(|ws| ws.settings().endpoint.clone());
    let choice = RwSignal::new(choice_of(saved.as_ref()));
    let custom = RwSignal::new(custom_of(saved.as_ref()));
    let Service {
        page, credentials, ..
    } = Service::get();
    let timeout = RwSignal::new(
        state
            .workspace
            .with_untracked(|ws| ws.settings().timeout.seconds().to_string()),
    );
    let timeout_error = Signal::derive(move || {
        RequestTimeout::parse(&timeout.get())
            .err()
            .map(|e| e.to_string())
    });
    // The form follows the stored settings when they change from outside it
    // (an import on this page, another tab), so a later Save never writes
    // back values the form showed before.
    let stored = Memo::new(move |_| state.workspace.with(|ws| ws.settings().clone()));
    Effect::new(move |first_run: Option<()>| {
        let settings = stored.get();
        if first_run.is_some() {
            choice.set(choice_of(settings.endpoint.as_ref()));
            custom.set(custom_of(settings.endpoint.as_ref()));
            timeout.set(settings.timeout.seconds().to_string());
        }
    });
    let custom_touched = RwSignal::new(false);
    let outcome = RwSignal::new(None::<String>);
    // Why the chosen endpoint cannot be used from this page (https page,
    // Content Security Policy): shown, and nothing saved.
    let refusal = RwSignal::new(None::<String>);
    let options: Vec<(String, String)> =
        std::iter::once((String::new(), "(not chosen)".to_string()))
            .chain(catalogue().map(|(geo, il, url)| {
                (
                    format!("{}:{il}", geo.code),
                    format!("{} ({}-il{il}): {url}", geo.name, geo.code),
                )
            }))
            .chain([
                (
                    LOCAL.to_string(),
                    format!("Local development receiver: {LOCAL_DEVELOPMENT_URL}"),
                ),
                (CUSTOM.to_string(), "Custom URL".to_string()),
            ])
            .collect();
    let custom_error = Signal::derive(move || {
        (custom_touched.get() && choice.get() == CUSTOM)
            .then(|| {
                EndpointUrl::parse(&custom.get())
                    .err()
                    .map(|e| e.to_string())
            })
            .flatten()
    });
    let current = Memo::new(move |_| {
        state.workspace.with(|ws| {
            let chosen = ws.settings().endpoint.is_some();
            page.endpoint(ws).map(|url| {
                if chosen {
                    url.to_string()
                } else {
                    format!("{url} (the local development receiver: the default while this page is served from this machine)")
                }
            })
        })
    });

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen = choice.get_untracked();
        let Ok(wait) = RequestTimeout::parse(&timeout.get_untracked()) else {
            return;
        };
        let endpoint = if chosen == LOCAL {
            Some(ServiceEndpoint::local_development())
        } else if chosen == CUSTOM {
            custom_touched.set(true);
            match EndpointUrl::parse(&custom.get_untracked()) {
                Ok(url) => Some(ServiceEndpoint::Custom(url)),
                Err(_) => return,
            }
        } else if let Some((code, il)) = chosen.split_once(':') {
            match il
                .parse()
                .ok()
                .and_then(|il| ServiceEndpoint::geography(code, il).ok())
            {
                Some(e) => Some(e),
                None => return,
            }
        } else {
            None
        };
        let before = state.workspace.with_untracked(|ws| page.endpoint(ws));
        let after = page.endpoint_under(&Settings {
            endpoint: endpoint.clone(),
            timeout: wait,
            sign_in: None,
        });
        if let Some(url) = &after {
            match Caller::new(page.context()).may_send_to(url) {
                // The sample sends nothing anywhere; its settings may still
                // be explored and saved.
                Ok(()) | Err(DestinationRefused::SampleWorkspace) => {}
                Err(refused) => {
                    refusal.set(Some(refused.to_string()));
                    return;
                }
            }
        }
        state.workspace.update(|ws| {
            ws.set_endpoint(endpoint);
            ws.set_timeout(wait);
        });
        let moved =
            before.as_ref().map(EndpointUrl::origin) != after.as_ref().map(EndpointUrl::origin);
        let forgot = moved && credentials.token.with_untracked(Option::is_some);
        if forgot {
            // A signed-in token goes too: who signed in no longer matters.
            credentials.sign_out();
        }
        outcome.set(Some(if forgot {
            "Settings saved. The access token was forgotten: it was given for the previous endpoint's address and is never sent to another one.".into()
        } else {
            "Settings saved.".into()
        }));
    };

    view! {
        <section class="page" aria-labelledby="settings-title">
            <h2 id="settings-title">"Settings"</h2>
            <form class="editor" on:submit=save novalidate>
                <h3>"Service endpoint"</h3>
                {move || outcome.get().map(|m| view! { <Notice kind="info">{m}</Notice> })}
                <p class="field-hint">
                    "Electronic invoicing runs per Azure geography. Publish sends environments to this endpoint, and Finance's Electronic invoicing URL must be the same."
                </p>
                <SelectField
                    id="settings-endpoint"
                    label="Service endpoint"
                    options=Signal::stored(options)
                    value=choice
                    on_change=Callback::new(move |v| {
                        outcome.set(None);
                        refusal.set(None);
                        choice.set(v);
                    })
                />
                {move || refusal.get().map(|m| view! { <Notice kind="error">{m}</Notice> })}
                <Show when=move || choice.get() == CUSTOM>
                    <TextField
                        id="settings-custom-url"
                        label="Custom endpoint URL"
                        required=true
                        hint="https://, or http:// only for localhost or 127.0.0.1 (development)."
                        value=custom
                        on_input=Callback::new(move |v| {
                            outcome.set(None);
                            refusal.set(None);
                            custom_touched.set(true);
                            custom.set(v);
                        })
                        error=custom_error
                    />
                </Show>
                <p>
                    "In use: "
                    <span class="mono">{move || current.get().unwrap_or_else(|| "not chosen yet".into())}</span>
                </p>
                <TextField
                    id="settings-timeout"
                    label="Wait for the service (seconds)"
                    hint="How long Publish and the other calls wait for an answer before they stop; 30 unless you change it."
                    value=timeout
                    on_input=Callback::new(move |v| {
                        outcome.set(None);
                        timeout.set(v);
                    })
                    error=timeout_error
                />
                <div class="actions">
                    <button type="submit" class="primary">"Save"</button>
                </div>
            </form>
            <SignInForm/>
            <AccessTokenForm/>
            <WorkspaceFile/>
            <TrySampleData/>
        </section>
    }
}

/// The access token Publish sends. Kept in this tab's memory only: never in
/// the stored workspace, never in an export; a reload forgets it.
#[component]
fn AccessTokenForm() -> impl IntoView {
    let Service {
        page, credentials, ..
    } = Service::get();
    let text = RwSignal::new(String::new());
    let touched = RwSignal::new(false);
    let error = Signal::derive(move || {
        (touched.get())
            .then(|| AccessToken::parse(&text.get()).err().map(|e| e.to_string()))
            .flatten()
    });
    let state = AppState::get();
    let no_endpoint = RwSignal::new(false);
    let error = Signal::derive(move || {
        error.get().or_else(|| {
            no_endpoint.get().then(|| {
                "Choose the service endpoint above and save it first: the token is sent to that endpoint only.".to_string()
            })
        })
    });
    let held = Memo::new(move |_| credentials.token.with(|t| t.as_ref().map(BoundToken::hint)));
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        touched.set(true);
        let endpoint = state.workspace.with_untracked(|ws| page.endpoint(ws));
        no_endpoint.set(endpoint.is_none());
        if let (Ok(token), Some(endpoint)) = (AccessToken::parse(&text.get_untracked()), endpoint) {
            credentials
                .token
                .set(Some(BoundToken::new(token, &endpoint)));
            // A pasted token replaces the sign-in's.
            credentials.signed_in.set(None);
            text.set(String::new());
            touched.set(false);
        }
    };
    view! {
        <form class="editor" on:submit=save novalidate aria-labelledby="token-title">
            <h3 id="token-title">"Access token"</h3>
            <p class="field-hint">
                "Sent as Authorization: Bearer with every call to the service endpoint in use, and to no other address (for example the output of az account get-access-token --resource 0cdb527f-a8d1-4bf8-9436-b352c68682b2). Kept in this tab's memory only: it is never saved, never exported, and a reload forgets it. Choosing an endpoint on another address forgets it."
            </p>
            <p role="status">
                {move || match held.get() {
                    Some(hint) => format!("A token is set ({hint})."),
                    None => "No token set: calls are sent without one.".into(),
                }}
            </p>
            <div class="field">
                <label for="settings-token">"Access token"</label>
                <input
                    id="settings-token"
                    type="password"
                    autocomplete="off"
                    spellcheck="false"
                    prop:value=move || text.get()
                    aria-invalid=move || error.with(Option::is_some).then_some("true")
                    aria-describedby=move || error.with(Option::is_some).then_some("settings-token-error")
                    on:input=move |ev| {
                        no_endpoint.set(false);
                        text.set(event_target_value(&ev));
                    }
                />
                {move || error.get().map(|m| view! { <p class="field-error" id="settings-token-error">{m}</p> })}
            </div>
            <div class="actions">
                <button type="submit" class="primary">"Use this token"</button>
                <button
                    type="button"
                    disabled=move || held.with(Option::is_none)
                    on:click=move |_| credentials.sign_out()
                >
                    "Forget the token"
                </button>
            </div>
        </form>
    }
}
