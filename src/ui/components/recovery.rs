//! Shown instead of the console when the stored draft cannot be read: the
//! draft is never replaced before the administrator has had the chance to
//! keep a copy of it.

use leptos::prelude::*;

use crate::files::download;

#[component]
pub fn Recovery(
    text: String,
    reason: String,
    /// Called when the administrator chooses to start with an empty
    /// workspace (the unreadable draft is then overwritten).
    on_start_fresh: Callback<()>,
) -> impl IntoView {
    let downloaded = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let save_copy = move |_| match download(
        "einvoicing-workspace-unreadable.json",
        "application/json",
        &text,
    ) {
        Ok(()) => downloaded.set(true),
        Err(e) => failure.set(Some(e.to_string())),
    };
    view! {
        <section class="page recovery" aria-labelledby="recovery-title">
            <h2 id="recovery-title">"Your saved workspace could not be opened"</h2>
            <p>"The workspace saved in this browser could not be read: " {reason} "."</p>
            <p>
                "Nothing has been changed or deleted. Download it as it is to keep a copy (you can repair it, or import it into a newer version of this console), then start with an empty workspace."
            </p>
            {move || failure.get().map(|f| view! { <p class="notice notice-error" role="alert">{f}</p> })}
            <div class="actions">
                <button type="button" class="primary" on:click=save_copy>
                    "Download it as it is"
                </button>
                <Show when=move || downloaded.get()>
                    <button type="button" class="danger" on:click=move |_| on_start_fresh.run(())>
                        "Start with an empty workspace"
                    </button>
                </Show>
            </div>
        </section>
    }
}
