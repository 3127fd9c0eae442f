//! Set-up, the page a first visit lands on: the Azure prerequisites and the
//! seeds' three steps as a checklist, each item done or not done as the
//! domain reads it from the workspace (`domain::setup`), with a link to
//! the page (and the object) that does it.
//!
//! The page only renders the checklist: what counts as done is decided in
//! the domain, once. The vault-access item is the administrator's own word
//! (Azure's access policies are out of the page's sight), kept in this
//! browser by `storage::marks`, per workspace; above the box, for each
//! vault the workspace names, the Azure CLI commands that grant that
//! access (`domain::setup::vault_access` writes them), each with a Copy
//! button. "Try it with sample data" is here too, for a first visit that
//! wants to look around first.

use domain::setup::vault_access::{self, Access, VaultAccess};
use domain::setup::{Check, Checklist, Link, Need, Place, Step, StepId};
use leptos::prelude::*;

use super::environments::{AdoptOutcome, StartFromService};
use crate::routes::{Page, Route};
use crate::state::AppState;
use crate::storage::envelope::KEY;
use crate::storage::{marks, SaveError};
use crate::ui::components::{CopyableText, Notice, TrySampleData};
use crate::workspaces::Workspaces;

fn route(link: &Link) -> Route {
    Route {
        page: match link.place {
            Place::KeyVaults => Page::KeyVaults,
            Place::Environments => Page::Environments,
            Place::ConnectedApplications => Page::ConnectedApplications,
        },
        item: link.item.clone(),
    }
}

#[component]
pub fn HomePage() -> impl IntoView {
    let state = AppState::get();
    // The mark is kept per workspace: the sample's never becomes yours.
    let workspace_key = Workspaces::get().map_or(KEY, |w| w.key());
    let confirmed = RwSignal::new(marks::vault_access_confirmed(workspace_key));
    let not_kept = RwSignal::new(None::<SaveError>);
    let checklist = Memo::new(move |_| {
        state
            .workspace
            .with(|ws| Checklist::of(ws, confirmed.get()))
    });
    let confirm = Callback::new(move |value: bool| {
        confirmed.set(value);
        not_kept.set(marks::set_vault_access_confirmed(workspace_key, value).err());
    });

    let progress = move || {
        checklist.with(|c| {
            let (done, total) = c.required_progress();
            if c.is_complete() {
                format!("Set-up complete: all {total} required items are done.")
            } else {
                format!("{done} of {total} required items done.")
            }
        })
    };
    // Each item is rendered once and follows its own memo, so a change
    // (ticking the vault's box) updates the words in place and keeps the
    // focus where it was.
    let section = move |which: fn(&Checklist) -> &[Step]| {
        let count = checklist.with_untracked(|c| which(c).len());
        (0..count)
            .map(|i| {
                let step = Memo::new(move |_| checklist.with(|c| which(c)[i].clone()));
                view! { <StepItem step=step number=i + 1 confirm=confirm/> }
            })
            .collect_view()
    };

    view! {
        <section class="page home" aria-labelledby="home-title">
            <h2 id="home-title">"Set-up"</h2>
            <p class="page-intro">
                "Electronic invoicing needs a few things in Azure first, then three steps here, in this order. Each item is read from your workspace as you work, and links to where it is done."
            </p>
            <p class="setup-progress" role="status">{progress}</p>
            {move || not_kept.get().map(|reason| view! {
                <Notice kind="warning">
                    {format!("Your confirmation could not be kept in this browser ({reason}); it holds for this tab only.")}
                </Notice>
            })}
            <TrySampleData/>
            <StartFromService/>
            <AdoptOutcome/>
            <h3>"Before you start, in Azure"</h3>
            <ol class="checklist">{section(|c| &c.azure)}</ol>
            <h3>"Then, in this console"</h3>
            <ol class="checklist">{section(|c| &c.steps)}</ol>
        </section>
    }
}

/// "Done", "Not done", or for an optional step "Optional".
fn badge(step: &Step) -> (&'static str, &'static str) {
    match (step.is_done(), step.need) {
        (true, _) => ("Done", "badge badge-done"),
        (false, Need::Required) => ("Not done", "badge badge-todo"),
        (false, Need::Optional) => ("Optional, not done", "badge badge-optional"),
    }
}

#[component]
fn StepItem(step: Memo<Step>, number: usize, confirm: Callback<bool>) -> impl IntoView {
    let (id, title, about, link, need) =
        step.with_untracked(|s| (s.id, s.title, s.about, s.link.clone(), s.need));
    let optional = need == Need::Optional;
    let title_id = format!(
        "step-{}",
        title
            .to_lowercase()
            .replace(|c: char| !c.is_ascii_alphanumeric(), "-")
    );
    let labelled_by = title_id.clone();
    let page = route(&link).page;
    let is_vault_access = id == StepId::VaultAccess;
    let done = Memo::new(move |_| step.with(Step::is_done));
    let badge = move || step.with(badge);
    view! {
        <li
            class="step"
            class:step-done=move || done.get()
            class:step-optional=optional
            aria-labelledby=labelled_by
        >
            <h4 id=title_id>
                <span class="step-number">{format!("{number}.")}</span>
                " "
                {title}
                " "
                <span class=move || badge().1>{move || badge().0}</span>
            </h4>
            <p class="step-about">{about}</p>
            // The vault's item is the box itself: its label is the check.
            {(!is_vault_access)
                .then(|| {
                    view! {
                        <ul class="checks">
                            {move || {
                                step.with(|s| {
                                    s.checks
                                        .iter()
                                        .map(|check| view! { <CheckItem check=check.clone()/> })
                                        .collect_view()
                                })
                            }}
                        </ul>
                    }
                })}
            {is_vault_access.then(|| view! { <VaultCommands/> })}
            {if is_vault_access {
                view! {
                    <label class="confirm-check">
                        <input
                            type="checkbox"
                            prop:checked=move || done.get()
                            on:change=move |ev| confirm.run(event_target_checked(&ev))
                        />
                        " The e-Invoicing service has Get and List access to the vault's secrets and certificates"
                    </label>
                }
                    .into_any()
            } else {
                view! {
                    <p class="step-link">
                        <a href=page.href()>{format!("Open {}", page.label())}</a>
                    </p>
                }
                    .into_any()
            }}
        </li>
    }
}

#[component]
fn CheckItem(check: Check) -> impl IntoView {
    let state = match (check.done, check.recommended) {
        (true, _) => "Done",
        (false, true) => "Recommended",
        (false, false) => "Not done",
    };
    // Only a fix that opens a named object gets its own link; the step's
    // link already opens the page.
    let fix = check.fix.as_ref().filter(|l| l.item.is_some()).map(|link| {
        let target = route(link);
        let text = format!("Open {}", target.item.as_deref().unwrap_or_default());
        view! { " " <a href=target.href() class="check-fix">{text}</a> }
    });
    view! {
        <li class="setup-check" class:setup-check-done=check.done class:setup-check-recommended=check.recommended>
            <span class="check-state">{state}</span>
            <span class="check-text">
                {check.text}
                {check.detail.map(|d| view! { <span class="check-detail">{d}</span> })}
                {fix}
            </span>
        </li>
    }
}

/// Under the vault-access item: for each vault the workspace names, the
/// commands that give the service its access; without a reference yet,
/// where to add one.
#[component]
fn VaultCommands() -> impl IntoView {
    let state = AppState::get();
    // Read straight from the workspace, no memo: on this page only a new
    // workspace (the sample, an import, another tab's save) changes it.
    move || {
        let vaults = state.workspace.with(vault_access::of);
        if vaults.is_empty() {
            let page = Page::KeyVaults;
            return view! {
                <Notice kind="info">
                    "Add a Key Vault reference first: the commands that give the service its access appear here, with your vault's name filled in. "
                    <a href=page.href()>{format!("Open {}", page.label())}</a>
                </Notice>
            }
                .into_any();
        }
        view! {
            <div class="vault-commands">
                <p class="vault-commands-intro">
                    "Run these in Azure Cloud Shell (Bash) or a terminal where the Azure CLI is signed in to your tenant, then tick the box below."
                </p>
                {vaults
                    .into_iter()
                    .enumerate()
                    .map(|(index, vault)| view! { <VaultBlock vault=vault index=index/> })
                    .collect_view()}
            </div>
        }
            .into_any()
    }
}

#[component]
fn VaultBlock(vault: VaultAccess, index: usize) -> impl IntoView {
    let name = vault.vault().to_string();
    // By position: two clouds may each have a vault of the same name.
    let heading_id = format!("vault-commands-{index}");
    let labelled_by = heading_id.clone();
    let named_by = format!(
        "{} in {}, named by {}",
        vault.uri,
        vault.cloud().name(),
        vault.references.join(", ")
    );
    // Both ways a list of erased views, so neither brings a view type of
    // its own to compile.
    let body: Vec<AnyView> = match vault.access {
        Access::Commands(blocks) => blocks
            .into_iter()
            .map(|block| {
                let label = format!("Copy {} for {name}", block.purpose.phrase());
                // Erased, so the list is the `Vec<AnyView>` the other
                // pages' lists already compile (a typed list would bring
                // its own copy of the list's update code).
                view! {
                    <div class="command-block">
                        <p class="command-title">{block.title}</p>
                        <p class="command-about">{block.about}</p>
                        <CopyableText text=block.text label=label/>
                    </div>
                }
                .into_any()
            })
            .collect(),
        Access::Unavailable(why) => {
            vec![view! { <Notice kind="warning">{why}</Notice> }.into_any()]
        }
    };
    view! {
        <div class="vault-block" role="group" aria-labelledby=labelled_by>
            <h5 id=heading_id>"Commands for " <code>{name.clone()}</code></h5>
            <p class="vault-named-by">{named_by}</p>
            {body}
        </div>
    }
}
