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
/// page, docs/benchmarks.md).
pub(crate) fn contains_bytes(haystack: &str, needle: &[u8]) -> bool {
    haystack
        .as_bytes()
        .windows(needle.len())
        .any(|w| w == needle)
}
