//! Pure domain logic for the Lianyungang new-pollutant portal.
//!
//! Nothing here touches the network, the DOM or the clock, so all of it is tested natively with
//! `cargo test`. The app, the feed compiler and the intake service build on it.

pub mod chart;
pub mod cite;
pub mod compile;
pub mod content;
pub mod date;
pub mod detail;
pub mod disclosure;
pub mod export;
pub mod feed;
pub mod i18n;
pub mod ids;
pub mod query;
pub mod reference;
pub mod report;
pub mod units;
pub mod validate;
pub mod watch;
