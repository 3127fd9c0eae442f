//! Properties of every constructor: it never panics, on arbitrary text or
//! on text close to what it accepts; whatever it accepts it accepts again
//! unchanged (`parse(as_str()) == Ok(value)`), also through serde; and its
//! messages never carry raw control or direction-changing characters.
#![cfg(not(target_arch = "wasm32"))]

use domain::values::{
    refuse_secret, ApplicationUrl, Description, Email, EndpointUrl, EnvironmentName, Guid,
    Justification, KeyVaultUri, Name, SecretName, SequenceName, Tenant, UserId, VaultName,
};
use proptest::prelude::*;

fn hidden(c: char) -> bool {
    c.is_control()
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
        || c == '\u{200e}'
        || c == '\u{200f}'
}

/// Text made of the characters URLs, names and GUIDs are made of, plus the
/// ones that break them.
const URLISH: &str = "[a-zA-Z0-9:/.?#@%{}\\[\\]_'\",;&=~!^ \t\n\u{0}\u{202e}é-]{0,60}";
const KEY_VAULTISH: &str = "(https?://|HTTPS://|)([a-zA-Z][a-zA-Z0-9-]{0,25}|[a-z_.]{0,5})\\.(vault\\.azure\\.net|VAULT\\.azure\\.cn|vault\\.usgovcloudapi\\.net|managedhsm\\.azure\\.net|vault\\.microsoftazure\\.de|example\\.com)(:443|:80|)(/|//|/secrets/[a-z]{1,5}(/[0-9a-f]{1,8})?|/\\?x|#f|)[ \n]{0,2}";
const HOSTISH: &str = "(https?://|HTTP://|ftp://|)(user@)?([a-zA-Z0-9-]{1,10}\\.){0,3}[a-zA-Z]{2,5}(:[0-9]{1,6})?(/[a-zA-Z0-9%._~-]{0,8}){0,3}/{0,2}(\\?q|#f)?";
const LOCALISH: &str = "(http|https|HTTP)://(localhost|LOCALHOST|127\\.0\\.0\\.1|10\\.0\\.0\\.1)(:[0-9]{1,5})?(/[a-z]{0,4}){0,2}/?";
const GUIDISH: &str =
    "[ {\"]?[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-?[0-9a-fA-FgG]{4}-[0-9a-fA-F]{12}[ }.,]?";
const DOMAINISH: &str = "([a-zA-Z0-9_-]{1,12}\\.){0,3}[a-zA-Z0-9]{0,6}";
const NAMEISH: &str = "[ a-zA-Z0-9_.@#'~^!-]{0,70}";
const EMAILISH: &str = "[ ]?([a-zA-Z0-9._+'-]{1,12}|\"[a-z \t]{1,5}\")@([a-zA-Z0-9-]{1,10}\\.){0,3}[a-zA-Zé]{0,5}[ ]?|[A-Z][a-z]{1,5} <[a-z]{1,5}@[a-z]{1,5}\\.com>";
// Mostly accepted, so the idempotence half of each property is exercised.
const KEY_VAULT_GOOD: &str = "(https|HTTPS)://[a-zA-Z][a-zA-Z0-9]{2,20}\\.(vault\\.azure\\.net|vault\\.azure\\.cn|vault\\.usgovcloudapi\\.net|managedhsm\\.azure\\.net|vault\\.microsoftazure\\.de)(:443)?/?";
const URL_GOOD: &str = "(https|HTTPS)://([a-zA-Z0-9]{1,10}\\.){1,3}[a-zA-Z]{2,5}(:[1-9][0-9]{0,3})?(/[a-zA-Z0-9%._~-]{1,8}){0,3}/{0,2}";
const GUID_GOOD: &str = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|\\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\}";
const DOMAIN_GOOD: &str = "([a-zA-Z0-9]{1,12}\\.){1,3}[a-zA-Z]{2,6}";
const EMAIL_GOOD: &str = "[a-zA-Z0-9_+'-]{1,12}@([a-zA-Z0-9]{1,10}\\.){1,3}[a-zA-Z]{2,5}";
const MULTILINE: &str = "[ a-zA-Z\r\n\t\u{0}\u{202e}é]{0,80}";

macro_rules! property {
    ($name:ident, $ty:ty, $($strategy:expr),+ $(,)?) => {
        proptest! {
            #[test]
            fn $name(input in prop_oneof![any::<String>(), $($strategy),+]) {
                match <$ty>::parse(&input) {
                    Ok(value) => {
                        prop_assert_eq!(<$ty>::parse(value.as_str()), Ok(value.clone()));
                        prop_assert_eq!(value.to_string(), value.as_str());
                        let json = serde_json::to_string(&value).unwrap();
                        prop_assert_eq!(serde_json::from_str::<$ty>(&json).unwrap(), value.clone());
                        prop_assert!(refuse_secret(value.as_str()).is_ok());
                    }
                    Err(error) => {
                        let message = error.to_string();
                        prop_assert!(!message.is_empty());
                        prop_assert!(!message.chars().any(hidden), "{:?}", message);
                    }
                }
            }
        }
    };
}

property!(name, Name, NAMEISH, MULTILINE);
property!(description, Description, MULTILINE, NAMEISH);
property!(justification, Justification, MULTILINE, NAMEISH);
property!(
    key_vault_uri,
    KeyVaultUri,
    KEY_VAULT_GOOD,
    KEY_VAULTISH,
    URLISH,
    HOSTISH
);
property!(vault_name, VaultName, "[a-zA-Z0-9_-]{0,26}", URLISH);
property!(secret_name, SecretName, "[a-zA-Z0-9 _.-]{0,130}", URLISH);
property!(user_id, UserId, NAMEISH, EMAILISH, URLISH);
property!(email, Email, EMAIL_GOOD, EMAILISH, URLISH);
property!(guid, Guid, GUID_GOOD, GUIDISH, URLISH);
property!(
    environment_name,
    EnvironmentName,
    NAMEISH,
    "[a-zA-Z0-9_-]{0,70}",
    URLISH
);
property!(sequence_name, SequenceName, NAMEISH, "[a-zA-Z0-9_-]{0,70}");
property!(
    tenant,
    Tenant,
    GUID_GOOD,
    DOMAIN_GOOD,
    GUIDISH,
    DOMAINISH,
    URLISH
);
property!(application_url, ApplicationUrl, URL_GOOD, HOSTISH, URLISH);
property!(
    endpoint_url,
    EndpointUrl,
    URL_GOOD,
    HOSTISH,
    LOCALISH,
    URLISH
);

proptest! {
    #[test]
    fn refuse_secret_never_panics(input in prop_oneof![any::<String>(), URLISH, MULTILINE]) {
        let _ = refuse_secret(&input);
    }
}

/// Huge input, NUL, lone combining marks and right-to-left overrides are
/// refused (or accepted) without panicking.
#[test]
fn hostile_inputs() {
    let huge = "a".repeat(100_000);
    let huge_url = format!("https://{huge}.vault.azure.net/");
    let huge_multibyte = "é\u{202e}".repeat(50_000);
    let inputs = [
        huge.as_str(),
        huge_url.as_str(),
        huge_multibyte.as_str(),
        "\0",
        "a\0b",
        "\u{202e}",
        "\u{301}",
        "{",
        "}",
        "{}",
        "://",
        "https://",
        "https://:",
        "https://@",
        "https://[",
        "%",
        "https://x.com/%",
        "https://x.com/%e",
        "https://x.com/%é",
        "https://é.vault.azure.net/",
        "https://x.vault.azure.net:é/",
        "urn:uuid:",
        "ö@ö",
        "\"\"@x.com",
        "\"@x.com",
        "\"",
        "<",
        ">",
        "a@b@c",
    ];
    for input in inputs {
        let _ = Name::parse(input).map_err(|e| e.to_string());
        let _ = Description::parse(input).map_err(|e| e.to_string());
        let _ = Justification::parse(input).map_err(|e| e.to_string());
        let _ = KeyVaultUri::parse(input).map_err(|e| e.to_string());
        let _ = VaultName::parse(input).map_err(|e| e.to_string());
        let _ = SecretName::parse(input).map_err(|e| e.to_string());
        let _ = UserId::parse(input).map_err(|e| e.to_string());
        let _ = Email::parse(input).map_err(|e| e.to_string());
        let _ = Guid::parse(input).map_err(|e| e.to_string());
        let _ = EnvironmentName::parse(input).map_err(|e| e.to_string());
        let _ = SequenceName::parse(input).map_err(|e| e.to_string());
        let _ = Tenant::parse(input).map_err(|e| e.to_string());
        let _ = ApplicationUrl::parse(input).map_err(|e| e.to_string());
        let _ = EndpointUrl::parse(input).map_err(|e| e.to_string());
    }
    let msg = Name::parse(&huge).unwrap_err().to_string();
    assert!(
        msg.chars().count() < 200,
        "a message shows at most 40 characters of the value"
    );
}
