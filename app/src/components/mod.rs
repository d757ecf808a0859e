//! Reusable components.

pub mod bar_chart;
pub mod feed_error;
pub mod layout;
