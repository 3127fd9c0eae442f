//! An environment's Users: who may submit through it. Added one by one
//! (User ID, Email), found with a search, deleted with confirmation; the
//! list is paged so an environment with 10,000 users stays responsive.

use domain::model::{Id, UserDraft};
use leptos::prelude::*;

use super::publish::{service_error, service_errors};
use crate::service::Session;
use crate::state::AppState;
use crate::ui::components::{ConfirmDelete, Form, OutcomeNotice, TextField};

/// Rows shown at once.
const PAGE: usize = 100;

#[component]
pub fn Users(environment: Id) -> impl IntoView {
    let state = AppState::get();
    // What the service said of users at the last publish, read once for
    // all the rows.
    let placed = service_errors(Session::get(), environment);
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let filter = RwSignal::new(String::new());
    let page = RwSignal::new(0usize);
    // Every user once, with the lowercase text the search compares: worked
    // out when the users change, not on every keystroke.
    let searchable = Memo::new(move |_| {
        state.workspace.with(|ws| {
            ws.environment(environment)
                .map(|env| {
                    env.users()
                        .iter()
                        .map(|u| {
                            let row = (u.key(), u.user_id.to_string(), u.email.to_string());
                            let text = format!("{}\n{}", row.0, u.email.as_str().to_lowercase());
                            (text, row)
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    // Positions (in `searchable`) of the users the search matches, in order.
    let matching = Memo::new(move |_| {
        let needle = filter.get().trim().to_lowercase();
        searchable.with(|all| {
            all.iter()
                .enumerate()
                .filter(|(_, (text, _))| needle.is_empty() || text.contains(&needle))
                .map(|(i, _)| i)
                .collect::<Vec<_>>()
        })
    });
    let total = Memo::new(move |_| {
        state
            .workspace
            .with(|ws| ws.environment(environment).map_or(0, |e| e.users().len()))
    });
    let pages = Memo::new(move |_| matching.with(|m| m.len().div_ceil(PAGE).max(1)));
    let first = Memo::new(move |_| page.get().min(pages.get() - 1) * PAGE);
    let shown = Memo::new(move |_| {
        let start = first.get();
        // (key, User ID, Email) of the rows on the page.
        matching.with(|m| {
            searchable.with(|all| {
                m.iter()
                    .skip(start)
                    .take(PAGE)
                    .map(|&i| all[i].1.clone())
                    .collect::<Vec<_>>()
            })
        })
    });
    let range = move || {
        let count = matching.with(Vec::len);
        match count {
            0 => String::new(),
            _ => format!(
                "Showing {}–{} of {count}",
                first.get() + 1,
                (first.get() + PAGE).min(count)
            ),
        }
    };

    let form = Form::new(UserDraft::default(), move |d: &UserDraft| {
        state.workspace.with(|ws| d.check(ws, environment))
    });
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        outcome.set(None);
        let Some(user) = form.submit() else { return };
        let label = format!("User '{}' added.", user.user_id);
        match state.apply(|ws| ws.add_user(environment, user)) {
            Ok(()) => {
                outcome.set(Some(Ok(label)));
                form.restart(UserDraft::default());
            }
            Err(e) => outcome.set(Some(Err(e.to_string()))),
        }
    };
    let delete =
        move |user_id: String| match state.apply(|ws| ws.remove_user(environment, &user_id)) {
            Ok(()) => outcome.set(Some(Ok(format!("User '{user_id}' deleted.")))),
            Err(e) => outcome.set(Some(Err(e.to_string()))),
        };

    view! {
        <section class="subsection" aria-labelledby="users-title">
            <h4 id="users-title">{move || format!("Users ({})", total.get())}</h4>
            <p class="field-hint">
                "Who may submit electronic invoices through this environment. Changes take effect when the environment is published."
            </p>
            <OutcomeNotice outcome=outcome/>
            <form class="editor nested" on:submit=add novalidate aria-label="Add a user">
                <div class="inline">
                    <TextField
                        id="user-id"
                        label="User ID"
                        hint="The alias: the part of the sign-in name before @."
                        value=form.value(|d| &d.user_id)
                        on_input=form.setter("userId", |d, v| d.user_id = v)
                        error=form.error("userId")
                    />
                    <TextField
                        id="user-email"
                        label="Email"
                        value=form.value(|d| &d.email)
                        on_input=form.setter("email", |d, v| d.email = v)
                        error=form.error("email")
                    />
                    <button type="submit" class="primary">"Add"</button>
                </div>
            </form>
            <Show when=move || { total.get() > 0 }>
                <div class="field search">
                    <label for="users-filter">"Search users"</label>
                    <input
                        id="users-filter"
                        type="search"
                        prop:value=move || filter.get()
                        on:input=move |ev| {
                            filter.set(event_target_value(&ev));
                            page.set(0);
                        }
                    />
                </div>
                <p class="field-hint" aria-live="polite">{range}</p>
                <table class="grid" aria-label="Users">
                    <thead>
                        <tr>
                            <th scope="col">"User ID"</th>
                            <th scope="col">"Email"</th>
                            <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || shown.get() key=|(key, _, _)| key.clone() let:user>
                            {
                                let (key, user_id, email) = user;
                                let what = format!("user '{user_id}'");
                                let own = user_id.clone();
                                // What the service said of this user at the last publish.
                                let refused = service_error(placed, move |p| p.user_id.as_deref() == Some(own.as_str()));
                                let error_id = format!("user-{key}-service-error");
                                view! {
                                    <tr class:invalid=move || refused.with(Option::is_some)>
                                        <td>{user_id.clone()}</td>
                                        <td
                                            aria-invalid=move || refused.with(Option::is_some).then_some("true")
                                            aria-describedby=move || refused.with(Option::is_some).then(|| error_id.clone())
                                        >
                                            {email}
                                            {move || refused.get().map(|m| view! {
                                                <span class="field-error" id=format!("user-{key}-service-error")>{m}</span>
                                            })}
                                        </td>
                                        <td>
                                            <ConfirmDelete
                                                what=what
                                                on_confirm=Callback::new(move |_| delete(user_id.clone()))
                                            />
                                        </td>
                                    </tr>
                                }
                            }
                        </For>
                    </tbody>
                </table>
                <Show when=move || { pages.get() > 1 }>
                    <div class="pager">
                        <button type="button" disabled=move || first.get() == 0 on:click=move |_| page.update(|p| *p = p.saturating_sub(1))>
                            "Previous"
                        </button>
                        <span>{move || format!("Page {} of {}", first.get() / PAGE + 1, pages.get())}</span>
                        <button type="button" disabled=move || { first.get() / PAGE + 1 >= pages.get() } on:click=move |_| page.update(|p| *p += 1)>
                            "Next"
                        </button>
                    </div>
                </Show>
            </Show>
        </section>
    }
}
