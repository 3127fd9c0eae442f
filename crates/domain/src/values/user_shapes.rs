//! The common shapes of a User ID and an email address, checked in one
//! pass over the bytes: the shortcuts that let the ten thousand values of a
//! large stored draft through without the general rules.
//!
//! Why plain loops: in the browser, a new tab compiles each wasm function
//! the first time it runs and runs it unoptimised at first (V8's lazy
//! compilation and first tier), where every iterator adapter, `split` and
//! slice comparison is a call of its own. Reading a 10,000-user draft at
//! start-up ran these checks cold, and their iterator forms were a large
//! part of it (docs/benchmarks.md, "Reading a large draft"). What each
//! shortcut accepts, the full rules accept as it is: property tests below
//! (and in `user.rs`, against the `email_address` crate) check it.

/// The characters a User ID may hold (all ASCII).
#[inline(always)]
pub(super) fn is_alias_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'\'' | b'.' | b'-' | b'_' | b'!' | b'#' | b'^' | b'~')
}

/// 1–`max` alias characters with no leading, trailing or doubled dot: a
/// User ID every rule of `UserId::checked` accepts as it is.
pub(super) fn is_plain_alias(value: &str, max: usize) -> bool {
    let b = value.as_bytes();
    let n = b.len();
    if n == 0 || n > max || b[0] == b'.' || b[n - 1] == b'.' {
        return false;
    }
    let mut i = 0;
    while i < n {
        let c = b[i];
        // b[0] is not a dot, so a dot here has a byte before it.
        if !is_alias_byte(c) || (c == b'.' && b[i - 1] == b'.') {
            return false;
        }
        i += 1;
    }
    true
}

/// The common shape of an address: a local part of 1–64 letters, digits
/// and `. _ % + -` with no empty atom (no leading, trailing or doubled
/// dot), one `@`, and two or more domain labels of 1–63 letters, digits
/// and hyphens that start and end with a letter or digit, 253 characters
/// at most, the whole address `max` at most.
pub(super) fn is_plain_address(value: &str, max: usize) -> bool {
    let b = value.as_bytes();
    let n = b.len();
    if n > max {
        return false;
    }
    // The local part, up to the first '@'.
    let mut i = 0;
    let mut atom = 0;
    while i < n && b[i] != b'@' {
        let c = b[i];
        if c == b'.' {
            if atom == 0 {
                return false;
            }
            atom = 0;
        } else if c.is_ascii_alphanumeric() || matches!(c, b'_' | b'%' | b'+' | b'-') {
            atom += 1;
        } else {
            return false;
        }
        i += 1;
    }
    // No '@', an empty or dot-ended local part, or one over 64.
    if i == n || atom == 0 || i > 64 || n - (i + 1) > 253 {
        return false;
    }
    // The domain: labels between dots (a second '@' is refused here).
    i += 1;
    let (mut labels, mut label, mut last) = (1, 0, b'.');
    while i < n {
        let c = b[i];
        if c == b'.' {
            if label == 0 || !last.is_ascii_alphanumeric() {
                return false;
            }
            labels += 1;
            label = 0;
        } else if c.is_ascii_alphanumeric() || (c == b'-' && label > 0) {
            label += 1;
            if label > 63 {
                return false;
            }
        } else {
            return false;
        }
        last = c;
        i += 1;
    }
    label > 0 && last.is_ascii_alphanumeric() && labels >= 2
}

// Each shortcut against the same shape written with iterators and
// `split`, as it was (the reference), on random text of the relevant
// alphabets and near misses.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod the_loops_say_what_the_shapes_say {
    use super::{is_alias_byte, is_plain_address, is_plain_alias};
    use proptest::prelude::*;

    fn alias_reference(value: &str) -> bool {
        !value.is_empty()
            && value.chars().count() <= 64
            && value.bytes().all(is_alias_byte)
            && !value.starts_with('.')
            && !value.ends_with('.')
            && !value.contains("..")
    }

    fn address_reference(value: &str) -> bool {
        let Some(at) = value.bytes().position(|b| b == b'@') else {
            return false;
        };
        let (local, domain) = (&value[..at], &value[at + 1..]);
        let atom_char = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'%' | b'+' | b'-');
        let local_ok = (1..=64).contains(&local.len())
            && local
                .split('.')
                .all(|atom| !atom.is_empty() && atom.bytes().all(atom_char));
        let label_ok = |label: &str| {
            let bytes = label.as_bytes();
            (1..=63).contains(&bytes.len())
                && bytes[0].is_ascii_alphanumeric()
                && bytes[bytes.len() - 1].is_ascii_alphanumeric()
                && bytes
                    .iter()
                    .all(|&b| b.is_ascii_alphanumeric() || b == b'-')
        };
        value.len() <= 254
            && local_ok
            && domain.len() <= 253
            && domain.split('.').count() >= 2
            && domain.split('.').all(label_ok)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5_000))]

        #[test]
        fn aliases(value in "[A-Za-z0-9'._!#^~@ é-]{0,70}") {
            prop_assert_eq!(is_plain_alias(&value, 64), alias_reference(&value), "{:?}", value);
        }

        #[test]
        fn addresses(value in "[A-Za-z0-9._%+-]{0,70}@{0,2}([A-Za-z0-9-]{0,65}\\.){0,4}[A-Za-z0-9.@-]{0,65}") {
            prop_assert_eq!(is_plain_address(&value, 254), address_reference(&value), "{:?}", value);
        }

        #[test]
        fn any_printable_text(value in "[ -~]{0,80}") {
            prop_assert_eq!(is_plain_alias(&value, 64), alias_reference(&value), "{:?}", value);
            prop_assert_eq!(is_plain_address(&value, 254), address_reference(&value), "{:?}", value);
        }

        #[test]
        fn long_addresses(local in "[a-z.]{1,66}", labels in proptest::collection::vec("[a-z0-9-]{1,64}", 1..6)) {
            let value = format!("{local}@{}", labels.join("."));
            prop_assert_eq!(is_plain_address(&value, 254), address_reference(&value), "{:?}", value);
        }
    }
}
