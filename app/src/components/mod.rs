//! Reusable components.

pub mod actions;
pub mod chart;
pub mod feed_error;
pub mod field;
pub mod layout;
pub mod loaded;
pub mod new_version;
pub mod pinned;
pub mod rich;
pub mod table;
