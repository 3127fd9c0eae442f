//! The Dataverse endpoint URI of a service environment
//! ("https://<Dataverse organization URL>/api/data/v9.1/", Microsoft Learn,
//! "Microsoft Power Platform plug-in admin reference"), good and bad.

use domain::values::{DataverseUri, DataverseUriError};

#[test]
fn good_uris_are_normalised_with_one_trailing_slash() {
    for (input, normalised) in [
        (
            "https://contoso.crm.dynamics.com/api/data/v9.1/",
            "https://contoso.crm.dynamics.com/api/data/v9.1/",
        ),
        (
            "  HTTPS://Contoso.CRM4.Dynamics.COM/API/Data/V9.2  ",
            "https://contoso.crm4.dynamics.com/api/data/v9.2/",
        ),
        (
            "https://contoso.crm.dynamics.com:443/api/data/v9.1///",
            "https://contoso.crm.dynamics.com/api/data/v9.1/",
        ),
        (
            "https://org1a2b3c.crm.microsoftdynamics.us/api/data/v9.0/",
            "https://org1a2b3c.crm.microsoftdynamics.us/api/data/v9.0/",
        ),
    ] {
        let uri = DataverseUri::parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        assert_eq!(uri.as_str(), normalised, "{input:?}");
        assert_eq!(
            DataverseUri::parse(uri.as_str()),
            Ok(uri.clone()),
            "idempotent"
        );
    }
}

#[test]
fn each_bad_uri_says_which_rule_failed_and_what_to_enter() {
    let e = |s: &str| DataverseUri::parse(s).expect_err(s);
    // Each message: the rule, the value as typed (quoted, and cut after 40
    // characters as every message cuts it), and what to enter instead.
    let cases: [(&str, &str, &str); 9] = [
        ("", "Enter the Dataverse endpoint URI, such as https://contoso.crm.dynamics.com/api/data/v9.1/, or leave it empty.", ""),
        (
            "https://contoso.crm.dynamics.com",
            "The Dataverse endpoint URI ends with the Web API's path, /api/data/v9.N/ (such as /api/data/v9.1/); 'https://contoso.crm.dynamics.com' has none.",
            " Did you mean https://contoso.crm.dynamics.com/api/data/v9.1/?",
        ),
        (
            "https://contoso.crm.dynamics.com/main.aspx",
            "The Dataverse endpoint URI ends with the Web API's path, /api/data/v9.N/ (such as /api/data/v9.1/); 'https://contoso.crm.dynamics.com/main.as…' has '/main.aspx'.",
            "",
        ),
        (
            "http://contoso.crm.dynamics.com/api/data/v9.1/",
            "The Dataverse endpoint URI must start with https://; 'http://contoso.crm.dynamics.com/api/data…' starts with http://.",
            " Did you mean https://contoso.crm.dynamics.com/api/data/v9.1/?",
        ),
        (
            "contoso.crm.dynamics.com/api/data/v9.1",
            "The Dataverse endpoint URI must start with https://; 'contoso.crm.dynamics.com/api/data/v9.1' has no scheme.",
            " Did you mean https://contoso.crm.dynamics.com/api/data/v9.1/?",
        ),
        (
            "https://contoso.crm.dynamics.com:8443/api/data/v9.1/",
            "The Dataverse endpoint URI must not name a port other than 443; ",
            " names port '8443'. Remove the port.",
        ),
        (
            "https://contoso.crm.dynamics.com/api/data/v9.1/?$top=1",
            "The Dataverse endpoint URI must not contain a query ('?…') or a fragment ('#…'); ",
            " does. Remove everything from '?' or '#' on.",
        ),
        (
            "https://user:pw@contoso.crm.dynamics.com/api/data/v9.1/",
            "The Dataverse endpoint URI must not contain a user name or password (text before '@'); ",
            " does.",
        ),
        (
            "https://contoso/api/data/v9.1/",
            "The host of 'https://contoso/api/data/v9.1/' is not a valid domain name: it needs at least two labels separated by a dot, such as contoso.com.",
            "",
        ),
    ];
    for (input, starts, ends) in cases {
        let message = e(input).to_string();
        assert!(message.starts_with(starts), "{input:?}: {message}");
        assert!(message.ends_with(ends), "{input:?}: {message}");
        assert!(message.len() >= starts.len() + ends.len(), "{message}");
    }
    // Versions other than 9.N, and paths beyond the Web API root.
    for bad in [
        "https://contoso.crm.dynamics.com/api/data/v8.2/",
        "https://contoso.crm.dynamics.com/api/data/v9./",
        "https://contoso.crm.dynamics.com/api/data/v9.1/accounts",
        "https://contoso.crm.dynamics.com/api/data/",
    ] {
        assert!(matches!(e(bad), DataverseUriError::Path { .. }), "{bad}");
    }
    // The organization URL as the admin center shows it, with or without
    // its scheme: the full Web API URI is offered.
    for organization in [
        "https://contoso.crm.dynamics.com/",
        "contoso.crm.dynamics.com",
        "http://contoso.crm.dynamics.com",
    ] {
        assert_eq!(
            DataverseUri::suggestion(&e(organization)),
            Some("https://contoso.crm.dynamics.com/api/data/v9.1/"),
            "{organization}"
        );
    }
}

#[test]
fn a_secret_is_refused_like_everywhere() {
    let e = DataverseUri::parse(
        "https://contoso.crm.dynamics.com/api/data/v9.1/?sv=2022-11-02&se=2030-01-01&sig=abc",
    )
    .unwrap_err();
    assert!(matches!(e, DataverseUriError::Secret(_)), "{e:?}");
    assert!(e.to_string().contains("Key Vault"), "{e}");
}
