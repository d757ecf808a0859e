//! The request's language, from `?lang=zh|en` (Chinese by default): the one way every route
//! reads it.

use std::convert::Infallible;

use axum::extract::FromRequestParts;
use axum::http::Uri;
use axum::http::request::Parts;
use portal_core::i18n::Lang;

/// The language of descriptions and error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Language(pub Lang);

impl Language {
    /// The language `uri` asks for with `?lang=`; Chinese when it asks for none it knows.
    pub fn of(uri: &Uri) -> Lang {
        uri.query()
            .unwrap_or("")
            .split('&')
            .find_map(|pair| pair.strip_prefix("lang="))
            .and_then(Lang::from_code)
            .unwrap_or_default()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Language {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Language(Language::of(&parts.uri)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_is_read_from_the_query_and_defaults_to_chinese() {
        let of = |uri: &str| Language::of(&uri.parse().expect("a URI"));
        assert_eq!(of("/api/pow"), Lang::Zh);
        assert_eq!(of("/api/pow?lang=en"), Lang::En);
        assert_eq!(of("/api/staff/audit?limit=5&lang=en"), Lang::En);
        assert_eq!(of("/api/pow?lang=fr"), Lang::Zh);
    }
}
