//! Reusable components.

pub mod chart;
pub mod feed_error;
pub mod layout;
pub mod pinned;
