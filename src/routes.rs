//! The console's pages, addressed by the URL's fragment (`#/key-vaults`).
//!
//! A fragment needs no server rewrite rules, so the built `dist/` works from
//! any static host, and a reload lands on the same page.

/// One page of the console, as the navigation lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    KeyVaults,
    Environments,
    ConnectedApplications,
    Settings,
}

impl Route {
    pub const ALL: [Route; 4] = [
        Route::KeyVaults,
        Route::Environments,
        Route::ConnectedApplications,
        Route::Settings,
    ];

    /// The navigation label, in RCS's words.
    pub fn label(self) -> &'static str {
        match self {
            Route::KeyVaults => "Key Vault parameters",
            Route::Environments => "Service environments",
            Route::ConnectedApplications => "Connected applications",
            Route::Settings => "Settings",
        }
    }

    /// The fragment, with its `#`.
    pub fn href(self) -> &'static str {
        match self {
            Route::KeyVaults => "#/key-vaults",
            Route::Environments => "#/environments",
            Route::ConnectedApplications => "#/connected-applications",
            Route::Settings => "#/settings",
        }
    }

    /// The page a fragment names; unknown or empty fragments land on the
    /// Service environments list (the seeds' starting point).
    pub fn from_hash(hash: &str) -> Route {
        Route::ALL
            .into_iter()
            .find(|r| r.href() == hash)
            .unwrap_or(Route::Environments)
    }
}

#[cfg(test)]
mod tests {
    use super::Route;

    #[test]
    fn every_route_round_trips_through_its_fragment() {
        for route in Route::ALL {
            assert_eq!(Route::from_hash(route.href()), route);
        }
        assert_eq!(Route::from_hash(""), Route::Environments);
        assert_eq!(Route::from_hash("#/nowhere"), Route::Environments);
    }
}
