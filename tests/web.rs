//! Components in a real browser (headless Chromium through
//! wasm-bindgen-test-runner): mount a page, type and click through the DOM
//! as a person would, and assert what they would see.
#![cfg(target_arch = "wasm32")]

use domain::answers::Revision;
use domain::model::{EntryInput, EntryType, KeyVaultReferenceInput, User};
use domain::model::{EnvironmentInput, Publication, SecretRef, Workspace};
use domain::values::{Description, Email, EnvironmentName, KeyVaultUri, Name, SecretName, UserId};
use einvoicing_console::state::AppState;
use einvoicing_console::ui::pages::{EnvironmentsPage, KeyVaultsPage};
use einvoicing_console::App;
use leptos::prelude::*;
use leptos::task::tick;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, EventInit, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts `view` in a fresh container of its own and returns the container.
fn mount<V: IntoView + 'static>(view: impl FnOnce() -> V + 'static) -> Element {
    let document = document();
    let container = document.create_element("section").unwrap();
    document.body().unwrap().append_child(&container).unwrap();
    leptos::mount::mount_to(container.clone().unchecked_into(), view).forget();
    container
}

/// Lets every effect a change set off run (a property update can land a
/// scheduler turn after the text it depends on).
async fn settle() {
    for _ in 0..3 {
        tick().await;
    }
}

fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
}

fn button(root: &Element, text: &str) -> HtmlElement {
    let buttons = root.query_selector_all("button").unwrap();
    (0..buttons.length())
        .filter_map(|i| buttons.item(i))
        .map(|b| b.unchecked_into::<HtmlElement>())
        .find(|b| b.text_content().unwrap_or_default().trim() == text)
        .unwrap_or_else(|| panic!("no button {text}"))
}

/// Replaces an input's text and fires `input`, as typing does.
fn type_into(root: &Element, selector: &str, text: &str) {
    let input: HtmlInputElement = find(root, selector).unchecked_into();
    input.set_value(text);
    let init = EventInit::new();
    init.set_bubbles(true);
    input
        .dispatch_event(&Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
}

fn text(root: &Element, selector: &str) -> String {
    find(root, selector).text_content().unwrap_or_default()
}

fn attr(root: &Element, selector: &str, name: &str) -> Option<String> {
    find(root, selector).get_attribute(name)
}

#[wasm_bindgen_test]
async fn the_shell_shows_the_products_navigation() {
    let root = mount(App);
    settle().await;
    let nav = text(&root, "nav");
    for label in [
        "Key Vault parameters",
        "Service environments",
        "Connected applications",
        "Settings",
    ] {
        assert!(nav.contains(label), "navigation lacks {label}: {nav}");
    }
}

#[wasm_bindgen_test]
async fn a_bad_key_vault_uri_shows_the_rule_next_to_the_field_and_a_good_one_clears_it() {
    let root = mount(|| {
        AppState::provide(Workspace::new());
        view! { <KeyVaultsPage/> }
    });
    button(&root, "New").click();
    settle().await;

    // Nothing is flagged before the administrator types.
    assert_eq!(text(&root, "#kv-uri-error"), "");
    assert_eq!(
        attr(&root, "#kv-uri", "aria-invalid").as_deref(),
        Some("false")
    );

    type_into(&root, "#kv-uri", "https://ab.vault.azure.net/");
    settle().await;
    assert_eq!(
        text(&root, "#kv-uri-error"),
        "The vault name must be 3 to 24 characters; 'ab' has 2."
    );
    assert_eq!(
        attr(&root, "#kv-uri", "aria-invalid").as_deref(),
        Some("true")
    );
    // While typing, the message sits at the field; no summary yet.
    assert!(root.query_selector(".notice-error").unwrap().is_none());
    let described = attr(&root, "#kv-uri", "aria-describedby").unwrap();
    assert!(
        described.split(' ').any(|id| id == "kv-uri-error"),
        "{described}"
    );

    type_into(
        &root,
        "#kv-uri",
        "https://contoso-einvoicing.vault.azure.net/",
    );
    settle().await;
    assert_eq!(text(&root, "#kv-uri-error"), "");
    assert_eq!(
        attr(&root, "#kv-uri", "aria-invalid").as_deref(),
        Some("false")
    );
}

#[wasm_bindgen_test]
async fn a_pasted_secret_identifier_offers_the_vault_part() {
    let root = mount(|| {
        AppState::provide(Workspace::new());
        view! { <KeyVaultsPage/> }
    });
    button(&root, "New").click();
    settle().await;
    type_into(
        &root,
        "#kv-uri",
        "https://contoso-einvoicing.vault.azure.net/secrets/einvoicing-sas/0123456789abcdef",
    );
    settle().await;
    assert!(!text(&root, "#kv-uri-error").is_empty());
    button(&root, "Use https://contoso-einvoicing.vault.azure.net/").click();
    settle().await;
    let input: HtmlInputElement = find(&root, "#kv-uri").unchecked_into();
    assert_eq!(input.value(), "https://contoso-einvoicing.vault.azure.net/");
    assert_eq!(text(&root, "#kv-uri-error"), "");
}

#[wasm_bindgen_test]
async fn save_adds_the_reference_to_the_list_and_a_duplicate_name_is_flagged() {
    let state = AppState::new(Workspace::new());
    let root = mount(move || {
        provide_context(state);
        view! { <KeyVaultsPage/> }
    });
    button(&root, "New").click();
    settle().await;
    // Save with nothing typed: every required field says what it needs,
    // and nothing is saved.
    button(&root, "Save").click();
    settle().await;
    assert!(!text(&root, "#kv-name-error").is_empty());
    assert!(!text(&root, "#kv-uri-error").is_empty());
    let summary = text(&root, ".notice-error");
    assert!(
        summary.contains("Correct these fields before saving"),
        "{summary}"
    );
    assert!(summary.contains("Enter the Key Vault URI"), "{summary}");
    assert_eq!(
        state
            .workspace
            .with_untracked(|ws| ws.key_vault_references().len()),
        0
    );

    type_into(&root, "#kv-name", "ContosoKV");
    type_into(
        &root,
        "#kv-uri",
        "https://contoso-einvoicing.vault.azure.net",
    );
    settle().await;
    button(&root, "Save").click();
    settle().await;
    assert!(text(&root, "table").contains("ContosoKV"));
    assert!(text(&root, "table").contains("https://contoso-einvoicing.vault.azure.net/"));
    assert!(text(&root, ".notice").contains("saved"));

    button(&root, "New").click();
    settle().await;
    type_into(&root, "#kv-name", "contosokv");
    settle().await;
    assert!(text(&root, "#kv-name-error").contains("already exists"));
}

/// A workspace with UAT published as it stands.
fn published_uat() -> Workspace {
    let mut ws = Workspace::new();
    let kv = ws
        .add_reference(KeyVaultReferenceInput {
            name: Name::parse("ContosoKV").unwrap(),
            description: Description::parse("").unwrap(),
            uri: KeyVaultUri::parse("https://contoso-einvoicing.vault.azure.net/").unwrap(),
        })
        .unwrap();
    let sas = ws
        .add_entry(
            kv,
            EntryInput {
                name: SecretName::parse("einvoicing-sas").unwrap(),
                description: Description::parse("").unwrap(),
                entry_type: EntryType::Secret,
            },
        )
        .unwrap();
    let uat = ws
        .add_environment(EnvironmentInput {
            name: EnvironmentName::parse("UAT").unwrap(),
            description: Description::parse("Validation").unwrap(),
        })
        .unwrap();
    ws.set_storage_sas_secret(
        uat,
        Some(SecretRef {
            reference: kv,
            entry: sas,
        }),
    )
    .unwrap();
    ws.add_user(
        uat,
        User {
            user_id: UserId::parse("ana").unwrap(),
            email: Email::parse("ana@contoso.com").unwrap(),
        },
    )
    .unwrap();
    let sent = ws.publish_payload(uat).unwrap();
    ws.record_publication(
        uat,
        Publication {
            revision: Revision::parse("1").unwrap(),
            published_at: "2026-11-21T10:00:00Z".into(),
            snapshot: sent,
        },
    )
    .unwrap();
    ws
}

#[wasm_bindgen_test]
async fn the_environments_list_shows_each_status_as_it_changes() {
    let state = AppState::new(published_uat());
    let root = mount(move || {
        provide_context(state);
        view! { <EnvironmentsPage/> }
    });
    settle().await;
    assert_eq!(text(&root, "tbody tr td:nth-child(3)").trim(), "Published");

    // Editing the description makes it Changed...
    button(&root, "UAT").click();
    settle().await;
    type_into(&root, "#env-description", "Validation, second round");
    button(&root, "Save").click();
    settle().await;
    assert_eq!(text(&root, "tbody tr td:nth-child(3)").trim(), "Changed");

    // ...and editing it back shows Published again.
    type_into(&root, "#env-description", "Validation");
    button(&root, "Save").click();
    settle().await;
    assert_eq!(text(&root, "tbody tr td:nth-child(3)").trim(), "Published");

    // A new environment is Not published, and says what blocks Publish.
    button(&root, "New").click();
    settle().await;
    type_into(&root, "#env-name", "PROD");
    button(&root, "Save").click();
    settle().await;
    assert!(text(&root, "tbody").contains("Not published"));
    assert!(text(&root, "form").contains("Choose the Storage SAS token secret"));
}
