//! Settings: where Publish sends environments. One of the service's
//! geographies (each with its URLs, from the domain's catalogue), or a
//! custom endpoint (a private gateway, a test double), validated by the
//! domain.

use domain::values::{catalogue, EndpointUrl, ServiceEndpoint};
use leptos::prelude::*;

use super::workspace_file::WorkspaceFile;
use crate::state::AppState;
use crate::ui::components::{Notice, SelectField, TextField};

const CUSTOM: &str = "custom";

/// The select's value for an endpoint: `code:il`, or `custom`.
fn choice_of(endpoint: Option<&ServiceEndpoint>) -> String {
    match endpoint {
        Some(ServiceEndpoint::Geography { code, il }) => format!("{code}:{il}"),
        Some(ServiceEndpoint::Custom(_)) => CUSTOM.into(),
        None => String::new(),
    }
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    let state = AppState::get();
    let saved = state
        .workspace
        .with_untracked(|ws| ws.settings().endpoint.clone());
    let choice = RwSignal::new(choice_of(saved.as_ref()));
    let custom = RwSignal::new(match &saved {
        Some(ServiceEndpoint::Custom(url)) => url.to_string(),
        _ => String::new(),
    });
    let custom_touched = RwSignal::new(false);
    let outcome = RwSignal::new(None::<String>);
    let options: Vec<(String, String)> =
        std::iter::once((String::new(), "(not chosen)".to_string()))
            .chain(catalogue().map(|(geo, il, url)| {
                (
                    format!("{}:{il}", geo.code),
                    format!("{} ({}-il{il}): {url}", geo.name, geo.code),
                )
            }))
            .chain(std::iter::once((
                CUSTOM.to_string(),
                "Custom URL".to_string(),
            )))
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
        state
            .workspace
            .with(|ws| ws.settings().endpoint.as_ref().map(|e| e.url().to_string()))
    });

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen = choice.get_untracked();
        let endpoint = if chosen == CUSTOM {
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
        state.workspace.update(|ws| ws.set_endpoint(endpoint));
        outcome.set(Some("Settings saved.".into()));
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
                        choice.set(v);
                    })
                />
                <Show when=move || choice.get() == CUSTOM>
                    <TextField
                        id="settings-custom-url"
                        label="Custom endpoint URL"
                        required=true
                        hint="https://, or http:// only for localhost or 127.0.0.1 (development)."
                        value=custom
                        on_input=Callback::new(move |v| {
                            outcome.set(None);
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
                <div class="actions">
                    <button type="submit" class="primary">"Save"</button>
                </div>
            </form>
            <WorkspaceFile/>
        </section>
    }
}
