//! A small strict URL splitter shared by [`KeyVaultUri`](super::KeyVaultUri),
//! [`EndpointUrl`](super::EndpointUrl) and
//! [`ApplicationUrl`](super::ApplicationUrl).
//!
//! It only finds the parts; each newtype applies its own rules and messages.
//! The accepted languages are tiny (no IPv6, no IDN, no relative forms), so a
//! hand-written splitter is clearer than a general URL parser.

/// The parts of `scheme://userinfo@host:port/path?query#fragment`, as
/// slices of the input. A part that is absent is `None` (or empty for
/// `path`); a part that is present but empty (`host:`, `?`) is `Some("")`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UrlParts<'a> {
    /// Present only when the input starts with `{scheme}://`.
    pub scheme: Option<&'a str>,
    pub userinfo: Option<&'a str>,
    pub host: &'a str,
    pub port: Option<&'a str>,
    /// Empty, or starts with `/`.
    pub path: &'a str,
    pub query: Option<&'a str>,
    pub fragment: Option<&'a str>,
}

/// Splits `input` into its parts. Never fails: structure only.
pub fn split(input: &str) -> UrlParts<'_> {
    let (scheme, rest) = match input.find("://") {
        Some(i) if is_scheme(&input[..i]) => (Some(&input[..i]), &input[i + 3..]),
        _ => (None, input),
    };
    let (rest, fragment) = match rest.find('#') {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    let (rest, query) = match rest.find('?') {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let (userinfo, host_port) = match authority.rfind('@') {
        Some(i) => (Some(&authority[..i]), &authority[i + 1..]),
        None => (None, authority),
    };
    let (host, port) = match host_port.rfind(':') {
        Some(i) => (&host_port[..i], Some(&host_port[i + 1..])),
        None => (host_port, None),
    };
    UrlParts {
        scheme,
        userinfo,
        host,
        port,
        path,
        query,
        fragment,
    }
}

/// RFC 3986 scheme: a letter, then letters, digits, `+`, `-`, `.`.
fn is_scheme(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// A port: 1 to 5 ASCII digits, 1–65535.
pub(crate) fn parse_port(port: &str) -> Option<u16> {
    if port.is_empty() || port.len() > 5 || !port.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    port.parse::<u16>().ok().filter(|&p| p != 0)
}

/// Why a URL path was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PathError {
    #[error("the path contains {}, which a URL path cannot hold; percent-encode it or remove it", super::text::quoted_char(*.character))]
    BadCharacter { character: char },
    #[error("in the path, '%' must be followed by two hexadecimal digits")]
    BadPercentEncoding,
    #[error("the path contains an empty segment ('//')")]
    EmptySegment,
    #[error("the path contains a {} segment; enter the path it leads to", super::text::quoted(.segment))]
    DotSegment { segment: String },
}

/// Checks a path (empty or starting with `/`) and returns it with exactly
/// one trailing `/`.
pub(crate) fn normalise_path(path: &str) -> Result<String, PathError> {
    let body = path.trim_end_matches('/');
    let mut bytes = body.bytes().enumerate();
    while let Some((i, b)) = bytes.next() {
        match b {
            b'%' => {
                let hex = |j: usize| body.as_bytes().get(j).is_some_and(u8::is_ascii_hexdigit);
                if !(hex(i + 1) && hex(i + 2)) {
                    return Err(PathError::BadPercentEncoding);
                }
                bytes.next();
                bytes.next();
            }
            b if b.is_ascii_alphanumeric() || b"/-._~!$&'()*+,;=:@".contains(&b) => {}
            _ => {
                let character = body[i..].chars().next().unwrap_or('\u{FFFD}');
                return Err(PathError::BadCharacter { character });
            }
        }
    }
    // `body` is empty or starts with '/' (the splitter guarantees it).
    for segment in body.split('/').skip(1) {
        if segment.is_empty() {
            return Err(PathError::EmptySegment);
        }
        if segment == "." || segment == ".." {
            return Err(PathError::DotSegment {
                segment: segment.to_owned(),
            });
        }
    }
    let mut out = String::with_capacity(body.len() + 1);
    out.push_str(body);
    out.push('/');
    Ok(out)
}

/// Decodes `%XX` escapes (and, with `plus_is_space`, `+` as a space, as
/// `application/x-www-form-urlencoded` has it); a malformed escape stays as
/// typed and bytes that are not UTF-8 become U+FFFD. Shared by the page's
/// routes and the sign-in's query and form reading.
pub fn percent_decode(text: &str, plus_is_space: bool) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).and_then(|b| hex(*b)),
            bytes.get(i + 2).and_then(|b| hex(*b)),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b'+', _, _) if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
