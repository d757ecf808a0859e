//! The staff API's JSON: answers written so that no string in them reads as markup, and request
//! bodies and query strings read strictly (unknown fields refused and named).

use std::io;

use axum::extract::{Query, Request};
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::error::StaffError;

/// The largest JSON body of a staff request.
const MAX_BODY_BYTES: usize = 64 * 1024;

/// A `serde_json` formatter that also escapes `<`, `>`, `&`, U+2028 and U+2029, so that no JSON
/// answer contains markup even when a field holds some.
struct HtmlSafeFormatter;

impl serde_json::ser::Formatter for HtmlSafeFormatter {
    fn write_string_fragment<W: ?Sized + io::Write>(&mut self, writer: &mut W, fragment: &str) -> io::Result<()> {
        let mut start = 0;
        for (index, c) in fragment.char_indices() {
            let escaped = match c {
                '<' => "\\u003c",
                '>' => "\\u003e",
                '&' => "\\u0026",
                '\u{2028}' => "\\u2028",
                '\u{2029}' => "\\u2029",
                _ => continue,
            };
            writer.write_all(&fragment.as_bytes()[start..index])?;
            writer.write_all(escaped.as_bytes())?;
            start = index + c.len_utf8();
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }
}

/// `value` as JSON in which `<`, `>`, `&`, U+2028 and U+2029 inside strings are escaped as `\uXXXX`.
pub fn to_safe_json(value: &impl Serialize) -> Result<Vec<u8>, serde_json::Error> {
    let mut bytes = Vec::new();
    let mut serializer = serde_json::Serializer::with_formatter(&mut bytes, HtmlSafeFormatter);
    value.serialize(&mut serializer)?;
    Ok(bytes)
}

/// A JSON response (`application/json`) written with [`to_safe_json`].
pub fn json_response(status: StatusCode, value: &impl Serialize) -> Result<Response, StaffError> {
    let body = to_safe_json(value).map_err(|_| StaffError::Server)?;
    Ok((status, [(header::CONTENT_TYPE, "application/json")], body).into_response())
}

/// Reads a JSON body of at most [`MAX_BODY_BYTES`]; unknown fields are refused (the structs
/// deny them) and named in the error.
pub async fn read_json<T: DeserializeOwned>(request: Request) -> Result<T, StaffError> {
    let is_json = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|media| media.trim().eq_ignore_ascii_case("application/json"));
    if !is_json {
        return Err(StaffError::NotJson);
    }
    let bytes = axum::body::to_bytes(request.into_body(), MAX_BODY_BYTES).await.map_err(|_| StaffError::TooLarge)?;
    let mut deserializer = serde_json::Deserializer::from_slice(&bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|err| {
        let message = err.inner().to_string();
        let unknown = message.strip_prefix("unknown field `").and_then(|rest| rest.split_once('`')).map(|(n, _)| n);
        let path = err.path().to_string();
        let field = match unknown {
            Some(name) => name.chars().take(64).collect(),
            None if path == "." => "body".to_owned(),
            None => path,
        };
        StaffError::Invalid { field }
    })?;
    deserializer.end().map_err(|_| StaffError::invalid("body"))?;
    Ok(value)
}

/// The query string as `T` (every field a string; unknown parameters refused).
pub fn read_query<T: DeserializeOwned>(uri: &Uri) -> Result<T, StaffError> {
    Query::<T>::try_from_uri(uri).map(|Query(query)| query).map_err(|err| {
        let message = err.body_text();
        let field = message
            .split_once("unknown field `")
            .and_then(|(_, rest)| rest.split_once('`'))
            .map_or("query", |(name, _)| name);
        StaffError::Invalid { field: field.chars().take(64).collect() }
    })
}

/// A non-empty query value, trimmed.
pub fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// A flag parameter: `1`/`true`/`yes` or `0`/`false`/`no`; absent or empty is `false`.
pub fn flag(value: &Option<String>, field: &str) -> Result<bool, StaffError> {
    match given(value) {
        None => Ok(false),
        Some("1" | "true" | "yes") => Ok(true),
        Some("0" | "false" | "no") => Ok(false),
        Some(_) => Err(StaffError::invalid(field)),
    }
}

/// A number parameter.
pub fn number(value: &Option<String>, field: &str) -> Result<Option<u32>, StaffError> {
    given(value).map(|v| v.parse().map_err(|_| StaffError::invalid(field))).transpose()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    #[test]
    fn json_answers_escape_markup() {
        let bytes = to_safe_json(&json!({"d": "<script>alert(1)</script> & \u{2028}"})).expect("json");
        let text = String::from_utf8(bytes.clone()).expect("utf-8");
        assert_eq!(text, r#"{"d":"\u003cscript\u003ealert(1)\u003c/script\u003e \u0026 \u2028"}"#);
        let back: Value = serde_json::from_slice(&bytes).expect("parses");
        assert_eq!(back["d"], "<script>alert(1)</script> & \u{2028}");
    }
}
