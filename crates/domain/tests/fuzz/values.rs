//! Every validator constructor of `domain::values` (and the access token),
//! on arbitrary text, on text close to what it accepts, on secrets and on
//! hostile inputs (huge, NUL, lone combining marks, direction overrides).
//!
//! Whatever a constructor accepts it accepts again unchanged from its
//! normalised form (`parse(as_str()) == Ok(value)`, so normalising is
//! idempotent), also through `Display` and serde, and the normalised form
//! is trimmed, holds no secret and no hidden character. Serde reads a text
//! exactly as `parse` does. Whatever it refuses, it says so in a readable
//! message of bounded length that never repeats a secret's text.

use std::fmt::{Debug, Display};

use domain::answers::{Revision, RevisionError};
use domain::publish::AccessToken;
use domain::values::{
    quoted, refuse_secret, split, ApplicationUrl, ApplicationUrlError, DataverseUri,
    DataverseUriError, Description, DescriptionError, Email, EmailError, EndpointUrl,
    EndpointUrlError, EnvironmentName, EnvironmentNameError, Guid, GuidError, Justification,
    JustificationError, KeyVaultUri, KeyVaultUriError, Name, NameError, RequestTimeout, SecretName,
    SecretNameError, SequenceName, SequenceNameError, ServiceEndpoint, Tenant, TenantError, UserId,
    UserIdError, VaultName, VaultNameError, GEOGRAPHIES,
};
use proptest::prelude::*;
use proptest::strategy::{BoxedStrategy, Union};
use proptest::test_runner::TestCaseError;
use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;

use crate::runner::{hidden, readable, target, Target, Verdict};

/// Text made of the characters URLs, names and GUIDs are made of, plus the
/// ones that break them.
pub const URLISH: &str = "[a-zA-Z0-9:/.?#@%{}\\[\\]_'\",;&=~!^ \t\n\u{0}\u{202e}é-]{0,60}";
const KEY_VAULTISH: &str = "(https?://|HTTPS://|)([a-zA-Z][a-zA-Z0-9-]{0,25}|[a-z_.]{0,5})\\.(vault\\.azure\\.net|VAULT\\.azure\\.cn|vault\\.usgovcloudapi\\.net|managedhsm\\.azure\\.net|vault\\.microsoftazure\\.de|example\\.com)(:443|:80|)(/|//|/secrets/[a-z]{1,5}(/[0-9a-f]{1,8})?|/\\?x|#f|)[ \n]{0,2}";
const HOSTISH: &str = "(https?://|HTTP://|ftp://|)(user@)?([a-zA-Z0-9-]{1,10}\\.){0,3}[a-zA-Z]{2,5}(:[0-9]{1,6})?(/[a-zA-Z0-9%._~-]{0,8}){0,3}/{0,2}(\\?q|#f)?";
const LOCALISH: &str = "(http|https|HTTP)://(localhost|LOCALHOST|127\\.0\\.0\\.1|10\\.0\\.0\\.1)(:[0-9]{1,5})?(/[a-z]{0,4}){0,2}/?";
const GUIDISH: &str =
    "[ {\"]?[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-?[0-9a-fA-FgG]{4}-[0-9a-fA-F]{12}[ }.,]?";
const DOMAINISH: &str = "([a-zA-Z0-9_-]{1,12}\\.){0,3}[a-zA-Z0-9]{0,6}";
pub const NAMEISH: &str = "[ a-zA-Z0-9_.@#'~^!-]{0,70}";
const EMAILISH: &str = "[ ]?([a-zA-Z0-9._+'-]{1,12}|\"[a-z \t]{1,5}\")@([a-zA-Z0-9-]{1,10}\\.){0,3}[a-zA-Zé]{0,5}[ ]?|[A-Z][a-z]{1,5} <[a-z]{1,5}@[a-z]{1,5}\\.com>";
// Mostly accepted, so the round-trip half of each check is exercised.
const KEY_VAULT_GOOD: &str = "(https|HTTPS)://[a-zA-Z][a-zA-Z0-9]{2,20}\\.(vault\\.azure\\.net|vault\\.azure\\.cn|vault\\.usgovcloudapi\\.net|vault\\.microsoftazure\\.de)(:443)?/?";
/// Dataverse Web API endpoints, mostly accepted.
const DATAVERSE_GOOD: &str = "(https|HTTPS)://[a-zA-Z][a-zA-Z0-9]{1,12}\\.(crm[0-9]?\\.dynamics\\.com|crm\\.microsoftdynamics\\.us)(:443)?/(api|API)/(data|Data)/[vV]9\\.[0-9]{1,2}/{0,3}";
/// Dataverse-like text: organisation URLs without the path, other
/// versions, extra segments, other schemes.
const DATAVERSEISH: &str = "(https?://|HTTPS://|)([a-z0-9-]{1,10}\\.){1,3}[a-z]{2,5}(:443|:8443|)(/api/data/v[0-9]{1,2}(\\.[0-9]{0,3})?|/api/data|/main\\.aspx|)(/|//|/accounts|)(\\?x|#f|)[ \n]{0,2}";
pub const URL_GOOD: &str = "(https|HTTPS)://([a-zA-Z0-9]{1,10}\\.){1,3}[a-zA-Z]{2,5}(:[1-9][0-9]{0,3})?(/[a-zA-Z0-9%._~-]{1,8}){0,3}/{0,2}";
const GUID_GOOD: &str = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|\\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\}";
const DOMAIN_GOOD: &str = "([a-zA-Z0-9]{1,12}\\.){1,3}[a-zA-Z]{2,6}";
const VAULT_GOOD: &str = "[ ]?[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9][ ]?";
const SECRET_NAME_GOOD: &str = "[ ]?[a-zA-Z0-9-]{1,127}[ ]?";
const USER_ID_GOOD: &str = "[ ]?[a-zA-Z0-9'_!#^~-]([a-zA-Z0-9'_!#^~-]|\\.[a-zA-Z0-9]){0,20}[ ]?";
const EMAIL_GOOD: &str = "[a-zA-Z0-9_+'-]{1,12}@([a-zA-Z0-9]{1,10}\\.){1,3}[a-zA-Z]{2,5}";
pub const MULTILINE: &str = "[ a-zA-Z\r\n\t\u{0}\u{202e}é]{0,80}";
/// A secret's value (16+ letters and digits, which a refusal must never
/// repeat) in the shapes `refuse_secret` knows, with text around it.
const SECRETISH: &str = "[ a-z:/.?&]{0,12}(sig=|sv=2022-11-02&se=2030-01-01&sig=|SharedAccessSignature=|AccountKey=|DefaultEndpointsProtocol=https;AccountName=x;AccountKey=|eyJ[A-Za-z0-9]{2,8}\\.eyJ[A-Za-z0-9]{2,8}\\.|(https|ftp)://[a-z]{3,8}\\.blob\\.core\\.windows\\.net/[a-z]{0,5}\\?sig=)[A-Za-z0-9]{16,40}[ &a-z=%]{0,8}";
/// Access tokens, pasted well and badly.
const TOKEN: &str = "[ \n]?((Bearer|bearer|BEARER) {1,2})?[A-Za-z0-9._~+/-]{1,60}={0,2}[ \n]?";
const TOKENISH: &str =
    "[ ]?[bB]earer[ é\u{202e}\u{301}a-z]{0,3}[A-Za-z0-9.=\"' é\u{202e}\u{ad}\t]{0,20}";
const SECONDS: &str = "[ ]?[+-]?[0-9]{1,12}[ ]?|[0-9]{1,3}(\\.[0-9])?|[0-9]{1,3}s";

/// No refusal message is longer: messages show at most 40 characters of
/// the value, however long it is.
const MESSAGE_MAX: usize = 700;

/// Inputs that once broke, or could break, a hand-written parser.
fn hostile_inputs() -> Vec<String> {
    let huge = "a".repeat(100_000);
    let mut inputs = vec![
        format!("https://{huge}.vault.azure.net/"),
        "é\u{202e}".repeat(50_000),
        huge,
    ];
    inputs.extend(
        [
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
            "beareré",
            "Bearer\u{301}x",
            "\u{feff}",
            "\u{ad}",
        ]
        .map(String::from),
    );
    inputs
}

/// Arbitrary text, each of `shapes` (regular expressions), secrets and the
/// hostile inputs.
pub fn text(shapes: &[&'static str]) -> BoxedStrategy<String> {
    let mut options: Vec<BoxedStrategy<String>> = vec![
        any::<String>().boxed(),
        SECRETISH.boxed(),
        prop::sample::select(hostile_inputs()).boxed(),
    ];
    options.extend(shapes.iter().map(|&s| s.boxed()));
    Union::new(options).boxed()
}

/// When `input` looks like a secret, `message` must not repeat it: no run
/// of 16 or more letters and digits of the input appears in it.
fn no_secret_echo(input: &str, message: &str) -> Result<(), TestCaseError> {
    if refuse_secret(input).is_ok() {
        return Ok(());
    }
    for word in input.split(|c: char| !c.is_ascii_alphanumeric()) {
        prop_assert!(
            word.len() < 16 || !message.contains(word),
            "the message repeats the secret {:?}: {:?}",
            word,
            message
        );
    }
    Ok(())
}

/// A refusal: readable, bounded, never repeating a secret.
fn refused(input: &str, error: &impl Display) -> Result<Verdict, TestCaseError> {
    let message = error.to_string();
    readable(&message)?;
    prop_assert!(
        message.chars().count() <= MESSAGE_MAX,
        "a message of {} characters",
        message.chars().count()
    );
    no_secret_echo(input, &message)?;
    Ok(Verdict::Refused)
}

/// A string value: `parse`, its normalised form `as_str`, and serde.
pub trait Parsed:
    Sized + Clone + PartialEq + Debug + Display + Serialize + DeserializeOwned
{
    type Error: Display + Debug + PartialEq;
    fn parse(input: &str) -> Result<Self, Self::Error>;
    fn text(&self) -> &str;
    /// Whether the normalised form may hold line breaks.
    const LINE_BREAKS: bool = false;
    /// Whether it is typed by an administrator, so refuses secrets (a
    /// revision comes from the service).
    const TYPED: bool = true;
}

macro_rules! parsed {
    ($($ty:ident: $err:ident $(, $flag:ident = $value:literal)?;)+) => {$(
        impl Parsed for $ty {
            type Error = $err;
            fn parse(input: &str) -> Result<Self, $err> {
                $ty::parse(input)
            }
            fn text(&self) -> &str {
                self.as_str()
            }
            $(const $flag: bool = $value;)?
        }
    )+};
}

parsed! {
    Name: NameError;
    Description: DescriptionError, LINE_BREAKS = true;
    Justification: JustificationError, LINE_BREAKS = true;
    KeyVaultUri: KeyVaultUriError;
    DataverseUri: DataverseUriError;
    VaultName: VaultNameError;
    SecretName: SecretNameError;
    UserId: UserIdError;
    Email: EmailError;
    Guid: GuidError;
    EnvironmentName: EnvironmentNameError;
    SequenceName: SequenceNameError;
    Tenant: TenantError;
    ApplicationUrl: ApplicationUrlError;
    EndpointUrl: EndpointUrlError;
    Revision: RevisionError, TYPED = false;
}

/// What a type checks beyond what every value does, on its result.
type Extra<T> = fn(&Result<T, <T as Parsed>::Error>) -> Result<(), TestCaseError>;

/// The invariants of a string value on one input.
pub fn check_value<T: Parsed>(input: String) -> Result<Verdict, TestCaseError> {
    check_value_with::<T>(input, |_| Ok(()))
}

fn check_value_with<T: Parsed>(input: String, extra: Extra<T>) -> Result<Verdict, TestCaseError> {
    let parsed = T::parse(&input);
    let via_serde = serde_json::from_value::<T>(Value::String(input.clone()));
    prop_assert_eq!(via_serde.as_ref().ok(), parsed.as_ref().ok());
    extra(&parsed)?;
    let value = match parsed {
        Ok(value) => value,
        Err(error) if T::TYPED => return refused(&input, &error),
        Err(error) => {
            readable(&error.to_string())?;
            return Ok(Verdict::Refused);
        }
    };
    let normal = value.text();
    // Round trip through the normalised form; so normalising twice is
    // normalising once.
    prop_assert_eq!(T::parse(normal), Ok(value.clone()));
    prop_assert_eq!(T::parse(&value.to_string()), Ok(value.clone()));
    let json = serde_json::to_string(&value).unwrap();
    prop_assert_eq!(serde_json::from_str::<T>(&json).unwrap(), value.clone());
    prop_assert_eq!(normal, normal.trim(), "the normalised form is not trimmed");
    prop_assert!(!T::TYPED || refuse_secret(normal).is_ok());
    prop_assert!(
        !normal
            .chars()
            .any(|c| hidden(c) && !(T::LINE_BREAKS && c == '\n')),
        "a hidden character in the accepted {:?}",
        normal
    );
    Ok(Verdict::Accepted)
}

fn value<T: Parsed + 'static>(name: &'static str, shapes: &'static [&'static str]) -> Target {
    target(name, move || text(shapes), check_value::<T>)
}

fn value_with<T: Parsed + 'static>(
    name: &'static str,
    shapes: &'static [&'static str],
    extra: Extra<T>,
) -> Target {
    target(
        name,
        move || text(shapes),
        move |input| check_value_with::<T>(input, extra),
    )
}

/// The vault name inside re-validates; warnings are readable; a
/// suggestion offered with a refusal is itself accepted; a Managed HSM is
/// never accepted.
fn key_vault_uri(parsed: &Result<KeyVaultUri, KeyVaultUriError>) -> Result<(), TestCaseError> {
    match parsed {
        Ok(uri) => {
            prop_assert!(
                !uri.as_str().contains(".managedhsm."),
                "a Managed HSM was accepted: {}",
                uri
            );
            let vault = uri.vault_name();
            prop_assert_eq!(VaultName::parse(vault.as_str()), Ok(vault.clone()));
            prop_assert!(uri
                .as_str()
                .to_ascii_lowercase()
                .contains(&vault.as_str().to_ascii_lowercase()));
            for warning in uri.warnings() {
                readable(&warning.to_string())?;
            }
        }
        Err(error) => {
            if let Some(suggestion) = error.suggestion() {
                prop_assert!(
                    KeyVaultUri::parse(suggestion).is_ok(),
                    "the suggestion {:?} is refused",
                    suggestion
                );
            }
        }
    }
    Ok(())
}

/// Accepted: lowercase `https://`, the Web API path with one trailing `/`;
/// refused: a suggestion offered is itself accepted.
fn dataverse_uri(parsed: &Result<DataverseUri, DataverseUriError>) -> Result<(), TestCaseError> {
    match parsed {
        Ok(uri) => {
            let text = uri.as_str();
            prop_assert!(text.starts_with("https://"), "{}", text);
            prop_assert!(text.contains("/api/data/v9."), "{}", text);
            prop_assert!(text.ends_with('/') && !text.ends_with("//"), "{}", text);
            prop_assert_eq!(text, text.to_ascii_lowercase());
        }
        Err(error) => {
            if let Some(suggestion) = DataverseUri::suggestion(error) {
                prop_assert!(
                    DataverseUri::parse(suggestion).is_ok(),
                    "the suggestion {:?} is refused",
                    suggestion
                );
            }
        }
    }
    Ok(())
}

/// A stored Key Vault URI reads as `parse` does, but a Managed HSM's is
/// kept (marked, as it was) instead of refused, and writes back unchanged.
fn stored_reference_uri(input: String) -> Result<Verdict, TestCaseError> {
    use domain::model::ReferenceUri;
    let stored = serde_json::from_value::<ReferenceUri>(Value::String(input.clone()));
    match (KeyVaultUri::parse(&input), stored) {
        (Ok(uri), Ok(ReferenceUri::Valid(read))) => prop_assert_eq!(uri, read),
        (Err(KeyVaultUriError::ManagedHsm { .. }), Ok(ReferenceUri::Refused { text, .. })) => {
            prop_assert_eq!(&text, &input, "kept as it was");
            prop_assert_eq!(
                serde_json::to_value(ReferenceUri::Refused {
                    text: text.clone(),
                    error: KeyVaultUriError::ManagedHsm {
                        value: text.clone()
                    }
                })
                .unwrap(),
                Value::String(input.clone())
            );
            return Ok(Verdict::Accepted);
        }
        (Err(_), Err(_)) => return Ok(Verdict::Refused),
        (parsed, stored) => prop_assert!(false, "{:?} read as {:?}", parsed, stored),
    }
    Ok(Verdict::Accepted)
}

/// Lowercase and hyphenated: the UUID's own text.
fn guid(parsed: &Result<Guid, GuidError>) -> Result<(), TestCaseError> {
    if let Ok(g) = parsed {
        prop_assert_eq!(g.uuid().hyphenated().to_string(), g.as_str());
    }
    Ok(())
}

/// A GUID or a domain, exactly one, and that is its text.
fn tenant(parsed: &Result<Tenant, TenantError>) -> Result<(), TestCaseError> {
    if let Ok(t) = parsed {
        prop_assert!(t.guid().is_some() != t.domain().is_some());
        prop_assert_eq!(t.guid().map(Guid::as_str).or(t.domain()), Some(t.as_str()));
    }
    Ok(())
}

/// The `https://…` suggested for a URL typed without a scheme is accepted.
fn endpoint_url(parsed: &Result<EndpointUrl, EndpointUrlError>) -> Result<(), TestCaseError> {
    if let Err(EndpointUrlError::MissingScheme {
        suggestion: Some(s),
        ..
    }) = parsed
    {
        prop_assert!(EndpointUrl::parse(s).is_ok(), "{:?}", s);
    }
    Ok(())
}

fn application_url(
    parsed: &Result<ApplicationUrl, ApplicationUrlError>,
) -> Result<(), TestCaseError> {
    if let Err(ApplicationUrlError::MissingScheme {
        suggestion: Some(s),
        ..
    }) = parsed
    {
        prop_assert!(ApplicationUrl::parse(s).is_ok(), "{:?}", s);
    }
    Ok(())
}

fn access_token(input: String) -> Result<Verdict, TestCaseError> {
    let token = match AccessToken::parse(&input) {
        Ok(token) => token,
        Err(error) => return refused(&input, &error),
    };
    let exposed = token.expose();
    prop_assert_eq!(AccessToken::parse(exposed), Ok(token.clone()));
    prop_assert_eq!(exposed, exposed.trim());
    prop_assert!(exposed
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-._~+/=".contains(c)));
    prop_assert_eq!(format!("{token:?}"), "AccessToken(hidden)");
    let hint = token.hint();
    readable(&hint)?;
    prop_assert!(exposed.len() <= 4 || !hint.contains(exposed));
    Ok(Verdict::Accepted)
}

fn request_timeout(input: String) -> Result<Verdict, TestCaseError> {
    let parsed = RequestTimeout::parse(&input);
    if let Ok(n) = input.trim().parse::<u32>() {
        prop_assert_eq!(RequestTimeout::try_from(n).ok(), parsed.clone().ok());
        prop_assert_eq!(
            serde_json::from_value(Value::from(n)).ok(),
            parsed.clone().ok()
        );
    }
    let timeout = match parsed {
        Ok(t) => t,
        Err(error) => return refused(&input, &error),
    };
    let seconds = timeout.seconds();
    prop_assert!((RequestTimeout::MIN..=RequestTimeout::MAX).contains(&seconds));
    prop_assert_eq!(RequestTimeout::parse(&seconds.to_string()), Ok(timeout));
    prop_assert_eq!(RequestTimeout::try_from(seconds), Ok(timeout));
    let json = serde_json::to_string(&timeout).unwrap();
    prop_assert_eq!(
        serde_json::from_str::<RequestTimeout>(&json).unwrap(),
        timeout
    );
    Ok(Verdict::Accepted)
}

#[derive(Debug, Clone)]
enum EndpointInput {
    Geography(String, u16),
    Custom(String),
}

fn endpoint_input() -> impl Strategy<Value = EndpointInput> {
    let mut codes: Vec<String> = GEOGRAPHIES.iter().map(|g| g.code.to_string()).collect();
    codes.extend(["EU", " us ", "Uk", "", "xx", "e\u{202e}u", "eu\0"].map(String::from));
    let code = prop_oneof![
        3 => prop::sample::select(codes),
        1 => "[a-zA-Z ]{0,4}",
        1 => any::<String>(),
    ];
    let il = prop_oneof![3 => 99u16..113, 1 => any::<u16>()];
    prop_oneof![
        3 => (code, il).prop_map(|(c, i)| EndpointInput::Geography(c, i)),
        1 => text(&[URL_GOOD, LOCALISH, HOSTISH]).prop_map(EndpointInput::Custom),
    ]
}

fn service_endpoint(input: EndpointInput) -> Result<Verdict, TestCaseError> {
    let (parsed, text) = match &input {
        EndpointInput::Geography(code, il) => (ServiceEndpoint::geography(code, *il), code),
        EndpointInput::Custom(url) => (ServiceEndpoint::custom(url), url),
    };
    let endpoint = match parsed {
        Ok(e) => e,
        Err(error) => return refused(text, &error),
    };
    prop_assert_eq!(endpoint.validate(), Ok(()));
    let url = endpoint.url();
    prop_assert_eq!(EndpointUrl::parse(url.as_str()), Ok(url.clone()));
    match &endpoint {
        ServiceEndpoint::Geography { code, il } => {
            prop_assert!(endpoint.catalogue_entry().is_some());
            prop_assert_eq!(ServiceEndpoint::geography(code, *il), Ok(endpoint.clone()));
        }
        ServiceEndpoint::Custom(_) => {
            prop_assert_eq!(ServiceEndpoint::custom(url.as_str()), Ok(endpoint.clone()));
        }
    }
    let json = serde_json::to_string(&endpoint).unwrap();
    prop_assert_eq!(
        serde_json::from_str::<ServiceEndpoint>(&json).unwrap(),
        endpoint
    );
    Ok(Verdict::Accepted)
}

/// `split` never refuses: "accepted" is a scheme and a host found. Its
/// parts put back together are the input.
fn url_split(input: String) -> Result<Verdict, TestCaseError> {
    let p = split(&input);
    let mut back = String::new();
    if let Some(s) = p.scheme {
        back.push_str(&format!("{s}://"));
    }
    if let Some(u) = p.userinfo {
        back.push_str(&format!("{u}@"));
    }
    back.push_str(p.host);
    if let Some(port) = p.port {
        back.push_str(&format!(":{port}"));
    }
    back.push_str(p.path);
    if let Some(q) = p.query {
        back.push_str(&format!("?{q}"));
    }
    if let Some(f) = p.fragment {
        back.push_str(&format!("#{f}"));
    }
    prop_assert_eq!(&back, &input);
    prop_assert!(p.path.is_empty() || p.path.starts_with('/'));
    Ok(if p.scheme.is_some() && !p.host.is_empty() {
        Verdict::Accepted
    } else {
        Verdict::Refused
    })
}

/// `quoted` shows at most 40 characters, escaped, in quotes; "accepted" is
/// shown whole and unchanged.
fn quote(input: String) -> Result<Verdict, TestCaseError> {
    let q = quoted(&input);
    prop_assert!(q.starts_with('\'') && q.ends_with('\'') && q.chars().count() >= 2);
    prop_assert!(!q.chars().any(hidden), "{:?}", q);
    // An escape is at most `\u{10ffff}`, 10 characters.
    prop_assert!(q.chars().count() <= 2 + 40 * 10 + 1);
    let whole = input.chars().count() <= 40 && !input.chars().any(hidden);
    if whole {
        prop_assert_eq!(&q, &format!("'{input}'"));
    }
    Ok(if whole {
        Verdict::Accepted
    } else {
        Verdict::Refused
    })
}

pub fn targets() -> Vec<Target> {
    vec![
        value::<Name>("values::Name", &[NAMEISH, MULTILINE]),
        value::<Description>("values::Description", &[MULTILINE, NAMEISH]),
        value::<Justification>("values::Justification", &[MULTILINE, NAMEISH]),
        value_with::<KeyVaultUri>(
            "values::KeyVaultUri",
            &[KEY_VAULT_GOOD, KEY_VAULTISH, URLISH, HOSTISH],
            key_vault_uri,
        ),
        value_with::<DataverseUri>(
            "values::DataverseUri",
            &[DATAVERSE_GOOD, DATAVERSEISH, URLISH, HOSTISH],
            dataverse_uri,
        ),
        target(
            "model::ReferenceUri (a stored Key Vault URI)",
            || text(&[KEY_VAULT_GOOD, KEY_VAULTISH]),
            stored_reference_uri,
        ),
        value::<VaultName>(
            "values::VaultName",
            &[VAULT_GOOD, "[a-zA-Z0-9_-]{0,26}", URLISH],
        ),
        value::<SecretName>(
            "values::SecretName",
            &[SECRET_NAME_GOOD, "[a-zA-Z0-9 _.-]{0,130}", URLISH],
        ),
        value::<UserId>("values::UserId", &[USER_ID_GOOD, NAMEISH, EMAILISH, URLISH]),
        value::<Email>("values::Email", &[EMAIL_GOOD, EMAILISH, URLISH]),
        value_with::<Guid>("values::Guid", &[GUID_GOOD, GUIDISH, URLISH], guid),
        value::<EnvironmentName>(
            "values::EnvironmentName",
            &[NAMEISH, "[a-zA-Z0-9_-]{0,70}", URLISH],
        ),
        value::<SequenceName>("values::SequenceName", &[NAMEISH, "[a-zA-Z0-9_-]{0,70}"]),
        value_with::<Tenant>(
            "values::Tenant",
            &[GUID_GOOD, DOMAIN_GOOD, GUIDISH, DOMAINISH, URLISH],
            tenant,
        ),
        value_with::<ApplicationUrl>(
            "values::ApplicationUrl",
            &[URL_GOOD, HOSTISH, URLISH],
            application_url,
        ),
        value_with::<EndpointUrl>(
            "values::EndpointUrl",
            &[URL_GOOD, HOSTISH, LOCALISH, URLISH],
            endpoint_url,
        ),
        target("values::ServiceEndpoint", endpoint_input, service_endpoint),
        target(
            "values::RequestTimeout",
            || text(&[SECONDS]),
            request_timeout,
        ),
        target(
            "values::refuse_secret",
            || text(&[URLISH, MULTILINE]),
            |input: String| match refuse_secret(&input) {
                Ok(()) => Ok(Verdict::Accepted),
                Err(error) => refused(&input, &error),
            },
        ),
        target("values::quoted", || text(&[MULTILINE]), quote),
        target(
            "values::split (URL parts)",
            || text(&[URL_GOOD, HOSTISH, LOCALISH, URLISH]),
            url_split,
        ),
        target(
            "publish::AccessToken",
            || text(&[TOKEN, TOKENISH]),
            access_token,
        ),
    ]
}
