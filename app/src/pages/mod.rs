//! One module per route.

pub mod about;
pub mod compare;
pub mod disclosures;
pub mod enterprise;
pub mod handling;
pub mod home;
pub mod learn;
pub mod not_found;
pub mod overview;
pub mod receipt;
pub mod report;
pub mod search;
pub mod staff;
pub mod substances;
pub mod watch;
