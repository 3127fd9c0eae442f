//! Changes since publish: for a Changed environment, what differs from what
//! the service holds, field by field, and Discard changes back to the
//! published content. Changes made inside Key Vault references are shared
//! with every environment that carries the reference; discard says so
//! rather than pretending to undo them.

use domain::diff;
use domain::model::Id;
use domain::status::Status;
use leptos::prelude::*;

use crate::state::AppState;
use crate::ui::components::{ConfirmDelete, Editor, Report};

#[component]
pub fn ChangesSincePublish(environment: Id, editor: Editor) -> impl IntoView {
    let state = AppState::get();
    let changed = Memo::new(move |_| {
        state.workspace.with(|ws| ws.status(environment)) == Some(Status::Changed)
    });
    let changes = Memo::new(move |_| {
        state.workspace.with(|ws| {
            diff::changes(ws, environment)
                .into_iter()
                .map(|c| (c.is_shared(), c.to_string()))
                .collect::<Vec<_>>()
        })
    });
    let discard = move |_: ()| match state.apply(|ws| ws.discard_changes(environment)) {
        Ok(report) if report.is_complete() => editor.refresh(Report::done(
            "Changes discarded: the environment is as published.",
        )),
        Ok(report) => {
            let left = report
                .not_restored
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(" ");
            editor.refresh(Report::Refused(format!(
                "Changes discarded, except: {left}"
            )));
        }
        Err(e) => editor.failed(e.to_string()),
    };

    view! {
        <Show when=move || changed.get()>
            <section class="subsection changes" aria-labelledby="changes-title">
                <h4 id="changes-title">"Changes since publish"</h4>
                <p class="field-hint">"What Publish would change in the service. Until then, the service keeps the published version."</p>
                <ul>
                    {move || changes.get().into_iter().map(|(shared, text)| view! {
                        <li class:shared=shared>{text}</li>
                    }).collect_view()}
                </ul>
                <ConfirmDelete
                    what=String::new()
                    label="Discard changes"
                    question="Discard every change to this environment since it was published? Its users, applications, description and secret go back to the published version."
                    confirm="Yes, discard"
                    on_confirm=Callback::new(discard)
                />
            </section>
        </Show>
    }
}
