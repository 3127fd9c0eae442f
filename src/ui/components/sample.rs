//! The sample workspace in the page: the banner every page shows while it
//! is open (with the ways back and to start it over), and the "Try it with
//! sample data" action that opens it.
//!
//! Both act through [`Workspaces`] (context); without it (a component
//! mounted on its own, as in the in-browser tests) they render nothing.

use leptos::html;
use leptos::prelude::*;

use super::Notice;
use crate::workspaces::{SwitchRefused, Workspaces};

/// What the banner says, word for word.
pub const SAMPLE_NOTICE: &str =
    "You are exploring the sample workspace. It is kept apart from your own work and is never published.";

/// Shown above every page while the sample is open.
#[component]
pub fn SampleBanner() -> impl IntoView {
    let Some(workspaces) = Workspaces::get() else {
        return ().into_any();
    };
    let refused = RwSignal::new(None::<SwitchRefused>);
    let asking = RwSignal::new(false);
    let confirm_ref = NodeRef::<html::Button>::new();
    let ask_ref = NodeRef::<html::Button>::new();
    let back = move |_| refused.set(workspaces.open_own().err());
    let ask = move |_| {
        asking.set(true);
        // The question is mounted when this handler returns: focus its
        // confirming button on the microtask after.
        queue_microtask(move || {
            if let Some(button) = confirm_ref.get_untracked() {
                let _ = button.focus();
            }
        });
    };
    let cancel = move |_| {
        asking.set(false);
        if let Some(button) = ask_ref.get_untracked() {
            let _ = button.focus();
        }
    };
    let reset = move |_| {
        asking.set(false);
        refused.set(workspaces.reset_sample().err());
    };
    view! {
        <Show when=move || workspaces.is_sample()>
            <section class="sample-banner" role="region" aria-label="Sample workspace">
                <p class="sample-banner-text">
                    <span class="badge badge-sample" aria-hidden="true">"Sample"</span>
                    " "
                    {SAMPLE_NOTICE}
                </p>
                <div class="actions">
                    <button type="button" class="primary" on:click=back>
                        "Back to my workspace"
                    </button>
                    <button
                        type="button"
                        node_ref=ask_ref
                        aria-expanded=move || if asking.get() { "true" } else { "false" }
                        on:click=ask
                    >
                        "Reset the sample"
                    </button>
                </div>
                <Show when=move || asking.get()>
                    <div class="confirm" role="alertdialog" aria-label="Confirm reset">
                        <p>
                            "Reset the sample? Every change you made to it is replaced by a fresh copy. Your own workspace is not touched."
                        </p>
                        <button type="button" class="danger" node_ref=confirm_ref on:click=reset>
                            "Yes, reset the sample"
                        </button>
                        <button type="button" on:click=cancel>"Cancel"</button>
                    </div>
                </Show>
                {move || refused.get().map(|m| view! { <Notice kind="error">{m.to_string()}</Notice> })}
            </section>
        </Show>
    }
    .into_any()
}

/// The "Sample" badge the header shows while the sample is open.
#[component]
pub fn SampleBadge() -> impl IntoView {
    let workspaces = Workspaces::get();
    move || {
        workspaces
            .filter(Workspaces::is_sample)
            .map(|_| view! { <span class="badge badge-sample header-sample">"Sample"</span> })
    }
}

/// "Try it with sample data": opens the sample workspace (the
/// administrator's own stays as it is). While the sample is open, it
/// offers the way back instead.
#[component]
pub fn TrySampleData() -> impl IntoView {
    let Some(workspaces) = Workspaces::get() else {
        return ().into_any();
    };
    let refused = RwSignal::new(None::<SwitchRefused>);
    view! {
        <section class="editor try-sample" aria-labelledby="try-sample-title">
            <h3 id="try-sample-title">"Sample data"</h3>
            <p class="field-hint">
                "Explore the console with a realistic Contoso workspace: UAT and PROD, a Key Vault reference with its SAS secret and a certificate chain, users, an application and number sequences. It opens as a separate, clearly marked workspace that never mixes with yours and is never published; your own workspace stays exactly as it is."
            </p>
            <div class="actions">
                {move || {
                    if workspaces.is_sample() {
                        view! {
                            <button
                                type="button"
                                on:click=move |_| refused.set(workspaces.open_own().err())
                            >
                                "Back to my workspace"
                            </button>
                        }
                            .into_any()
                    } else {
                        view! {
                            <button
                                type="button"
                                class="primary"
                                on:click=move |_| refused.set(workspaces.open_sample().err())
                            >
                                "Try it with sample data"
                            </button>
                        }
                            .into_any()
                    }
                }}
            </div>
            {move || refused.get().map(|m| view! { <Notice kind="error">{m.to_string()}</Notice> })}
        </section>
    }
    .into_any()
}
