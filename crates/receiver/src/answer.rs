//! What the receiver answers, before it becomes an HTTP response: a status,
//! headers and a body. Kept as plain data so an answer to a publish can be
//! remembered under its `Idempotency-Key` and replayed byte for byte.

use domain::answers::ProblemError;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub const JSON: &str = "application/json";
pub const PROBLEM_JSON: &str = "application/problem+json";

/// Where the receiver's problem types live. Not a resolvable page: a stable
/// name per kind of problem, as RFC 9457 allows.
const PROBLEM_BASE: &str = "https://einvoicing.example/problems/";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub status: u16,
    /// Header names and values, in order (`Content-Type` included).
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Answer {
    pub fn empty(status: u16) -> Answer {
        Answer {
            status,
            headers: Vec::new(),
            body: String::new(),
        }
    }

    pub fn json(status: u16, value: &impl Serialize) -> Answer {
        Answer {
            status,
            headers: vec![("Content-Type".into(), JSON.into())],
            body: serde_json::to_string(value).expect("answers are plain JSON"),
        }
    }

    pub fn with_header(mut self, name: &str, value: impl Into<String>) -> Answer {
        self.headers.push((name.into(), value.into()));
        self
    }
}

/// A problem document on the wire: RFC 9457's members in their usual
/// order, `errors` when there are field-level errors, then extensions.
/// (`domain::answers::ProblemDetails` reads it back.)
#[derive(Serialize)]
struct Wire {
    #[serde(rename = "type")]
    problem_type: String,
    title: &'static str,
    status: u16,
    detail: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    errors: Vec<ProblemError>,
    #[serde(flatten)]
    extensions: Map<String, Value>,
}

/// An RFC 9457 problem document being built.
pub struct Problem {
    status: u16,
    slug: &'static str,
    title: &'static str,
    detail: String,
    errors: Vec<ProblemError>,
    extensions: Map<String, Value>,
    headers: Vec<(String, String)>,
}

impl Problem {
    pub fn new(
        status: u16,
        slug: &'static str,
        title: &'static str,
        detail: impl Into<String>,
    ) -> Problem {
        Problem {
            status,
            slug,
            title,
            detail: detail.into(),
            errors: Vec::new(),
            extensions: Map::new(),
            headers: Vec::new(),
        }
    }

    pub fn errors(mut self, errors: Vec<ProblemError>) -> Problem {
        self.errors = errors;
        self
    }

    pub fn extension(mut self, name: &str, value: impl Into<Value>) -> Problem {
        self.extensions.insert(name.into(), value.into());
        self
    }

    pub fn header(mut self, name: &str, value: impl Into<String>) -> Problem {
        self.headers.push((name.into(), value.into()));
        self
    }

    pub fn answer(self) -> Answer {
        let wire = Wire {
            problem_type: format!("{PROBLEM_BASE}{}", self.slug),
            title: self.title,
            status: self.status,
            detail: self.detail,
            errors: self.errors,
            extensions: self.extensions,
        };
        let mut headers = vec![("Content-Type".to_string(), PROBLEM_JSON.to_string())];
        headers.extend(self.headers);
        Answer {
            status: self.status,
            headers,
            body: serde_json::to_string(&wire).expect("a problem is plain JSON"),
        }
    }
}

impl From<Problem> for Answer {
    fn from(problem: Problem) -> Answer {
        problem.answer()
    }
}

/// `404` for a path the receiver does not serve, or an object it does not
/// hold.
pub fn not_found(detail: impl Into<String>) -> Answer {
    Problem::new(404, "not-found", "Not found", detail).answer()
}

/// `405` with the methods the path allows.
pub fn method_not_allowed(method: &str, path: &str, allow: &str) -> Answer {
    Problem::new(
        405,
        "method-not-allowed",
        "Method not allowed",
        format!("{path} does not accept {method}; it accepts {allow}."),
    )
    .header("Allow", allow)
    .answer()
}

/// `400` for a body that is not the JSON the request needs.
pub fn bad_request(slug: &'static str, detail: impl Into<String>) -> Problem {
    Problem::new(400, slug, "Bad request", detail)
}

/// One field-level error.
pub fn field(pointer: impl Into<String>, detail: impl Into<String>) -> ProblemError {
    ProblemError {
        pointer: pointer.into(),
        detail: detail.into(),
    }
}

/// A JSON pointer: `base` followed by one reference token, escaped.
pub fn pointer(base: &str, token: impl std::fmt::Display) -> String {
    let token = token.to_string().replace('~', "~0").replace('/', "~1");
    format!("{base}/{token}")
}

/// Reads a JSON body into `T`, or the `400` that says where and why it is
/// not what was expected.
pub fn read_json<T: serde::de::DeserializeOwned>(body: &[u8], what: &str) -> Result<T, Answer> {
    from_value(&parse_object(body, what)?, what)
}

/// Parses a body that must be one JSON object, or the `400` that says it
/// is not.
pub fn parse_object(body: &[u8], what: &str) -> Result<Value, Answer> {
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        bad_request(
            "invalid-json",
            format!("The request body is not valid JSON ({e}); send {what}."),
        )
        .answer()
    })?;
    if !value.is_object() {
        return Err(bad_request(
            "invalid-json",
            format!("The request body must be a JSON object: {what}."),
        )
        .answer());
    }
    Ok(value)
}

/// Reads a parsed body into `T`, or the `400` that names the offending
/// member by its JSON pointer.
pub fn from_value<'a, T: serde::Deserialize<'a>>(
    value: &'a Value,
    what: &str,
) -> Result<T, Answer> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let mut at = String::new();
        for segment in e.path().iter() {
            match segment {
                serde_path_to_error::Segment::Seq { index } => at = pointer(&at, index),
                serde_path_to_error::Segment::Map { key } => at = pointer(&at, key),
                serde_path_to_error::Segment::Enum { variant } => at = pointer(&at, variant),
                serde_path_to_error::Segment::Unknown => {}
            }
        }
        let message = e.inner().to_string();
        // "missing field `users`" is reported at the object that lacks it;
        // point at the field itself.
        if let Some(missing) = message
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split('`').next())
        {
            at = pointer(&at, missing);
        }
        let detail = message
            .split(" at line ")
            .next()
            .unwrap_or(&message)
            .to_string();
        let where_ = if at.is_empty() {
            "/".to_string()
        } else {
            at.clone()
        };
        bad_request(
            "invalid-body",
            format!("The request body is not {what}: at {where_}, {detail}."),
        )
        .errors(vec![field(
            at,
            format!("Wrong or missing value: {detail}."),
        )])
        .answer()
    })
}
