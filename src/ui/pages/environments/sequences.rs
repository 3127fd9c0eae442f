//! An environment's Number sequences. A change to one takes effect without
//! Publish and never makes the environment Changed; In use and Current
//! value are the service's, shown read-only; a sequence in use cannot be
//! deleted.

use domain::model::{Id, NumberSequenceDraft};
use leptos::prelude::*;

use crate::state::AppState;
use crate::ui::components::{ConfirmDelete, Form, OutcomeNotice, TextField};

#[component]
pub fn NumberSequences(environment: Id) -> impl IntoView {
    let state = AppState::get();
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let rows = Memo::new(move |_| {
        state.workspace.with(|ws| {
            ws.environment(environment)
                .map(|e| {
                    e.number_sequences()
                        .iter()
                        .map(|s| {
                            (
                                s.id(),
                                s.name().to_string(),
                                s.description().to_string(),
                                s.in_use(),
                                s.current(),
                            )
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let form = Form::new(
        NumberSequenceDraft::default(),
        move |d: &NumberSequenceDraft| state.workspace.with(|ws| d.check(ws, environment, None)),
    );
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        outcome.set(None);
        let Some(input) = form.submit() else { return };
        let label = format!("Number sequence '{}' created.", input.name);
        match state.apply(|ws| ws.add_number_sequence(environment, input)) {
            Ok(_) => {
                outcome.set(Some(Ok(label)));
                form.restart(NumberSequenceDraft::default());
            }
            Err(e) => outcome.set(Some(Err(e.to_string()))),
        }
    };
    let delete = move |id: Id, name: String| match state
        .apply(|ws| ws.delete_number_sequence(environment, id))
    {
        Ok(()) => outcome.set(Some(Ok(format!("Number sequence '{name}' deleted.")))),
        Err(e) => outcome.set(Some(Err(e.to_string()))),
    };

    view! {
        <section class="subsection" aria-labelledby="seq-title">
            <h4 id="seq-title">"Number sequences"</h4>
            <p class="field-hint">
                "Usable in Variables and Processing pipelines. Changes here take effect without Publish."
            </p>
            <OutcomeNotice outcome=outcome/>
            <Show when=move || rows.with(|r| !r.is_empty())>
                <table class="grid" aria-label="Number sequences">
                    <thead>
                        <tr>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Description"</th>
                            <th scope="col">"In use"</th>
                            <th scope="col">"Current value"</th>
                            <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || rows.get() key=|row| row.clone() let:row>
                            {
                                let (id, name, description, in_use, current) = row;
                                let what = format!("number sequence '{name}'");
                                view! {
                                    <tr>
                                        <td>{name.clone()}</td>
                                        <td>{description}</td>
                                        <td>{if in_use { "Yes" } else { "No" }}</td>
                                        <td>{current.map(|c| c.to_string()).unwrap_or_else(|| "–".into())}</td>
                                        <td>
                                            {if in_use {
                                                view! { <span class="field-hint">"In use: cannot be deleted"</span> }.into_any()
                                            } else {
                                                view! {
                                                    <ConfirmDelete what=what on_confirm=Callback::new(move |_| delete(id, name.clone()))/>
                                                }
                                                .into_any()
                                            }}
                                        </td>
                                    </tr>
                                }
                            }
                        </For>
                    </tbody>
                </table>
            </Show>
            <form class="editor nested" on:submit=add novalidate aria-label="New number sequence">
                <div class="inline">
                    <TextField id="seq-name" label="Name" value=form.value(|d| &d.name) on_input=form.setter("name", |d, v| d.name = v) error=form.error("name")/>
                    <TextField id="seq-description" label="Description" value=form.value(|d| &d.description) on_input=form.setter("description", |d, v| d.description = v) error=form.error("description")/>
                    <button type="submit" class="primary">"New"</button>
                </div>
            </form>
        </section>
    }
}
