//! Key Vault URI and vault name: every rule, good and bad.

use domain::values::{
    KeyVaultCloud, KeyVaultUri, KeyVaultUriError as E, KeyVaultUriWarning, SecretKind, VaultName,
    VaultNameError as V,
};

#[test]
fn good_uris_are_normalised() {
    let cases = [
        (
            "https://contoso.vault.azure.net/",
            "https://contoso.vault.azure.net/",
            KeyVaultCloud::Public,
        ),
        (
            "https://contoso.vault.azure.net",
            "https://contoso.vault.azure.net/",
            KeyVaultCloud::Public,
        ),
        (
            "  https://contoso.vault.azure.net/ \n",
            "https://contoso.vault.azure.net/",
            KeyVaultCloud::Public,
        ),
        (
            "HTTPS://Contoso-EInvoicing.VAULT.Azure.NET/",
            "https://contoso-einvoicing.vault.azure.net/",
            KeyVaultCloud::Public,
        ),
        (
            "https://contoso.vault.azure.net:443/",
            "https://contoso.vault.azure.net/",
            KeyVaultCloud::Public,
        ),
        (
            "https://contoso.vault.azure.net:443",
            "https://contoso.vault.azure.net/",
            KeyVaultCloud::Public,
        ),
        (
            "https://contoso.vault.azure.cn/",
            "https://contoso.vault.azure.cn/",
            KeyVaultCloud::China,
        ),
        (
            "https://contoso.vault.usgovcloudapi.net/",
            "https://contoso.vault.usgovcloudapi.net/",
            KeyVaultCloud::UsGovernment,
        ),
        (
            "https://contoso.vault.microsoftazure.de/",
            "https://contoso.vault.microsoftazure.de/",
            KeyVaultCloud::GermanyRetired,
        ),
        (
            "https://abc.vault.azure.net/",
            "https://abc.vault.azure.net/",
            KeyVaultCloud::Public,
        ),
        (
            "https://a23456789012345678901234.vault.azure.net/",
            "https://a23456789012345678901234.vault.azure.net/",
            KeyVaultCloud::Public,
        ),
        (
            "https://a-b-c1.vault.azure.net/",
            "https://a-b-c1.vault.azure.net/",
            KeyVaultCloud::Public,
        ),
    ];
    for (input, normalised, cloud) in cases {
        let uri = KeyVaultUri::parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        assert_eq!(uri.as_str(), normalised, "{input:?}");
        assert_eq!(uri.cloud(), cloud, "{input:?}");
        assert_eq!(uri.to_string(), normalised);
        assert_eq!(
            KeyVaultUri::parse(uri.as_str()),
            Ok(uri.clone()),
            "idempotent"
        );
    }
}

#[test]
fn accessors() {
    let uri = KeyVaultUri::parse("https://Contoso-EI.vault.azure.net").unwrap();
    assert_eq!(uri.vault_name().as_str(), "contoso-ei");
    assert_eq!(uri.cloud().suffix(), "vault.azure.net");
    assert!(!uri.cloud().name().is_empty());
    assert_eq!(
        String::from(uri.clone()),
        "https://contoso-ei.vault.azure.net/"
    );
}

#[test]
fn germany_warns_china_does_not() {
    let de = KeyVaultUri::parse("https://contoso.vault.microsoftazure.de/").unwrap();
    assert_eq!(de.warnings(), vec![KeyVaultUriWarning::GermanyCloudRetired]);
    let text = de.warnings()[0].to_string();
    assert!(text.contains("Microsoft Cloud Deutschland"), "{text}");
    assert!(text.contains("retired"), "{text}");
    assert!(
        text.contains("Move the vault to a current Azure region"),
        "{text}"
    );

    for ok in [
        "https://contoso.vault.azure.cn/",
        "https://contoso.vault.azure.net/",
        "https://contoso.vault.usgovcloudapi.net/",
    ] {
        assert!(
            KeyVaultUri::parse(ok).unwrap().warnings().is_empty(),
            "{ok}"
        );
    }
}

#[test]
fn every_rule_has_its_own_variant() {
    let e = |s: &str| KeyVaultUri::parse(s).expect_err(s);

    assert!(matches!(e(""), E::Empty));
    assert!(matches!(e("   \t "), E::Empty));
    assert!(matches!(
        e("contoso.vault.azure.net"),
        E::MissingScheme { .. }
    ));
    assert!(matches!(
        e("http://contoso.vault.azure.net/"),
        E::NotHttps { .. }
    ));
    assert!(matches!(
        e("ftp://contoso.vault.azure.net/"),
        E::NotHttps { .. }
    ));
    assert!(matches!(
        e("https://user:pw@contoso.vault.azure.net/"),
        E::UserInfo { .. }
    ));
    assert!(matches!(
        e("https://contoso.vault.azure.net:8443/"),
        E::Port { .. }
    ));
    assert!(matches!(
        e("https://contoso.vault.azure.net:/"),
        E::Port { .. }
    ));
    assert!(matches!(
        e("https://contoso.vault.azure.net/?api-version=7.4"),
        E::Query { .. }
    ));
    assert!(matches!(
        e("https://contoso.vault.azure.net/?"),
        E::Query { .. }
    ));
    assert!(matches!(
        e("https://contoso.vault.azure.net/#top"),
        E::Fragment { .. }
    ));
    assert!(matches!(
        e("https://contoso.vault.azure.net/vault"),
        E::Path { .. }
    ));
    assert!(matches!(
        e("https://contoso.vault.azure.net//"),
        E::Path { .. }
    ));
    assert!(matches!(
        e("https://contoso.vault.azure.net/secrets/sas/0123abcd"),
        E::ObjectIdentifier { .. }
    ));
    assert!(matches!(
        e("https://contoso.vault.azure.net/secrets/sas"),
        E::ObjectIdentifier { .. }
    ));
    assert!(matches!(
        e("https://contoso.vault.azure.net/certificates/signing/1"),
        E::ObjectIdentifier { .. }
    ));
    assert!(matches!(
        e("https://contoso.vault.azure.net/keys/k1"),
        E::ObjectIdentifier { .. }
    ));
    assert!(matches!(
        e("https://contoso.blob.azure.net/"),
        E::NotKeyVaultHost { .. }
    ));
    assert!(matches!(
        e("https://vault.azure.net/"),
        E::NotKeyVaultHost { .. }
    ));
    assert!(matches!(
        e("https://contoso.vault.azure.com/"),
        E::NotKeyVaultHost { .. }
    ));
    assert!(matches!(
        e("https://contoso.vault.azure.net.evil.com/"),
        E::NotKeyVaultHost { .. }
    ));
    assert!(matches!(
        e("https://contoso.vаult.azure.net/"),
        E::HostCharacter {
            character: 'а', ..
        }
    )); // Cyrillic а
    assert!(matches!(
        e("https://ab.vault.azure.net/"),
        E::VaultName(V::Length { count: 2, .. })
    ));
    assert!(matches!(
        e("https://a2345678901234567890123456.vault.azure.net/"),
        E::VaultName(V::Length { count: 26, .. })
    ));
    assert!(matches!(
        e("https://contoso_ei.vault.azure.net/"),
        E::VaultName(V::BadCharacter { character: '_', .. })
    ));
    assert!(matches!(
        e("https://cöntoso.vault.azure.net/"),
        E::VaultName(V::BadCharacter {
            character: 'ö', ..
        })
    ));
    assert!(matches!(
        e("https://a.b.vault.azure.net/"),
        E::VaultName(V::BadCharacter { character: '.', .. })
    ));
    assert!(matches!(
        e("https://1contoso.vault.azure.net/"),
        E::VaultName(V::MustStartWithLetter { .. })
    ));
    assert!(matches!(
        e("https://contoso-.vault.azure.net/"),
        E::VaultName(V::MustEndWithLetterOrDigit { .. })
    ));
    assert!(matches!(
        e("https://con--toso.vault.azure.net/"),
        E::VaultName(V::ConsecutiveHyphens { .. })
    ));
    assert!(matches!(
        e("https://acct.blob.core.windows.net/"),
        E::Secret(_)
    ));
    assert!(matches!(
        e("https://contoso.vault.azure.net/?sv=2022-11-02&ss=b&srt=co&sp=rl&se=2026-12-31T00:00:00Z&sig=abc%3D"),
        E::Secret(r) if r.kind == SecretKind::SasToken
    ));
}

#[test]
fn messages_name_the_rule() {
    let msg = |s: &str| KeyVaultUri::parse(s).unwrap_err().to_string();
    assert_eq!(
        msg(""),
        "Enter the Key Vault URI, for example https://contoso-einvoicing.vault.azure.net/"
    );
    assert!(msg("http://contoso.vault.azure.net/").contains("must start with https://"));
    assert!(msg("contoso.vault.azure.net").contains("must start with https://"));
    assert!(msg("https://contoso.vault.azure.net:8443/").contains("'8443'"));
    let host = msg("https://contoso.example.com/");
    for suffix in [
        "vault.azure.net",
        "vault.azure.cn",
        "vault.usgovcloudapi.net",
        "vault.microsoftazure.de",
    ] {
        assert!(host.contains(suffix), "{host}");
    }
    assert!(
        !host.contains("managedhsm"),
        "a Managed HSM is no longer offered: {host}"
    );
    assert!(host.contains("'contoso.example.com'"), "{host}");
    assert_eq!(
        msg("https://ab.vault.azure.net/"),
        "The vault name must be 3 to 24 characters; 'ab' has 2."
    );
    assert!(msg("https://contoso_ei.vault.azure.net/").contains("'_'"));
}

#[test]
fn suggestions() {
    let missing = KeyVaultUri::parse("contoso.vault.azure.net").unwrap_err();
    assert_eq!(
        missing.suggestion(),
        Some("https://contoso.vault.azure.net/")
    );
    assert!(
        matches!(&missing, E::MissingScheme { suggestion: Some(s), .. } if s == "https://contoso.vault.azure.net/")
    );
    assert!(missing
        .to_string()
        .contains("https://contoso.vault.azure.net/"));

    let missing_object = KeyVaultUri::parse("Contoso.vault.azure.net/secrets/x/1").unwrap_err();
    assert_eq!(
        missing_object.suggestion(),
        Some("https://contoso.vault.azure.net/")
    );

    let hopeless = KeyVaultUri::parse("not a uri").unwrap_err();
    assert!(matches!(
        hopeless,
        E::MissingScheme {
            suggestion: None,
            ..
        }
    ));
    assert_eq!(hopeless.suggestion(), None);

    let object = KeyVaultUri::parse(
        "https://Contoso-EI.vault.azure.net/secrets/StorageSas/6f0b7c1e2d3a4b5c",
    )
    .unwrap_err();
    assert!(matches!(
        &object,
        E::ObjectIdentifier {
            object: "secret",
            ..
        }
    ));
    assert_eq!(
        object.suggestion(),
        Some("https://contoso-ei.vault.azure.net/")
    );
    let text = object.to_string();
    assert!(text.contains("identifier of a secret"), "{text}");
    assert!(
        text.contains("https://contoso-ei.vault.azure.net/"),
        "{text}"
    );

    let cert = KeyVaultUri::parse("https://contoso.vault.azure.cn/certificates/c/1").unwrap_err();
    assert!(cert.to_string().contains("identifier of a certificate"));
    assert_eq!(cert.suggestion(), Some("https://contoso.vault.azure.cn/"));

    assert_eq!(
        KeyVaultUri::parse("https://x.vault.azure.net/")
            .unwrap_err()
            .suggestion(),
        None
    );
}

#[test]
fn vault_name_standalone() {
    for (input, stored) in [
        ("abc", "abc"),
        ("Contoso-EI", "contoso-ei"),
        (" kv1 ", "kv1"),
        ("a1-b2", "a1-b2"),
    ] {
        assert_eq!(VaultName::parse(input).unwrap().as_str(), stored);
    }
    assert_eq!(
        VaultName::parse("ab").unwrap_err().to_string(),
        "The vault name must be 3 to 24 characters; 'ab' has 2."
    );
    assert!(matches!(
        VaultName::parse(""),
        Err(V::Length { count: 0, .. })
    ));
    assert!(matches!(
        VaultName::parse("abcdefghijklmnopqrstuvwxy"),
        Err(V::Length { count: 25, .. })
    ));
    assert!(matches!(
        VaultName::parse("ab c"),
        Err(V::BadCharacter { character: ' ', .. })
    ));
    assert!(matches!(
        VaultName::parse("-abc"),
        Err(V::MustStartWithLetter { first: '-', .. })
    ));
    assert!(matches!(
        VaultName::parse("abc-"),
        Err(V::MustEndWithLetterOrDigit { .. })
    ));
    assert!(matches!(
        VaultName::parse("ab--c"),
        Err(V::ConsecutiveHyphens { .. })
    ));
    assert!(VaultName::parse("ab_c")
        .unwrap_err()
        .to_string()
        .contains("'_'"));
}

#[test]
fn serde_revalidates() {
    let uri: KeyVaultUri = serde_json::from_str("\"HTTPS://CONTOSO.vault.azure.net\"").unwrap();
    assert_eq!(
        serde_json::to_string(&uri).unwrap(),
        "\"https://contoso.vault.azure.net/\""
    );
    assert!(serde_json::from_str::<KeyVaultUri>("\"https://ab.vault.azure.net/\"").is_err());
    let name: VaultName = serde_json::from_str("\"Contoso\"").unwrap();
    assert_eq!(name.as_str(), "contoso");
    let parsed: KeyVaultUri = "https://contoso.vault.azure.net".parse().unwrap();
    assert_eq!(
        KeyVaultUri::try_from("https://contoso.vault.azure.net/"),
        Ok(parsed.clone())
    );
    assert_eq!(
        KeyVaultUri::try_from(String::from("https://contoso.vault.azure.net/")),
        Ok(parsed)
    );
}

/// "Managed HSM pools only support HSM-protected keys" (Azure Key Vault,
/// "About keys"): a Managed HSM never holds the secrets and certificates the
/// service reads, so its URI is refused, however it is typed, with what to
/// enter instead.
#[test]
fn a_managed_hsm_is_refused_with_what_to_enter_instead() {
    let said = "is a Managed HSM, not a key vault: a Managed HSM holds only HSM-protected keys, never the secrets and certificates the Electronic invoicing service reads. Enter the URI of the key vault that holds them instead, https://{vault}.vault.azure.net/ (the Vault URI on the vault's Overview page in the Azure portal).";
    // The value is shown as every message shows one: quoted, cut after 40
    // characters.
    for input in [
        "https://contoso-hsm.managedhsm.azure.net/",
        "  HTTPS://Contoso-HSM.ManagedHSM.Azure.NET  ",
        "https://contoso-hsm.managedhsm.azure.net:443/keys/signing",
        // Without its scheme, the Managed HSM is still what is said.
        "contoso-hsm.managedhsm.azure.net",
    ] {
        let e = KeyVaultUri::parse(input).expect_err(input);
        assert!(
            matches!(e, domain::values::KeyVaultUriError::ManagedHsm { .. }),
            "{input}: {e:?}"
        );
        let shown = domain::values::quoted(input.trim());
        assert_eq!(e.to_string(), format!("{shown} {said}"), "{input}");
        assert_eq!(e.suggestion(), None);
    }
    // A vault whose name merely contains the word is a vault.
    assert!(KeyVaultUri::parse("https://managedhsm-keys.vault.azure.net/").is_ok());
}
