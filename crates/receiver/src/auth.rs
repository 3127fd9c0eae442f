//! A minimal authorization server, so signing in is tested for real on
//! 127.0.0.1: the two endpoints of Microsoft Entra ID's v2.0 authority that
//! a single-page application uses, under any tenant segment
//! (`/{tenant}/oauth2/v2.0/authorize`, `/{tenant}/oauth2/v2.0/token`).
//!
//! - **authorize** signs the test user in at once (no page to fill in) and
//!   redirects back with a code; it insists on what the console must send:
//!   `response_type=code`, a client ID that is a GUID, a redirect URI, and
//!   a PKCE `S256` challenge. `state` is echoed. Who it signs in: the user
//!   a `login_hint` names (an email address), else the one chosen by the
//!   test hook `POST /_admin/sign-in/as`, else [`TEST_USER_EMAIL`].
//! - **token** exchanges a code once: the client ID and redirect URI must
//!   be those of the authorization request and the verifier must hash to
//!   its challenge. A second use of a code is refused (`invalid_grant`) and
//!   revokes what the first one issued, as RFC 6749 asks. Access tokens are
//!   opaque and short-lived (`--token-lifetime`, 300 s by default), and
//!   each remembers whom it was issued to (the `publishedBy` of a publish
//!   that carries it); the ID token carries the nonce and that user's
//!   `name` and `preferred_username`, unsigned (`alg: none`: a double, not
//!   Entra).
//!
//! Started with `--require-sign-in`, `/api/` answers 401 without an
//! unexpired access token issued here. What it holds is in memory only; a
//! restart signs everyone out.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use domain::auth::flow::Query;
use domain::auth::pkce::s256;
use domain::values::{Email, EmailError, Guid, Name, NameError};
use serde::Serialize;
use serde_json::json;

use crate::answer::Answer;

/// How long an authorization code may wait for its exchange.
const CODE_LIFETIME: Duration = Duration::from_secs(60);

/// Who the double signs in unless told otherwise.
pub const TEST_USER_NAME: &str = "Test Administrator";
pub const TEST_USER_EMAIL: &str = "admin@contoso.test";

/// A user the double signs in: the ID token's `name` and
/// `preferred_username` (the email), which is also the `publishedBy` of a
/// publish carrying the access token issued to them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub email: String,
    pub name: String,
}

impl Default for User {
    fn default() -> User {
        User {
            email: TEST_USER_EMAIL.into(),
            name: TEST_USER_NAME.into(),
        }
    }
}

/// Why a user to sign in is refused: the value, and the console's rule it
/// breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserRefused {
    Email(EmailError),
    Name(NameError),
}

impl std::fmt::Display for UserRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UserRefused::Email(e) => write!(f, "email: {e}"),
            UserRefused::Name(e) => write!(f, "name: {e}"),
        }
    }
}

impl User {
    /// The user of `email` (an email address, the console's rule), named
    /// `name` or, without one, after the address: the default test user's
    /// name for [`TEST_USER_EMAIL`], else the part before `@` in words
    /// (`ana.lopez@contoso.com` is `Ana Lopez`). The message says why
    /// either is refused.
    pub fn new(email: &str, name: Option<&str>) -> Result<User, UserRefused> {
        let email = Email::parse(email)
            .map_err(UserRefused::Email)?
            .as_str()
            .to_string();
        let name = match name {
            Some(name) => Name::parse(name)
                .map_err(UserRefused::Name)?
                .as_str()
                .to_string(),
            None if email.eq_ignore_ascii_case(TEST_USER_EMAIL) => TEST_USER_NAME.into(),
            None => name_of(&email),
        };
        Ok(User { email, name })
    }
}

/// `ana.lopez@contoso.com` → `Ana Lopez`.
fn name_of(email: &str) -> String {
    let local = email.split('@').next().unwrap_or(email);
    let words: Vec<String> = local
        .split(['.', '_', '-', '+'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        })
        .collect();
    if words.is_empty() {
        email.to_string()
    } else {
        words.join(" ")
    }
}

struct Grant {
    client_id: String,
    redirect_uri: String,
    challenge: String,
    nonce: Option<String>,
    scope: String,
    issued: Instant,
    redeemed: bool,
    /// Who signed in.
    user: User,
    /// The access tokens issued for it (revoked if it is used again).
    tokens: Vec<String>,
}

/// An access token issued here: until when, and to whom.
struct Issued {
    expires: Instant,
    user: User,
}

/// What the authorization server holds.
#[derive(Default)]
pub struct Authority {
    grants: HashMap<String, Grant>,
    tokens: HashMap<String, Issued>,
    /// The next authorize request is refused (`access_denied`).
    deny_next: bool,
    /// Test hook: whom sign-ins without a `login_hint` sign in (the
    /// default test user when `None`).
    signing_in_as: Option<User>,
    pub authorizations: u64,
    pub tokens_issued: u64,
    pub codes_refused: u64,
    pub unauthorized: u64,
}

/// The receiver's sign-in settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignInOptions {
    /// `/api/` requires an access token issued here.
    pub required: bool,
    pub token_lifetime: Duration,
}

impl Default for SignInOptions {
    fn default() -> SignInOptions {
        SignInOptions {
            required: false,
            token_lifetime: Duration::from_secs(300),
        }
    }
}

fn random() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

fn text(status: u16, body: impl Into<String>) -> Answer {
    Answer {
        status,
        headers: vec![("Content-Type".into(), "text/plain; charset=utf-8".into())],
        body: body.into(),
    }
}

/// `application/x-www-form-urlencoded` with `%20` for spaces.
fn encode(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                domain::publish::encode_segment(k),
                domain::publish::encode_segment(v)
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

fn redirect(to: &str, pairs: &[(&str, &str)]) -> Answer {
    let separator = if to.contains('?') { '&' } else { '?' };
    Answer::empty(302).with_header("Location", format!("{to}{separator}{}", encode(pairs)))
}

/// The OAuth error document of the token endpoint (RFC 6749 section 5.2).
fn token_error(status: u16, error: &str, description: &str) -> Answer {
    Answer::json(
        status,
        &json!({ "error": error, "error_description": description }),
    )
    .with_header("Cache-Control", "no-store")
}

impl Authority {
    /// `GET …/oauth2/v2.0/authorize?…`: signs the test user in (the one a
    /// `login_hint` names, else the one [`Authority::sign_in_as`] chose) and
    /// redirects back with a code (or with the error, when the request is
    /// one the console must never send).
    pub fn authorize(&mut self, query: &str) -> Answer {
        let query = Query::parse(query);
        let get = |name: &str| query.get(name).filter(|v| !v.is_empty());
        let Some(redirect_uri) = get("redirect_uri") else {
            return text(400, "The authorization request has no redirect_uri: the double cannot send the browser back.");
        };
        if !(redirect_uri.starts_with("http://") || redirect_uri.starts_with("https://")) {
            return text(
                400,
                format!("The redirect_uri {redirect_uri:?} is not an http(s) URL."),
            );
        }
        let state = get("state").unwrap_or_default().to_string();
        let refuse = |error: &str, description: &str| {
            let mut pairs = vec![("error", error), ("error_description", description)];
            if !state.is_empty() {
                pairs.push(("state", &state));
            }
            redirect(redirect_uri, &pairs)
        };
        if get("response_type") != Some("code") {
            return refuse(
                "unsupported_response_type",
                "Only response_type=code is supported.",
            );
        }
        if get("client_id").is_none_or(|c| Guid::parse(c).is_err()) {
            return refuse(
                "invalid_request",
                "client_id must be the app registration's application (client) ID, a GUID.",
            );
        }
        if get("code_challenge_method") != Some("S256") {
            return refuse(
                "invalid_request",
                "A PKCE code_challenge with code_challenge_method=S256 is required.",
            );
        }
        let Some(challenge) = get("code_challenge").filter(|c| c.len() == 43) else {
            return refuse(
                "invalid_request",
                "The PKCE code_challenge must be 43 base64url characters (S256).",
            );
        };
        let user = match get("login_hint") {
            None => self.signing_in_as(),
            Some(hint) => match self.hinted(hint) {
                Ok(user) => user,
                Err(why) => {
                    return refuse(
                        "invalid_request",
                        &format!(
                            "login_hint must be the email address of the user to sign in ({why})."
                        ),
                    )
                }
            },
        };
        if std::mem::take(&mut self.deny_next) {
            return refuse(
                "access_denied",
                "The user declined to sign in (a test hook asked for it).",
            );
        }
        let code = random();
        self.grants.insert(
            code.clone(),
            Grant {
                client_id: get("client_id").unwrap_or_default().to_string(),
                redirect_uri: redirect_uri.to_string(),
                challenge: challenge.to_string(),
                nonce: get("nonce").map(str::to_string),
                scope: get("scope").unwrap_or_default().to_string(),
                issued: Instant::now(),
                redeemed: false,
                user,
                tokens: Vec::new(),
            },
        );
        self.authorizations += 1;
        let mut pairs = vec![("code", code.as_str())];
        if !state.is_empty() {
            pairs.push(("state", &state));
        }
        redirect(redirect_uri, &pairs)
    }

    /// `POST …/oauth2/v2.0/token` (form body): the code exchange.
    pub fn token(&mut self, body: &[u8], options: SignInOptions, tenant: &str) -> Answer {
        let body = String::from_utf8_lossy(body);
        let form = Query::parse(&body);
        let get = |name: &str| form.get(name).unwrap_or_default();
        if get("grant_type") != "authorization_code" {
            return token_error(
                400,
                "unsupported_grant_type",
                "Only grant_type=authorization_code is supported by the double.",
            );
        }
        let code = get("code");
        let Some(grant) = self.grants.get_mut(code) else {
            self.codes_refused += 1;
            return token_error(
                400,
                "invalid_grant",
                "The authorization code is not one this server issued.",
            );
        };
        if grant.redeemed {
            // RFC 6749 section 4.1.2: revoke what the code gave.
            for token in std::mem::take(&mut grant.tokens) {
                self.tokens.remove(&token);
            }
            self.codes_refused += 1;
            return token_error(
                400,
                "invalid_grant",
                "The authorization code was already redeemed.",
            );
        }
        if grant.issued.elapsed() > CODE_LIFETIME {
            self.codes_refused += 1;
            return token_error(400, "invalid_grant", "The authorization code has expired.");
        }
        if get("client_id") != grant.client_id {
            self.codes_refused += 1;
            return token_error(
                400,
                "invalid_client",
                "client_id is not the one the code was issued to.",
            );
        }
        if get("redirect_uri") != grant.redirect_uri {
            self.codes_refused += 1;
            return token_error(
                400,
                "invalid_grant",
                "redirect_uri is not the one of the authorization request.",
            );
        }
        if s256(get("code_verifier")) != grant.challenge {
            self.codes_refused += 1;
            return token_error(
                400,
                "invalid_grant",
                "The PKCE code_verifier does not match the code_challenge.",
            );
        }
        grant.redeemed = true;
        let access_token = format!("rx.{}", random());
        grant.tokens.push(access_token.clone());
        let lifetime = options.token_lifetime;
        self.tokens.insert(
            access_token.clone(),
            Issued {
                expires: Instant::now() + lifetime,
                user: grant.user.clone(),
            },
        );
        self.tokens_issued += 1;
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
        let claims = URL_SAFE_NO_PAD.encode(
            json!({
                "iss": format!("http://127.0.0.1/{tenant}/v2.0"),
                "aud": grant.client_id,
                "iat": now,
                "exp": now + lifetime.as_secs(),
                "nonce": grant.nonce,
                "name": grant.user.name,
                "preferred_username": grant.user.email,
            })
            .to_string(),
        );
        Answer::json(
            200,
            &json!({
                "token_type": "Bearer",
                "access_token": access_token,
                "expires_in": lifetime.as_secs(),
                "scope": grant.scope,
                "id_token": format!("{header}.{claims}."),
            }),
        )
        .with_header("Cache-Control", "no-store")
    }

    /// Whether `token` was issued here and has not expired.
    pub fn accepts(&self, token: &str) -> bool {
        self.user_of(token).is_some()
    }

    /// Whom `token` was issued to, when it was issued here and has not
    /// expired (nor been revoked).
    pub fn user_of(&self, token: &str) -> Option<&User> {
        self.tokens
            .get(token)
            .filter(|issued| Instant::now() < issued.expires)
            .map(|issued| &issued.user)
    }

    /// Test hook: every access token issued so far expires now.
    pub fn expire_tokens(&mut self) -> usize {
        let now = Instant::now();
        let count = self.tokens.len();
        for issued in self.tokens.values_mut() {
            issued.expires = now;
        }
        count
    }

    /// Whom a sign-in without a `login_hint` signs in now.
    pub fn signing_in_as(&self) -> User {
        self.signing_in_as.clone().unwrap_or_default()
    }

    /// Test hook: the following sign-ins sign `user` in (`None`: the
    /// default test user again). Tokens already issued keep their user.
    pub fn sign_in_as(&mut self, user: Option<User>) {
        self.signing_in_as = user;
    }

    /// The user a `login_hint` names: the chosen or default user when it
    /// is their address (their name kept), else one named after it.
    fn hinted(&self, hint: &str) -> Result<User, UserRefused> {
        let chosen = self.signing_in_as();
        if chosen.email.eq_ignore_ascii_case(hint.trim()) {
            return Ok(chosen);
        }
        User::new(hint, None)
    }

    /// Test hook: the next sign-in is declined.
    pub fn deny_next_sign_in(&mut self) {
        self.deny_next = true;
    }

    pub fn reset(&mut self) {
        *self = Authority::default();
    }
}
