//! Clone: a copy of an environment under a new name (e.g. UAT to PROD),
//! with the same secret, references, users and applications, never
//! published.

use domain::model::EnvironmentFormField as F;
use domain::model::{EnvironmentDraft, Id};
use leptos::prelude::*;

use crate::state::AppState;
use crate::ui::components::{Editor, Form, TextField};

#[component]
pub fn CloneEnvironment(environment: Id, editor: Editor) -> impl IntoView {
    let state = AppState::get();
    let open = RwSignal::new(false);
    let description = state.workspace.with_untracked(|ws| {
        ws.environment(environment)
            .map(|e| e.description().to_string())
            .unwrap_or_default()
    });
    let form = Form::new(
        // Another environment's Dataverse is another organization: the
        // clone starts without one.
        EnvironmentDraft {
            name: String::new(),
            description,
            dataverse_endpoint: String::new(),
        },
        move |d: &EnvironmentDraft| state.workspace.with(|ws| d.check(ws, None)),
    );
    let clone = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(input) = form.submit() else { return };
        let what = format!("Clone '{}'", input.name);
        editor.report_save(what, |ws| ws.clone_environment(environment, input));
    };

    view! {
        <button type="button" on:click=move |_| open.update(|o| *o = !*o) aria-expanded=move || if open.get() { "true" } else { "false" }>
            "Clone"
        </button>
        <Show when=move || open.get()>
            <form class="editor nested clone" on:submit=clone novalidate aria-label="Clone environment">
                <p class="field-hint">"A copy with the same secret, users and applications, under a new name. It is not published until you publish it."</p>
                <TextField
                    id="clone-name"
                    label="New name"
                    value=form.value(F::Name)
                    on_input=form.setter(F::Name)
                    error=form.error(F::Name)
                />
                <div class="actions"><button type="submit" class="primary">"Clone"</button></div>
            </form>
        </Show>
    }
}
