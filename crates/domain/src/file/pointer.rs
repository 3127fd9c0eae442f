//! RFC 6901 JSON pointers into the file, built as the reader descends.
//!
//! A field name is a pointer token with `~` written `~0` and `/` written
//! `~1`, so a pointer names exactly one place even when a hand-made file
//! uses odd field names.

/// The pointer to field `key` of the object at `base`.
pub(crate) fn field(base: &str, key: &str) -> String {
    let mut out = String::with_capacity(base.len() + key.len() + 1);
    out.push_str(base);
    out.push('/');
    for c in key.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}

/// The pointer to item `i` of the array at `base`.
pub(crate) fn index(base: &str, i: usize) -> String {
    format!("{base}/{i}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_escaped() {
        assert_eq!(field("", "a/b~c"), "/a~1b~0c");
        assert_eq!(index("/environments", 3), "/environments/3");
        assert_eq!(field("/environments/3", "users"), "/environments/3/users");
    }
}
