//! Violation reports: the rules shared by the browser form and the intake service.
//!
//! Everything here is pure (no I/O, no clock, no randomness of its own) so the form in the app and
//! the server in `crates/intake` apply exactly the same checks:
//!
//! - [`Category`] and [`Status`], with their Chinese and English names;
//! - [`ReportDraft`], what the form sends, and [`validate`], which returns one [`FieldError`] per
//!   broken rule, each naming the form field (a [`FormField`]) and an [`ErrorKind`] whose
//!   [`ErrorKind::message`] is the text to show;
//! - photos: [`sniff_image`], [`strip_metadata`] (EXIF, XMP, IPTC, comments) and [`exif_gps`];
//! - [`Receipt`], the 16-digit code a reporter keeps to check the status later;
//! - the proof of work that replaces a CAPTCHA: [`pow_check`], [`pow_solve`], [`pow_solve_range`];
//! - [`KeptReceipt`] and [`MyReports`], receipts kept on the reporter's device, and the receipt
//!   card ([`card_lines`]);
//! - [`timeline`], a report's progress along the workflow with the bureau's replies in place;
//! - the status workflow ([`Status::allowed_next`], [`StatusChange`]) and the bureau's
//!   [`Deadlines`];
//! - [`china_date`] and [`china_datetime`] (from [`crate::date`]), because "today" for the rules is
//!   today in Lianyungang.
//!
//! Every reader-facing string of this module lives here, in both languages (the shared message
//! table in [`crate::i18n`] belongs to the app shell).

mod category;
mod draft;
mod error;
pub mod handling;
mod kept;
mod photo;
mod pow;
pub mod queue;
mod receipt;
mod status;
mod timeline;
mod validate;

pub use crate::date::{CHINA_UTC_OFFSET_SECONDS, china_date, china_datetime};
pub use category::{Category, service_notice};
pub use draft::{
    AREAS, CITY_EAST, CITY_NORTH, CITY_SOUTH, CITY_WEST, Contact, DISTRICT_CODES, FormField, GeoPoint,
    MAX_ADDRESS_CHARS, MAX_DESCRIPTION_CHARS, MAX_NAME_CHARS, MAX_PHOTO_BYTES, MAX_PHOTOS, MAX_SOURCE_CHARS,
    MIN_DESCRIPTION_CHARS, ReportDraft, field_for_path,
};
pub use error::ErrorKind;
pub use kept::{KeptReceipt, MyReports, card_lines, card_text, card_title};
pub use photo::{ImageType, StripError, exif_gps, sniff_image, strip_metadata};
pub use pow::{pow_check, pow_solve, pow_solve_range};
pub use receipt::{Receipt, ReceiptError};
pub use status::{ACK_DAYS, Deadlines, HANDLE_DAYS, Status, StatusChange};
pub use timeline::{StepState, TimelineStep, timeline};
pub use validate::{FieldError, valid_email, valid_phone, validate};
