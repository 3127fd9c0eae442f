//! Refuses text that looks like a secret's value.
//!
//! The service is built so that the storage SAS token never reaches it: the
//! token lives in Key Vault and only the secret's *name* is configured. This
//! product must never accept or store a secret, so every constructor that
//! takes text calls [`refuse_secret`] first.

use core::fmt;

/// What a refused text looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SecretKind {
    /// `sig=`, `sv=` with `se=`, or `SharedAccessSignature=`.
    SasToken,
    /// `AccountKey=` or `DefaultEndpointsProtocol=`.
    ConnectionString,
    /// An address under `.core.windows.net` (which, in this product, is
    /// where a SAS URL points).
    StorageAccountUrl,
    /// A word `eyJ…` with at least two dots: an access token.
    Jwt,
}

impl SecretKind {
    /// What it looks like, in words: "a SAS token".
    pub const fn describe(self) -> &'static str {
        match self {
            SecretKind::SasToken => "a SAS token",
            SecretKind::ConnectionString => "a storage account connection string",
            SecretKind::StorageAccountUrl => "a storage account URL (….core.windows.net)",
            SecretKind::Jwt => "an access token (JWT)",
        }
    }
}

impl fmt::Display for SecretKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

/// The text looked like a secret and was refused. The message never repeats
/// the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[error("This looks like {}. Never enter a secret's value here: store it in Key Vault as a secret and enter the secret's name.", .kind.describe())]
pub struct SecretRefused {
    pub kind: SecretKind,
}

/// `Err` when `input` looks like a SAS token, a storage connection string, a
/// storage account URL or a JWT (case-insensitive, except the JWT's `eyJ`).
pub fn refuse_secret(input: &str) -> Result<(), SecretRefused> {
    match detect(input) {
        Some(kind) => Err(SecretRefused { kind }),
        None => Ok(()),
    }
}

fn detect(input: &str) -> Option<SecretKind> {
    // Every kind but two needs an `=`; the two others need `eyJ` or the
    // storage suffix. Most text (every name and address a workspace holds)
    // has none of them and is cleared here, without the lowercase copy
    // below: this runs for every value of a 10,000-user draft at start-up.
    if !may_hold_secret(input) {
        return None;
    }
    let lower = input.to_ascii_lowercase();
    if lower.contains("accountkey=") || lower.contains("defaultendpointsprotocol=") {
        return Some(SecretKind::ConnectionString);
    }
    if lower.contains("sharedaccesssignature=")
        || has_parameter(&lower, "sig=")
        || (has_parameter(&lower, "sv=") && has_parameter(&lower, "se="))
    {
        return Some(SecretKind::SasToken);
    }
    if has_jwt(input) {
        return Some(SecretKind::Jwt);
    }
    if lower.contains(".core.windows.net") {
        return Some(SecretKind::StorageAccountUrl);
    }
    None
}

/// `input` holds an `=`, `eyJ` or `.core.windows.net` (any case): one of
/// them is in every secret [`detect`] knows. One pass over the bytes, each
/// needle compared only where its first byte is (three searches of the
/// whole text, before, were most of the secret check's time).
fn may_hold_secret(input: &str) -> bool {
    const STORAGE: &[u8] = b".core.windows.net";
    let b = input.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let hit = match b[i] {
            b'=' => true,
            b'e' => b.len() - i >= 3 && b[i + 1] == b'y' && b[i + 2] == b'J',
            b'.' => {
                b.len() - i >= STORAGE.len() && {
                    let mut k = 1;
                    while k < STORAGE.len() && b[i + k].to_ascii_lowercase() == STORAGE[k] {
                        k += 1;
                    }
                    k == STORAGE.len()
                }
            }
            _ => false,
        };
        if hit {
            return true;
        }
        i += 1;
    }
    false
}

/// `needle` (a short `name=`) occurs at the start of a parameter: at the
/// start of the text or after a character that is not a letter or digit
/// (`?`, `&`, `;`, a space…), so `use=` does not count as `se=`.
fn has_parameter(lower: &str, needle: &str) -> bool {
    let bytes = lower.as_bytes();
    lower
        .match_indices(needle)
        .any(|(i, _)| i == 0 || !bytes[i - 1].is_ascii_alphanumeric())
}

/// A word of base64url characters and dots that starts with `eyJ` (base64
/// of `{"`) and has at least two dots, the first two segments non-empty.
fn has_jwt(input: &str) -> bool {
    input
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.'))
        .filter(|word| word.starts_with("eyJ"))
        .any(|word| {
            let mut segments = word.split('.');
            let header = segments.next().unwrap_or("");
            let payload = segments.next();
            let signature = segments.next();
            !header.is_empty() && matches!(payload, Some(p) if !p.is_empty()) && signature.is_some()
        })
}

// The one pass finds what the three searches it replaced found.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod one_pass_finds_what_three_searches_found {
    use super::may_hold_secret;
    use crate::values::search::{contains_bytes, contains_ignore_case};
    use proptest::prelude::*;

    fn three_searches(input: &str) -> bool {
        input.as_bytes().contains(&b'=')
            || contains_bytes(input, b"eyJ")
            || contains_ignore_case(input, ".core.windows.net")
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5_000))]

        #[test]
        fn near_misses(input in "(e|y|J|=|\\.|core|CORE|windows|WiNdOwS|net|x|\\.core\\.windows\\.ne){0,8}") {
            prop_assert_eq!(may_hold_secret(&input), three_searches(&input), "{:?}", input);
        }

        #[test]
        fn any_text(input in "\\PC{0,40}") {
            prop_assert_eq!(may_hold_secret(&input), three_searches(&input), "{:?}", input);
        }
    }
}
