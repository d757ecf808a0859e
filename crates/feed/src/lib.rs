//! The feed compiler's library: loading, validating, building, importing and generating.

pub mod archive;
pub mod build;
pub mod clock;
pub mod content;
pub mod generate;
pub mod import;
pub mod load;
pub mod schema;
