//! Endpoint URLs, the published catalogue, service endpoints, and the
//! Finance application URL.

use domain::values::{
    catalogue, split, ApplicationUrl, ApplicationUrlError as A, DnsNameError, EndpointError,
    EndpointUrl, EndpointUrlError as U, Geography, PathError, ServiceEndpoint, UrlParts,
    GEOGRAPHIES, SERVICE_APPLICATION_ID,
};

#[test]
fn splitter_finds_the_parts() {
    assert_eq!(
        split("https://u:p@Host.example:8443/a/b?q=1#f"),
        UrlParts {
            scheme: Some("https"),
            userinfo: Some("u:p"),
            host: "Host.example",
            port: Some("8443"),
            path: "/a/b",
            query: Some("q=1"),
            fragment: Some("f"),
        }
    );
    let bare = split("contoso.vault.azure.net");
    assert_eq!(
        (bare.scheme, bare.host, bare.path),
        (None, "contoso.vault.azure.net", "")
    );
    let empty = split("https://x/?#");
    assert_eq!(
        (empty.query, empty.fragment, empty.path),
        (Some(""), Some(""), "/")
    );
}

#[test]
fn endpoint_good() {
    for (input, normalised) in [
        ("http://127.0.0.1:8787", "http://127.0.0.1:8787/"),
        ("http://localhost:8787/api", "http://localhost:8787/api/"),
        ("HTTP://LocalHost/", "http://localhost/"),
        ("http://localhost:80/", "http://localhost/"),
        ("https://localhost:8443", "https://localhost:8443/"),
        (
            "https://Gateway.Contoso.com",
            "https://gateway.contoso.com/",
        ),
        (
            "https://gateway.contoso.com:443/EInvoicing//",
            "https://gateway.contoso.com/EInvoicing/",
        ),
        (
            "  https://gw.eu-il101.gateway.prod.island.powerapps.com/electronicinvoicing  ",
            "https://gw.eu-il101.gateway.prod.island.powerapps.com/electronicinvoicing/",
        ),
        (
            "https://api.contoso.com:8443/a/b%20c/",
            "https://api.contoso.com:8443/a/b%20c/",
        ),
    ] {
        let url = EndpointUrl::parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        assert_eq!(url.as_str(), normalised, "{input:?}");
        assert_eq!(EndpointUrl::parse(url.as_str()), Ok(url.clone()));
    }
}

#[test]
fn endpoint_bad() {
    let e = |s: &str| EndpointUrl::parse(s).expect_err(s);
    assert!(matches!(e(""), U::Empty));
    assert!(matches!(e("http://example.com"), U::HttpNotLocal { .. }));
    assert!(matches!(e("http://10.0.0.5:8080/"), U::HttpNotLocal { .. }));
    assert!(matches!(
        e("ftp://example.com/"),
        U::UnsupportedScheme { .. }
    ));
    assert!(
        matches!(e("example.com/api"), U::MissingScheme { suggestion: Some(s), .. } if s == "https://example.com/api/")
    );
    assert!(matches!(e("https://user@example.com/"), U::UserInfo { .. }));
    assert!(matches!(
        e("https://example/"),
        U::Host {
            reason: DnsNameError::TooFewLabels,
            ..
        }
    ));
    assert!(matches!(
        e("https://10.0.0.5/"),
        U::Host {
            reason: DnsNameError::LastLabelNotAlphabetic { .. },
            ..
        }
    ));
    assert!(matches!(e("https://[::1]/"), U::Host { .. }));
    assert!(matches!(e("https://example.com:0/"), U::Port { .. }));
    assert!(matches!(e("https://example.com:99999/"), U::Port { .. }));
    assert!(matches!(e("https://example.com:+1/"), U::Port { .. }));
    assert!(matches!(
        e("https://example.com/a b/"),
        U::Path {
            reason: PathError::BadCharacter { character: ' ' },
            ..
        }
    ));
    assert!(matches!(
        e("https://example.com/%zz/"),
        U::Path {
            reason: PathError::BadPercentEncoding,
            ..
        }
    ));
    assert!(matches!(
        e("https://example.com/a//b/"),
        U::Path {
            reason: PathError::EmptySegment,
            ..
        }
    ));
    assert!(matches!(
        e("https://example.com/a/../b"),
        U::Path {
            reason: PathError::DotSegment { .. },
            ..
        }
    ));
    assert!(matches!(e("https://example.com/?x=1"), U::Query { .. }));
    assert!(matches!(e("https://example.com/#x"), U::Fragment { .. }));
    assert!(matches!(
        e(&format!("https://example.com/{}", "a".repeat(2100))),
        U::TooLong { .. }
    ));
    assert!(e("http://example.com").to_string().contains(
        "http:// is allowed only for localhost or 127.0.0.1 (development); use https://"
    ));
}

#[test]
fn catalogue_matches_the_published_table() {
    assert_eq!(GEOGRAPHIES.len(), 14);
    let expected = [
        ("United States", "us", 101, 109),
        ("Europe", "eu", 101, 110),
        ("United Kingdom", "uk", 101, 102),
        ("Asia", "as", 101, 102),
        ("Japan", "jp", 101, 101),
        ("Switzerland", "ch", 101, 101),
        ("Brazil", "br", 101, 102),
        ("United Arab Emirates", "ae", 101, 101),
        ("Australia", "au", 101, 102),
        ("Canada", "ca", 101, 102),
        ("France", "fr", 101, 101),
        ("India", "in", 101, 101),
        ("Norway", "no", 101, 101),
        ("South Africa", "za", 101, 101),
    ];
    for (g, (name, code, first, last)) in GEOGRAPHIES.iter().zip(expected) {
        assert_eq!(
            (g.name, g.code, *g.il.start(), *g.il.end()),
            (name, code, first, last)
        );
    }
    let all: Vec<_> = catalogue().collect();
    assert_eq!(
        all.len(),
        9 + 10 + 2 + 2 + 1 + 1 + 2 + 1 + 2 + 2 + 1 + 1 + 1 + 1
    );
    assert_eq!(all.len(), 36);
    for (g, il, url) in &all {
        assert_eq!(
            url.as_str(),
            format!(
                "https://gw.{}-il{il}.gateway.prod.island.powerapps.com/electronicinvoicing/",
                g.code
            )
        );
        assert_eq!(EndpointUrl::parse(url.as_str()).as_ref(), Ok(url));
    }
    let mut unique: Vec<_> = all.iter().map(|(_, _, u)| u.as_str()).collect();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), 36);

    let eu = Geography::find("EU").unwrap();
    assert_eq!(eu.name, "Europe");
    assert_eq!(
        eu.url(110).unwrap().as_str(),
        "https://gw.eu-il110.gateway.prod.island.powerapps.com/electronicinvoicing/"
    );
    assert!(eu.url(111).is_none());
    assert!(eu.url(100).is_none());
    assert!(Geography::find("xx").is_none());
    assert_eq!(
        SERVICE_APPLICATION_ID,
        "0cdb527f-a8d1-4bf8-9436-b352c68682b2"
    );
}

#[test]
fn service_endpoint() {
    let geo = ServiceEndpoint::geography("EU", 102).unwrap();
    assert_eq!(
        geo,
        ServiceEndpoint::Geography {
            code: "eu".into(),
            il: 102
        }
    );
    assert_eq!(
        geo.url().as_str(),
        "https://gw.eu-il102.gateway.prod.island.powerapps.com/electronicinvoicing/"
    );
    assert_eq!(geo.catalogue_entry().map(|g| g.name), Some("Europe"));
    assert!(geo.validate().is_ok());
    assert!(matches!(
        ServiceEndpoint::geography("xx", 101),
        Err(EndpointError::UnknownGeography { .. })
    ));
    let missing = ServiceEndpoint::geography("jp", 102).unwrap_err();
    assert!(matches!(
        missing,
        EndpointError::UnknownInstance {
            il: 102,
            first: 101,
            last: 101,
            ..
        }
    ));
    assert!(missing.to_string().contains("Japan"), "{missing}");

    let custom = ServiceEndpoint::custom("http://127.0.0.1:8787").unwrap();
    assert_eq!(custom.url().as_str(), "http://127.0.0.1:8787/");
    assert!(matches!(
        ServiceEndpoint::custom("http://example.com"),
        Err(EndpointError::Url(U::HttpNotLocal { .. }))
    ));

    // Built by hand outside the catalogue: refused by validate, url() still safe.
    let odd = ServiceEndpoint::Geography {
        code: "Z Z!".into(),
        il: 7,
    };
    assert!(odd.validate().is_err());
    assert!(odd.catalogue_entry().is_none());
    assert!(EndpointUrl::parse(odd.url().as_str()).is_ok());
    assert!(EndpointUrl::parse(
        ServiceEndpoint::Geography {
            code: String::new(),
            il: 0
        }
        .url()
        .as_str()
    )
    .is_ok());

    // serde: tagged, camelCase, re-validated.
    assert_eq!(
        serde_json::to_string(&geo).unwrap(),
        r#"{"kind":"geography","code":"eu","il":102}"#
    );
    assert_eq!(
        serde_json::to_string(&custom).unwrap(),
        r#"{"kind":"custom","url":"http://127.0.0.1:8787/"}"#
    );
    let back: ServiceEndpoint =
        serde_json::from_str(r#"{"kind":"geography","code":"US","il":109}"#).unwrap();
    assert_eq!(
        back,
        ServiceEndpoint::Geography {
            code: "us".into(),
            il: 109
        }
    );
    let back: ServiceEndpoint =
        serde_json::from_str(r#"{"kind":"custom","url":"https://GW.contoso.com"}"#).unwrap();
    assert_eq!(back.url().as_str(), "https://gw.contoso.com/");
    assert!(serde_json::from_str::<ServiceEndpoint>(
        r#"{"kind":"geography","code":"us","il":110}"#
    )
    .is_err());
    assert!(serde_json::from_str::<ServiceEndpoint>(
        r#"{"kind":"custom","url":"http://example.com"}"#
    )
    .is_err());
}

#[test]
fn application_url() {
    for (input, normalised) in [
        (
            "https://contoso.operations.dynamics.com",
            "https://contoso.operations.dynamics.com/",
        ),
        (
            "HTTPS://Contoso.Operations.Dynamics.com/",
            "https://contoso.operations.dynamics.com/",
        ),
        (
            "https://contoso.cloudax.dynamics.com:443",
            "https://contoso.cloudax.dynamics.com/",
        ),
        (
            "https://fin.contoso.com:8443/Finance",
            "https://fin.contoso.com:8443/Finance/",
        ),
    ] {
        let url = ApplicationUrl::parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        assert_eq!(url.as_str(), normalised);
        assert_eq!(ApplicationUrl::parse(url.as_str()), Ok(url.clone()));
    }
    let e = |s: &str| ApplicationUrl::parse(s).expect_err(s);
    assert!(matches!(e(""), A::Empty));
    assert!(
        matches!(e("contoso.operations.dynamics.com"), A::MissingScheme { suggestion: Some(s), .. } if s == "https://contoso.operations.dynamics.com/")
    );
    assert!(matches!(
        e("http://contoso.operations.dynamics.com"),
        A::NotHttps { .. }
    ));
    assert!(matches!(e("http://localhost:8080"), A::NotHttps { .. }));
    assert!(matches!(
        e("https://admin@contoso.operations.dynamics.com"),
        A::UserInfo { .. }
    ));
    assert!(matches!(e("https://localhost/"), A::Host { .. }));
    assert!(matches!(
        e("https://contoso_fin.dynamics.com/"),
        A::Host {
            reason: DnsNameError::BadCharacter { character: '_' },
            ..
        }
    ));
    assert!(matches!(
        e("https://contoso.dynamics.com:abc/"),
        A::Port { .. }
    ));
    assert!(matches!(
        e("https://contoso.dynamics.com/a b"),
        A::Path { .. }
    ));
    assert!(matches!(
        e("https://contoso.operations.dynamics.com/?cmp=USMF&mi=DefaultDashboard"),
        A::Query { .. }
    ));
    assert!(matches!(
        e("https://contoso.operations.dynamics.com/#x"),
        A::Fragment { .. }
    ));
    assert!(e("http://contoso.operations.dynamics.com")
        .to_string()
        .contains("must start with https://"));
    let u: ApplicationUrl =
        serde_json::from_str("\"https://Contoso.operations.dynamics.com\"").unwrap();
    assert_eq!(u.to_string(), "https://contoso.operations.dynamics.com/");
}
