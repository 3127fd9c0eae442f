//! PKCE (RFC 7636): a fresh secret verifier per sign-in, and the S256
//! challenge sent with the authorization request. The token endpoint
//! checks the verifier against the challenge, so a stolen authorization
//! code is useless without this page's verifier.
//!
//! SHA-256 is the `sha2` crate (RustCrypto), and base64url the `base64`
//! crate: nothing here is home-made cryptography.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// A code verifier: 43 to 128 characters of `[A-Z a-z 0-9 - . _ ~]`
/// (RFC 7636 section 4.1).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CodeVerifier(String);

/// The verifier is not one RFC 7636 allows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("A PKCE code verifier is 43 to 128 characters of letters, digits, '-', '.', '_' and '~'.")]
pub struct VerifierError;

impl CodeVerifier {
    /// The verifier for 32 random bytes (from the browser's
    /// `crypto.getRandomValues`): their base64url text, 43 characters.
    pub fn from_random(bytes: [u8; 32]) -> CodeVerifier {
        CodeVerifier(URL_SAFE_NO_PAD.encode(bytes))
    }

    pub fn parse(text: &str) -> Result<CodeVerifier, VerifierError> {
        let ok = (43..=128).contains(&text.len())
            && text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'));
        if ok {
            Ok(CodeVerifier(text.to_string()))
        } else {
            Err(VerifierError)
        }
    }

    /// `BASE64URL(SHA256(ASCII(verifier)))`, the `S256` method.
    pub fn challenge(&self) -> String {
        s256(&self.0)
    }

    /// The verifier itself, for the token request only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// The S256 transform of any verifier text (the authorization server
/// double checks with it too).
pub fn s256(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// A random value for `state` or `nonce`: 16 random bytes as base64url.
pub fn random_text(bytes: [u8; 16]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

impl std::fmt::Debug for CodeVerifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CodeVerifier(…)")
    }
}

impl TryFrom<String> for CodeVerifier {
    type Error = VerifierError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        CodeVerifier::parse(&value)
    }
}

impl From<CodeVerifier> for String {
    fn from(value: CodeVerifier) -> String {
        value.0
    }
}
