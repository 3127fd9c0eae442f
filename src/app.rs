//! The shell: header, the product's navigation, and the page the URL's
//! fragment names.

use domain::model::Workspace;
use leptos::prelude::*;

use crate::routes::Route;
use crate::state::AppState;
use crate::ui::pages::{ConnectedApplicationsPage, EnvironmentsPage, KeyVaultsPage, SettingsPage};

fn current_route() -> Route {
    Route::from_hash(&window().location().hash().unwrap_or_default())
}

#[component]
pub fn App() -> impl IntoView {
    AppState::provide(Workspace::new());
    let (route, set_route) = signal(current_route());
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        set_route.set(current_route());
    });
    on_cleanup(move || handle.remove());

    view! {
        <header class="app-header">
            <h1>"Electronic invoicing"</h1>
            <p class="app-subtitle">"Service environments administration"</p>
        </header>
        <div class="app-body">
            <nav class="app-nav" aria-label="Electronic invoicing">
                <ul>
                    {Route::ALL
                        .into_iter()
                        .map(|r| {
                            view! {
                                <li>
                                    <a
                                        href=r.href()
                                        aria-current=move || (route.get() == r).then_some("page")
                                    >
                                        {r.label()}
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
            <main class="app-main">
                {move || match route.get() {
                    Route::KeyVaults => view! { <KeyVaultsPage/> }.into_any(),
                    Route::Environments => view! { <EnvironmentsPage/> }.into_any(),
                    Route::ConnectedApplications => {
                        view! { <ConnectedApplicationsPage/> }.into_any()
                    }
                    Route::Settings => view! { <SettingsPage/> }.into_any(),
                }}
            </main>
        </div>
    }
}
