//! The portal's Leptos CSR front end. Pages stay thin: domain logic lives in `portal-core`,
//! drawing in `portal-charts`, and `api` is the only module that talks to the network.

pub mod api;
pub mod app;
#[cfg(feature = "bench")]
pub mod bench;
pub mod components;
pub mod data;
pub mod download;
pub mod i18n;
pub mod pages;
pub mod photo_store;
pub mod queue;
pub mod storage;

pub use app::App;
