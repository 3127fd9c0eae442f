//! An environment's Number sequences. A change to one takes effect without
//! Publish and never makes the environment Changed: for an environment the
//! service holds, it is made on the service at once (and only then here).
//! In use and Current value are the service's, shown read-only and read
//! again with Refresh; a sequence in use cannot be deleted.

use api::sequences::{SequenceCall, SequenceDone};
use domain::model::SequenceFormField as F;
use domain::model::{Id, NumberSequenceDraft};
use leptos::prelude::*;

use crate::service::{sequences, Service};
use crate::state::AppState;
use crate::ui::components::{ConfirmDelete, Form, OutcomeNotice, Report, TextField};

#[component]
pub fn NumberSequences(environment: Id) -> impl IntoView {
    let state = AppState::get();
    // One call to the service at a time: the buttons wait for it.
    let Service {
        credentials, page, ..
    } = Service::get();
    let calls = sequences::action(state, credentials, page, environment);
    let busy = calls.pending();
    let held = Memo::new(move |_| {
        state.workspace.with(|ws| {
            ws.environment(environment)
                .is_some_and(|e| e.publication().is_some())
        })
    });
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
    // A created sequence empties the form for the next one.
    Effect::new(move |_| {
        if calls
            .value()
            .with(|last| matches!(last, Some(Ok(SequenceDone::Created { .. }))))
        {
            form.restart(NumberSequenceDraft::default());
        }
    });
    // What the last call came to, until the next one starts.
    let outcome = Signal::derive(move || {
        if busy.get() {
            return None;
        }
        calls.value().with(|last| last.as_ref().map(Report::of))
    });
    let call = move |call: SequenceCall| {
        if !busy.get_untracked() {
            calls.dispatch(call);
        }
    };
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        calls.value().set(None);
        let Some(input) = form.submit() else { return };
        call(SequenceCall::Create(input));
    };
    let delete = move |sequence: Id, name: String| call(SequenceCall::Delete { sequence, name });
    let refresh = move |_| call(SequenceCall::Refresh);

    view! {
        <section class="subsection" aria-labelledby="seq-title">
            <h4 id="seq-title">"Number sequences"</h4>
            <p class="field-hint">
                "Usable in Variables and Processing pipelines. Changes here take effect without Publish."
            </p>
            <Show when=move || held.get()>
                <p class="field-hint">
                    "The service holds this environment: New and Delete are made on the service at once."
                </p>
                <div class="toolbar">
                    <button type="button" disabled=move || busy.get() on:click=refresh>
                        "Refresh In use and Current value"
                    </button>
                </div>
            </Show>
            <Show when=move || busy.get()>
                <p class="notice notice-progress" role="status">"Waiting for the service…"</p>
            </Show>
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
                                        <td data-label="Name">{name.clone()}</td>
                                        <td data-label="Description">{description}</td>
                                        <td data-label="In use">{if in_use { "Yes" } else { "No" }}</td>
                                        <td data-label="Current value">{current.map(|c| c.to_string()).unwrap_or_else(|| "–".into())}</td>
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
                    <TextField id="seq-name" label="Name" value=form.value(F::Name) on_input=form.setter(F::Name) error=form.error(F::Name)/>
                    <TextField id="seq-description" label="Description" value=form.value(F::Description) on_input=form.setter(F::Description) error=form.error(F::Description)/>
                    <button type="submit" class="primary" disabled=move || busy.get()>"New"</button>
                </div>
            </form>
        </section>
    }
}
