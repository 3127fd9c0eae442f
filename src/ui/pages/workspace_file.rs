//! Export and Import of the whole workspace as the documented file
//! (`docs/workspace-file.md`): what administrators keep in git and check
//! with `einvoicing-validate`. An import that has problems lists every one
//! by JSON pointer and changes nothing; a good one replaces the workspace
//! only once the administrator confirms.

use domain::file::{export, import};
use domain::model::Workspace;
use leptos::prelude::*;

use crate::files::{download, read_chosen};
use crate::state::AppState;
use crate::ui::components::{OutcomeNotice, Report};

#[component]
pub fn WorkspaceFile() -> impl IntoView {
    let state = AppState::get();
    let outcome = RwSignal::new(None::<Report>);
    let problems = RwSignal::new(Vec::<String>::new());
    // A file that read well, waiting for "Yes, replace".
    let pending = RwSignal::new(None::<Workspace>);

    let export_file = move |_| {
        let text = state.workspace.with_untracked(export);
        match download("einvoicing-workspace.json", "application/json", &text) {
            Ok(()) => outcome.set(Some(Report::Done(
                "Workspace exported as einvoicing-workspace.json.".into(),
            ))),
            Err(e) => outcome.set(Some(Report::refused(e))),
        }
    };
    let choose = move |ev: leptos::ev::Event| {
        outcome.set(None);
        problems.set(Vec::new());
        pending.set(None);
        leptos::task::spawn_local(async move {
            match read_chosen(&ev).await {
                Some(Ok(text)) => match import(&text) {
                    Ok(workspace) => pending.set(Some(workspace)),
                    Err(errors) => problems.set(errors.iter().map(ToString::to_string).collect()),
                },
                Some(Err(e)) => outcome.set(Some(Report::refused(e))),
                None => {}
            }
        });
    };
    let replace = move |_| {
        if let Some(workspace) = pending.get_untracked() {
            state.workspace.set(workspace);
            pending.set(None);
            outcome.set(Some(Report::Done("Workspace imported.".into())));
        }
    };

    view! {
        <form class="editor" aria-labelledby="file-title" on:submit=|ev| ev.prevent_default()>
            <h3 id="file-title">"Workspace file"</h3>
            <p class="field-hint">
                "Export everything on this console as one JSON file (names only, never a secret's value) to keep in git or check with einvoicing-validate; import such a file to continue from it."
            </p>
            <OutcomeNotice outcome=outcome/>
            <Show when=move || problems.with(|p| !p.is_empty())>
                <div class="notice notice-error" role="alert">
                    <p>{move || format!("The file was not imported: {} problem{} (your workspace is unchanged).", problems.with(Vec::len), if problems.with(Vec::len) == 1 { "" } else { "s" })}</p>
                    <ul class="mono">{move || problems.get().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                </div>
            </Show>
            <Show when=move || pending.with(Option::is_some)>
                <div class="confirm" role="alertdialog" aria-label="Confirm import">
                    <p>"Replace the current workspace? Everything on this console is replaced by the file's content. Export first to keep a copy."</p>
                    <button type="button" class="danger" on:click=replace>"Yes, replace"</button>
                    <button type="button" on:click=move |_| pending.set(None)>"Cancel"</button>
                </div>
            </Show>
            <div class="actions">
                <button type="button" on:click=export_file>"Export workspace"</button>
                <label class="button file" for="import-file">"Import workspace"</label>
                <input id="import-file" class="visually-hidden" type="file" accept=".json,application/json" on:change=choose/>
            </div>
        </form>
    }
}
