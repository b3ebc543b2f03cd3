//! The error vocabulary shared by every layer. The HTTP edge maps an [`ErrorCode`] to a
//! status and renders an [`ApiErrorBody`]; the browser reads the same type back.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What went wrong, as a stable machine-readable code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The request body or parameters could not be read (malformed JSON, wrong types).
    BadRequest,
    /// The input was read but breaks a rule; `fields` names each problem.
    Validation,
    /// No valid credentials.
    Unauthenticated,
    /// Signed in, but not allowed.
    Forbidden,
    /// No such thing (or not visible to the caller: we do not reveal existence).
    NotFound,
    /// The path exists but does not take this method; `Allow` lists those it takes.
    MethodNotAllowed,
    /// The record changed since it was read, or a uniqueness rule was hit.
    Conflict,
    /// It existed and is no more: an expired or withdrawn work-sample link.
    Gone,
    /// The body is larger than the endpoint accepts.
    PayloadTooLarge,
    /// Too many attempts; retry later.
    RateLimited,
    /// The database cannot be reached right now; retrying later will work.
    DatabaseUnavailable,
    /// A fault on our side. Never used for bad input.
    Internal,
}

impl ErrorCode {
    /// The HTTP status this code maps to.
    pub fn http_status(self) -> u16 {
        match self {
            ErrorCode::BadRequest => 400,
            ErrorCode::Validation => 422,
            ErrorCode::Unauthenticated => 401,
            ErrorCode::Forbidden => 403,
            ErrorCode::NotFound => 404,
            ErrorCode::MethodNotAllowed => 405,
            ErrorCode::Conflict => 409,
            ErrorCode::Gone => 410,
            ErrorCode::PayloadTooLarge => 413,
            ErrorCode::RateLimited => 429,
            ErrorCode::DatabaseUnavailable => 503,
            ErrorCode::Internal => 500,
        }
    }

    /// The code as it appears in JSON (`"not_found"`).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::BadRequest => "bad_request",
            ErrorCode::Validation => "validation",
            ErrorCode::Unauthenticated => "unauthenticated",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::NotFound => "not_found",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::Conflict => "conflict",
            ErrorCode::Gone => "gone",
            ErrorCode::PayloadTooLarge => "payload_too_large",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::DatabaseUnavailable => "database_unavailable",
            ErrorCode::Internal => "internal",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The JSON body of every error answer:
/// `{"error": "<code>", "message": "...", "fields": {"email": "..."}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"error": "validation", "message": "Check the highlighted fields", "fields": {"email": "Enter an email address like name@example.org"}})))]
pub struct ApiErrorBody {
    pub error: ErrorCode,
    pub message: String,
    /// Field name → what is wrong with it. Omitted when empty. Written in natural order,
    /// so "line 7: email" comes before "line 10: email".
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty", serialize_with = "in_natural_order")]
    pub fields: BTreeMap<String, String>,
}

/// Orders text as people read it: runs of digits compare as numbers ("line 7" < "line 10").
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    fn chunks(s: &str) -> impl Iterator<Item = (bool, &str)> {
        let mut rest = s;
        std::iter::from_fn(move || {
            let first = rest.chars().next()?;
            let digits = first.is_ascii_digit();
            let end = rest.find(|c: char| c.is_ascii_digit() != digits).unwrap_or(rest.len());
            let (chunk, tail) = rest.split_at(end);
            rest = tail;
            Some((digits, chunk))
        })
    }
    let (mut x, mut y) = (chunks(a), chunks(b));
    loop {
        let order = match (x.next(), y.next()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return std::cmp::Ordering::Less,
            (Some(_), None) => return std::cmp::Ordering::Greater,
            (Some((true, m)), Some((true, n))) => {
                let (m, n) = (m.trim_start_matches('0'), n.trim_start_matches('0'));
                m.len().cmp(&n.len()).then_with(|| m.cmp(n))
            }
            (Some((_, m)), Some((_, n))) => m.cmp(n),
        };
        if order != std::cmp::Ordering::Equal {
            return order;
        }
    }
}

fn in_natural_order<S: serde::Serializer>(fields: &BTreeMap<String, String>, s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut sorted: Vec<(&String, &String)> = fields.iter().collect();
    sorted.sort_by(|a, b| natural_cmp(a.0, b.0));
    let mut map = s.serialize_map(Some(sorted.len()))?;
    for (k, v) in sorted {
        map.serialize_entry(k, v)?;
    }
    map.end()
}

impl ApiErrorBody {
    pub fn new(error: ErrorCode, message: impl Into<String>) -> Self {
        Self { error, message: message.into(), fields: BTreeMap::new() }
    }

    pub fn with_field(mut self, field: impl Into<String>, problem: impl Into<String>) -> Self {
        self.fields.insert(field.into(), problem.into());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_to_the_documented_shape() {
        let body = ApiErrorBody::new(ErrorCode::Validation, "Check the form")
            .with_field("email", "Enter an email address like name@example.org");
        let json = serde_json::to_value(&body).unwrap();
        assert_eq!(json["error"], "validation");
        assert_eq!(json["fields"]["email"], "Enter an email address like name@example.org");
        let plain = serde_json::to_value(ApiErrorBody::new(ErrorCode::NotFound, "x")).unwrap();
        assert!(plain.get("fields").is_none(), "empty fields are omitted");
    }

    #[test]
    fn fields_are_written_in_natural_order() {
        let body = ApiErrorBody::new(ErrorCode::Validation, "x")
            .with_field("line 10: email", "b")
            .with_field("line 7: name", "a")
            .with_field("line 7: email", "c")
            .with_field("csv", "d");
        let text = serde_json::to_string(&body).unwrap();
        let at = |k: &str| text.find(k).unwrap();
        assert!(at("csv") < at("line 7: email"));
        assert!(at("line 7: email") < at("line 7: name"));
        assert!(at("line 7: name") < at("line 10: email"), "{text}");
        assert_eq!(natural_cmp("a2", "a02"), std::cmp::Ordering::Greater, "equal numbers fall back to the text");
        assert_eq!(natural_cmp("x", "x1"), std::cmp::Ordering::Less);
    }

    #[test]
    fn as_str_matches_serde_name() {
        for code in [
            ErrorCode::BadRequest,
            ErrorCode::Validation,
            ErrorCode::Unauthenticated,
            ErrorCode::Forbidden,
            ErrorCode::NotFound,
            ErrorCode::MethodNotAllowed,
            ErrorCode::Conflict,
            ErrorCode::Gone,
            ErrorCode::PayloadTooLarge,
            ErrorCode::RateLimited,
            ErrorCode::DatabaseUnavailable,
            ErrorCode::Internal,
        ] {
            assert_eq!(serde_json::to_value(code).unwrap(), code.as_str());
            assert!(code.http_status() >= 400);
        }
    }
}
