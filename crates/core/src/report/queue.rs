//! The offline report queue's rules: what a queued report holds, and what a run over the queue
//! keeps, drops and leaves for the next run.
//!
//! A report that cannot be sent waits in the browser's storage. A run sends what was queued
//! when it started (its snapshot, `taken` reports long). The reports it sent are dropped; the
//! ones it could not send are kept, in their order; and the reports queued while it ran (they
//! were appended after the snapshot) follow them. Only one run goes at a time (the app guards
//! that), and it reads the queue from storage, so no report is sent twice and none is lost.
//!
//! A report the service refuses for what it says ([`refusal_is_final`]) would be refused again on
//! every run: it leaves the queue and goes back to the reader with the service's reasons
//! ([`Returned`]), to be corrected in the form. One refused because the service was busy or
//! limited the rate stays queued.

use crate::report::ReportDraft;
use serde::{Deserialize, Serialize};

/// A report waiting for the connection to return. `P` is a photo as the app holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Queued<P> {
    pub draft: ReportDraft,
    /// The photos themselves, only where the browser cannot keep them elsewhere on the device.
    #[serde(default = "Vec::new")]
    pub photos: Vec<P>,
    /// Where the photos are kept on the device, if they are.
    #[serde(default)]
    pub photo_slot: Option<String>,
}

impl<P> Queued<P> {
    /// A report to queue: its photos travel in the queue only when no slot on the device holds
    /// them.
    pub fn new(draft: ReportDraft, photos: Vec<P>, photo_slot: Option<String>) -> Self {
        let photos = if photo_slot.is_some() { Vec::new() } else { photos };
        Queued { draft, photos, photo_slot }
    }

    /// The same report without the photos it carries itself (when storage is full, the text is
    /// kept and the photos are not); photos kept in a slot stay named.
    pub fn without_inline_photos(&self) -> Self {
        Queued { draft: self.draft.clone(), photos: Vec::new(), photo_slot: self.photo_slot.clone() }
    }
}

/// Whether a refusal with these HTTP statuses is about the report itself, so that sending it
/// again cannot succeed: a client error (4xx) other than 408 (timeout), 425 (too early) and 429
/// (too many requests). A busy or failing service (5xx), or no status at all, is worth another
/// try.
pub fn refusal_is_final(statuses: impl IntoIterator<Item = u16>) -> bool {
    statuses.into_iter().any(|s| (400..500).contains(&s) && !matches!(s, 408 | 425 | 429))
}

/// A queued report the service refused for good ([`refusal_is_final`]), kept on the device with
/// the reasons (`E`: the service's errors) until the reader corrects it in the form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Returned<P, E> {
    pub report: Queued<P>,
    pub errors: Vec<E>,
}

/// The device slot for the photos of a report queued at `now_ms` (milliseconds since 1970).
pub fn photo_slot(now_ms: u64) -> String {
    format!("queue-{now_ms}")
}

/// One run over the queue, from the snapshot it took to the queue it leaves.
#[derive(Debug)]
pub struct Run<T> {
    taken: usize,
    kept: Vec<T>,
}

impl<T> Run<T> {
    /// A run over a snapshot of `taken` queued reports.
    pub fn new(taken: usize) -> Self {
        Run { taken, kept: Vec::new() }
    }

    /// A report of the snapshot that could not be sent (offline, the service failed, or it was
    /// refused): it stays queued.
    pub fn keep(&mut self, item: T) {
        self.kept.push(item);
    }

    /// The queue after the run, given the queue as stored now: the reports kept, then the ones
    /// queued while the run went (after the snapshot's `taken`). The sent ones are gone.
    pub fn finish(self, stored_now: Vec<T>) -> Vec<T> {
        let mut left = self.kept;
        left.extend(stored_now.into_iter().skip(self.taken));
        left
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(description: &str) -> Queued<u8> {
        Queued::new(ReportDraft { description: description.to_owned(), ..ReportDraft::default() }, vec![], None)
    }

    fn descriptions(q: &[Queued<u8>]) -> Vec<&str> {
        q.iter().map(|r| r.draft.description.as_str()).collect()
    }

    #[test]
    fn a_run_drops_what_it_sent_and_keeps_what_it_could_not_send_in_order() {
        let snapshot = vec![report("a"), report("b"), report("c")];
        let mut run = Run::new(snapshot.len());
        // "b" was sent; "a" and "c" were not.
        run.keep(snapshot[0].clone());
        run.keep(snapshot[2].clone());
        assert_eq!(descriptions(&run.finish(snapshot)), ["a", "c"]);
    }

    #[test]
    fn reports_queued_during_a_run_follow_the_kept_ones() {
        let snapshot = vec![report("a"), report("b")];
        let mut run = Run::new(snapshot.len());
        run.keep(snapshot[1].clone());
        // Meanwhile the form appended "c" to the stored queue.
        let mut stored_now = snapshot.clone();
        stored_now.push(report("c"));
        assert_eq!(descriptions(&run.finish(stored_now)), ["b", "c"]);
    }

    #[test]
    fn a_run_that_sent_everything_leaves_only_what_was_queued_meanwhile() {
        let snapshot = vec![report("a")];
        let run = Run::new(snapshot.len());
        assert!(run.finish(snapshot.clone()).is_empty());
        let run = Run::new(snapshot.len());
        assert_eq!(descriptions(&run.finish(vec![report("a"), report("new")])), ["new"]);
    }

    #[test]
    fn nothing_taken_by_the_run_is_resent_from_storage() {
        // Storage still holds the whole snapshot (the run does not remove as it goes): none of
        // it is added again after the kept reports.
        let snapshot = vec![report("a"), report("b")];
        let mut run = Run::new(snapshot.len());
        run.keep(snapshot[0].clone());
        assert_eq!(descriptions(&run.finish(snapshot)), ["a"]);
    }

    #[test]
    fn a_stored_queue_shorter_than_the_snapshot_adds_nothing() {
        let mut run = Run::new(3);
        run.keep(report("a"));
        assert_eq!(descriptions(&run.finish(vec![report("x")])), ["a"]);
    }

    #[test]
    fn only_a_refusal_of_the_report_itself_is_final() {
        for final_ in [[400], [413], [415], [422]] {
            assert!(refusal_is_final(final_), "{final_:?}");
        }
        for retry in [&[429][..], &[408], &[425], &[500], &[503], &[], &[0]] {
            assert!(!refusal_is_final(retry.iter().copied()), "{retry:?}");
        }
        // One error about the report among others is enough.
        assert!(refusal_is_final([429, 400]));
    }

    #[test]
    fn a_draft_with_only_what_the_form_fills_in_is_blank() {
        let fresh =
            ReportDraft { observed_on: "2026-12-07".into(), consent_to_contact: true, ..ReportDraft::default() };
        assert!(fresh.is_blank());
        let typed = [
            ReportDraft { description: "夜里有刺鼻气味".into(), ..fresh.clone() },
            ReportDraft { district_code: Some("320724".into()), ..fresh.clone() },
            ReportDraft {
                contact: Some(crate::report::Contact { phone: Some("13912345678".into()), ..Default::default() }),
                ..fresh.clone()
            },
            ReportDraft { photos_count: 1, ..fresh.clone() },
        ];
        for draft in typed {
            assert!(!draft.is_blank(), "{draft:?}");
        }
        // Only blanks in the contact: still blank.
        let empty_contact = ReportDraft {
            contact: Some(crate::report::Contact { name: Some("  ".into()), ..Default::default() }),
            ..fresh
        };
        assert!(empty_contact.is_blank());
    }

    #[test]
    fn photos_travel_in_the_queue_only_without_a_slot() {
        let d = ReportDraft::default();
        let in_slot = Queued::new(d.clone(), vec![1u8, 2], Some(photo_slot(17)));
        assert!(in_slot.photos.is_empty());
        assert_eq!(in_slot.photo_slot.as_deref(), Some("queue-17"));
        let inline = Queued::new(d, vec![1u8, 2], None);
        assert_eq!(inline.photos, [1, 2]);
    }

    #[test]
    fn without_inline_photos_keeps_the_text_and_the_slot() {
        let q = Queued { draft: report("a").draft, photos: vec![9u8], photo_slot: Some("queue-1".into()) };
        let light = q.without_inline_photos();
        assert!(light.photos.is_empty());
        assert_eq!(light.photo_slot, q.photo_slot);
        assert_eq!(light.draft, q.draft);
    }

    #[test]
    fn the_stored_form_is_unchanged_and_older_entries_still_read() {
        let q = report("a");
        let json = serde_json::to_value(&q).expect("a queued report serialises");
        let mut keys: Vec<&str> = json.as_object().expect("an object").keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["draft", "photo_slot", "photos"]);
        // An entry written before photos and slots existed.
        let old: Queued<u8> =
            serde_json::from_value(serde_json::json!({ "draft": json["draft"] })).expect("an older entry reads");
        assert_eq!(old, q);
    }
}
