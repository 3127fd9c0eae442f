//! Where the administrator is, in the URL's fragment: a page of the
//! navigation and, optionally, the object open on it
//! (`#/environments/UAT`, `#/key-vaults/ContosoKV`).
//!
//! A fragment needs no server rewrite rules, so the built `dist/` works on
//! any static host, a reload lands on the same object, and Back returns to
//! the list.

/// One page of the navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// The set-up checklist, where a first visit lands.
    Home,
    KeyVaults,
    Environments,
    ConnectedApplications,
    Settings,
}

impl Page {
    pub const ALL: [Page; 5] = [
        Page::Home,
        Page::KeyVaults,
        Page::Environments,
        Page::ConnectedApplications,
        Page::Settings,
    ];

    /// The navigation label, in RCS's words.
    pub fn label(self) -> &'static str {
        match self {
            Page::Home => "Set-up",
            Page::KeyVaults => "Key Vault parameters",
            Page::Environments => "Service environments",
            Page::ConnectedApplications => "Connected applications",
            Page::Settings => "Settings",
        }
    }

    fn segment(self) -> &'static str {
        match self {
            Page::Home => "setup",
            Page::KeyVaults => "key-vaults",
            Page::Environments => "environments",
            Page::ConnectedApplications => "connected-applications",
            Page::Settings => "settings",
        }
    }

    /// The page's own fragment, with its `#`.
    pub fn href(self) -> String {
        format!("#/{}", self.segment())
    }
}

/// A page and the name of the object open on it, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub page: Page,
    pub item: Option<String>,
}

impl Route {
    /// Reads a fragment; unknown or empty ones land on the set-up
    /// checklist (where an administrator new to the console starts).
    pub fn from_hash(hash: &str) -> Route {
        let path = hash.strip_prefix('#').unwrap_or(hash);
        let mut parts = path.strip_prefix('/').unwrap_or(path).splitn(2, '/');
        let segment = parts.next().unwrap_or_default();
        match Page::ALL.into_iter().find(|p| p.segment() == segment) {
            Some(page) => Route {
                page,
                item: parts.next().map(decode).filter(|item| !item.is_empty()),
            },
            None => Route {
                page: Page::Home,
                item: None,
            },
        }
    }

    /// The fragment, with its `#` (the item percent-encoded).
    pub fn href(&self) -> String {
        match &self.item {
            Some(item) => format!("{}/{}", self.page.href(), encode(item)),
            None => self.page.href(),
        }
    }
}

/// Percent-encodes everything but unreserved characters (names here are
/// mostly letters, digits, `-` and `_`, but Key Vault reference and
/// connected application names may hold anything).
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Decodes `%XX` escapes; anything malformed stays as typed.
fn decode(text: &str) -> String {
    domain::values::percent_decode(text, false)
}

#[cfg(test)]
mod tests {
    use super::{Page, Route};

    #[test]
    fn every_page_round_trips_through_its_fragment() {
        for page in Page::ALL {
            let route = Route { page, item: None };
            assert_eq!(Route::from_hash(&route.href()), route);
        }
    }

    #[test]
    fn an_open_object_is_part_of_the_route() {
        let route = Route::from_hash("#/environments/UAT");
        assert_eq!(route.page, Page::Environments);
        assert_eq!(route.item.as_deref(), Some("UAT"));
        let odd = Route {
            page: Page::KeyVaults,
            item: Some("Contoso KV/é%".into()),
        };
        assert_eq!(odd.href(), "#/key-vaults/Contoso%20KV%2F%C3%A9%25");
        assert_eq!(Route::from_hash(&odd.href()), odd);
    }

    #[test]
    fn unknown_or_damaged_fragments_land_on_the_set_up_checklist() {
        for hash in ["", "#", "#/", "#/nowhere", "#/nowhere/x", "garbage"] {
            assert_eq!(Route::from_hash(hash).page, Page::Home, "{hash}");
        }
        assert_eq!(Route::from_hash("#/settings/").item, None);
        assert_eq!(
            Route::from_hash("#/environments/%zz").item.as_deref(),
            Some("%zz")
        );
    }
}
