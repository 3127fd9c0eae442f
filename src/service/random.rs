//! Fresh idempotency keys from the browser's cryptographic random source.

use domain::publish::IdempotencyKey;

/// A new version 4 key from `crypto.getRandomValues` (present in every
/// browser this console runs in, secure context or not). Were it missing,
/// `Math.random` still gives keys unique enough to tell attempts apart:
/// a key needs to be unique, not secret.
pub fn fresh_key() -> IdempotencyKey {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .and_then(|c| c.get_random_values_with_u8_array(&mut bytes).ok())
        .is_some();
    if !filled {
        for b in &mut bytes {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    IdempotencyKey::from_random_bytes(bytes)
}
