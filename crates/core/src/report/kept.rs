//! Receipts kept on the reporter's device: the one on screen since sending ([`KeptReceipt`]),
//! its card (the same lines on screen, in the saved image and in the text file:
//! [`card_lines`], [`card_text`]), and the opt-in list of the reporter's own reports
//! ([`MyReports`]).

use serde::{Deserialize, Serialize};

use crate::date::china_time_text;
use crate::i18n::{Lang, Msg};

use super::{Category, Receipt, service_notice};

/// A receipt as the device keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptReceipt {
    /// The code in its grouped form (`1234 5678 9012 3452`).
    pub receipt: String,
    /// The report's public id.
    pub id: String,
    /// What was reported, if known.
    #[serde(default)]
    pub category: Option<Category>,
    /// When it was sent (Unix seconds).
    pub sent_at: i64,
}

impl KeptReceipt {
    /// Whether `other` is the same receipt, however it is spaced.
    pub fn same_receipt(&self, other: &str) -> bool {
        match (Receipt::parse(&self.receipt), Receipt::parse(other)) {
            (Ok(a), Ok(b)) => a == b,
            _ => self.receipt == other,
        }
    }
}

/// The receipt card's lines after its title, as (label, value): the code, when it was sent, what
/// was reported, and where to check its progress (`status_url`, the status page's full address).
pub fn card_lines(kept: &KeptReceipt, lang: Lang, status_url: &str) -> Vec<(&'static str, String)> {
    let mut lines = vec![
        (Msg::ReceiptLabel.text(lang), kept.receipt.clone()),
        (Msg::ReceiptSentAt.text(lang), china_time_text(kept.sent_at, lang)),
    ];
    if let Some(c) = kept.category {
        lines.push((Msg::ReceiptCategory.text(lang), c.name(lang).to_owned()));
    }
    lines.push((Msg::ReceiptStatusAt.text(lang), status_url.to_owned()));
    lines
}

/// The card's title: the portal's name and what the card is.
pub fn card_title(lang: Lang) -> String {
    format!("{} · {}", Msg::SiteTitle.text(lang), Msg::ReceiptCardTitle.text(lang))
}

/// The card as plain text (the .txt file): title, lines, and what happens next.
pub fn card_text(kept: &KeptReceipt, lang: Lang, status_url: &str) -> String {
    let sep = lang.label_separator();
    let mut out = card_title(lang);
    out.push('\n');
    for (label, value) in card_lines(kept, lang, status_url) {
        out.push_str(&format!("{label}{sep}{value}\n"));
    }
    out.push_str(service_notice(lang));
    out.push('\n');
    out
}

/// "My reports": receipts the reporter chose to keep on this device, newest first. Off until the
/// reporter turns it on; clearing empties it and turns it off.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyReports {
    /// Whether the reporter asked to keep the list.
    pub on: bool,
    /// The receipts, newest first.
    pub entries: Vec<KeptReceipt>,
}

impl MyReports {
    /// The most receipts kept; the oldest go first.
    pub const MAX: usize = 50;

    /// Keeps `kept` at the top (once; a receipt already listed moves up), if the list is on.
    /// Answers whether the list changed.
    pub fn add(&mut self, kept: &KeptReceipt) -> bool {
        if !self.on {
            return false;
        }
        if self.entries.first() == Some(kept) {
            return false;
        }
        self.entries.retain(|k| !k.same_receipt(&kept.receipt));
        self.entries.insert(0, kept.clone());
        self.entries.truncate(Self::MAX);
        true
    }

    /// Turns the list on and keeps `current` (the receipt on screen), if any.
    pub fn turn_on(&mut self, current: Option<&KeptReceipt>) {
        self.on = true;
        if let Some(k) = current {
            self.add(k);
        }
    }

    /// Forgets every receipt and turns the list off.
    pub fn clear(&mut self) {
        *self = MyReports::default();
    }
}
