//! Pure domain logic for the Lianyungang new-pollutant portal.
//!
//! Nothing here touches the network, the DOM or the clock, so all of it is tested natively with
//! `cargo test`. The app, the feed compiler and the intake service build on it.

/// Implements `Serialize` through `Display` and `Deserialize` through `FromStr`, for a type that
/// travels as text (a date, a receipt code).
macro_rules! serde_as_text {
    ($t:ty) => {
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let s = <String as serde::Deserialize>::deserialize(deserializer)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}
pub(crate) use serde_as_text;

pub mod api;
pub mod chart;
pub mod content;
pub mod csv;
pub mod date;
pub mod feed;
pub mod i18n;
pub mod licence;
pub mod page;
pub mod query;
pub mod report;
pub mod search;
