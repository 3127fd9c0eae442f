//! Signing the administrator in with Microsoft Entra ID from the page: the
//! OAuth 2.0 authorization code flow with PKCE (RFC 7636, S256), as a
//! single-page application does it, without a browser type.
//!
//! - [`settings`]: tenant, client ID, scope and authority, and the URLs
//!   they give (authorize, token).
//! - [`pkce`]: the code verifier and its S256 challenge.
//! - [`flow`]: the sign-in under way (state, nonce, verifier, where to
//!   come back to), and reading the redirect back: a wrong or missing
//!   `state`, an error from the authority or a missing code is refused.
//! - [`tokens`]: the token endpoint's answer, the ID token's claims (shown,
//!   never trusted for anything but the nonce check) and the expiry.
//!
//! The page supplies what only a browser has (random bytes, the clock,
//! storage and `fetch`); every decision is here, tested natively.

pub mod flow;
pub mod pkce;
pub mod settings;
pub mod tokens;

pub use flow::{CallbackError, PendingSignIn};
pub use pkce::CodeVerifier;
pub use settings::{Scope, ScopeError, SignInSettings, SERVICE_APPLICATION_ID};
pub use tokens::{Account, Expiry, SignedIn, TokenAnswerError};
