//! Byte searches over validated text, without allocating: the secret check
//! runs them on every value of a draft, and the Users search on every user
//! at each keystroke.

/// `haystack` contains `needle` without regard to ASCII case; `needle` is
/// lowercase (a literal such as `.core.windows.net`, or a search query
/// lowercased once). A plain byte loop, without allocating: it runs for
/// every value of a 10,000-user draft (the secret check) and over every
/// user on each keystroke of the Users search, and the release build,
/// optimised for size, calls out for every byte of an iterator-and-slice
/// form.
pub(crate) fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    let (haystack, needle) = (haystack.as_bytes(), needle.as_bytes());
    let n = needle.len();
    let mut start = 0;
    while start + n <= haystack.len() {
        let mut i = 0;
        while i < n && haystack[start + i].to_ascii_lowercase() == needle[i] {
            i += 1;
        }
        if i == n {
            return true;
        }
        start += 1;
    }
    false
}

/// `haystack` contains the bytes of `needle`. For the few short needles
/// checked on every value: `str::contains` with a `&str` pattern sets up a
/// Two-Way searcher on each call, which costs more than the search itself
/// on a 20-character value (a tenth of reading a 10,000-user draft in the
/// page, docs/benchmarks.md); and a plain loop comparing the rest only
/// where the first byte matches, as [`contains_ignore_case`], for the
/// same reason as there.
pub(crate) fn contains_bytes(haystack: &str, needle: &[u8]) -> bool {
    let haystack = haystack.as_bytes();
    let n = needle.len();
    if n == 0 {
        return true;
    }
    let mut start = 0;
    while start + n <= haystack.len() {
        if haystack[start] == needle[0] {
            let mut i = 1;
            while i < n && haystack[start + i] == needle[i] {
                i += 1;
            }
            if i == n {
                return true;
            }
        }
        start += 1;
    }
    false
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod the_loops_agree_with_str {
    use super::{contains_bytes, contains_ignore_case};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3_000))]

        #[test]
        fn as_str_contains(haystack in "[abAB=.yJe]{0,30}", needle in "[abAB=.yJe]{1,4}") {
            prop_assert_eq!(contains_bytes(&haystack, needle.as_bytes()), haystack.contains(needle.as_str()));
            let lower = needle.to_ascii_lowercase();
            prop_assert_eq!(
                contains_ignore_case(&haystack, &lower),
                haystack.to_ascii_lowercase().contains(lower.as_str())
            );
        }
    }
}
