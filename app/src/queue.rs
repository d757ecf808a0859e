//! Sending reports: now (the form's send) or later (the offline queue in local storage, with its
//! photos in Cache Storage). The queue's merge rule is `portal_core::report::queue`.

use crate::api::{self, Created, Photo, SubmitError};
use crate::photo_store;
use crate::storage::{read, write};
use portal_core::report::queue::{self, Run};
use portal_core::report::{self, ReportDraft};

const QUEUE_KEY: &str = "lyg-portal-report-queue";
const RETURNED_KEY: &str = "lyg-portal-report-returned";

/// A report waiting for the connection to return.
pub type Queued = queue::Queued<Photo>;
/// A queued report the service refused for good, with its reasons.
pub type Returned = queue::Returned<Photo, api::ApiError>;

thread_local! {
    /// Whether a run of the queue is under way: one at a time in the whole app, also across a
    /// visit elsewhere and back to the form, so that no report is sent twice by overlapping runs.
    static FLUSHING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Waits for the next turn of the event loop, so long work does not freeze the page.
async fn yield_now() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = crate::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Gets a challenge, solves it in slices (the page stays responsive), and sends.
pub async fn send(draft: ReportDraft, photos: Vec<Photo>) -> Result<Created, SubmitError> {
    let pow = api::pow_challenge().await?;
    #[cfg(feature = "bench")]
    let t0 = js_sys::Date::now();
    let mut start = 0u64;
    let nonce = loop {
        if let Some(n) = report::pow_solve_range(&pow.challenge, pow.difficulty_bits, start, 20_000) {
            break n;
        }
        start += 20_000;
        yield_now().await;
    };
    // The proof of work's cost on this device, for the benchmarks.
    #[cfg(feature = "bench")]
    crate::bench::record_timing("portalPowTimings", &format!("{} bits", pow.difficulty_bits), js_sys::Date::now() - t0);
    api::submit_report(&draft, &pow, nonce, &photos).await
}

/// The queue as stored on this device.
pub fn stored() -> Vec<Queued> {
    read(QUEUE_KEY)
}

/// The reports refused for good, oldest first, waiting to be corrected.
pub fn returned() -> Vec<Returned> {
    read(RETURNED_KEY)
}

/// Takes the oldest refused report out of storage, to put it back in the form.
pub fn take_returned() -> Option<Returned> {
    let mut all = returned();
    if all.is_empty() {
        return None;
    }
    let first = all.remove(0);
    write(RETURNED_KEY, &all).then_some(first)
}

/// Sends what is queued, unless a run is under way already. The queue is read from storage, not
/// from a page's copy, which an earlier page's run may have sent meanwhile. A report refused for
/// what it says ([`queue::refusal_is_final`]) leaves the queue for [`returned`]. `done` gets the
/// queue left, the receipt and category of the last report sent, if any, and whether any report
/// was returned.
pub fn flush(done: impl FnOnce(Vec<Queued>, Option<(Created, Option<report::Category>)>, bool) + 'static) {
    let items = stored();
    if items.is_empty() || FLUSHING.replace(true) {
        return;
    }
    let mut run = Run::new(items.len());
    leptos::task::spawn_local(async move {
        let mut sent = None;
        let mut refused = Vec::new();
        for q in items {
            let photos = match &q.photo_slot {
                Some(slot) => photo_store::load(slot).await,
                None => q.photos.clone(),
            };
            match send(q.draft.clone(), photos).await {
                Ok(created) => {
                    if let Some(slot) = &q.photo_slot {
                        photo_store::clear(slot).await;
                    }
                    sent = Some((created, q.draft.category));
                }
                Err(SubmitError::Rejected(errors)) if queue::refusal_is_final(errors.iter().map(|e| e.code)) => {
                    refused.push(Returned { report: q, errors });
                }
                Err(_) => run.keep(q),
            }
        }
        // Refused reports are stored as returned before they leave the queue: a closed tab in
        // between leaves one in both (sent again, and refused again), never in neither.
        // If storage refuses them, they stay queued rather than be lost.
        let mut any_returned = false;
        if !refused.is_empty() {
            let mut all = returned();
            all.extend(refused.iter().cloned());
            any_returned = write(RETURNED_KEY, &all);
            if !any_returned {
                refused.into_iter().for_each(|r| run.keep(r.report));
            }
        }
        let left = run.finish(stored());
        write(QUEUE_KEY, &left);
        done(left, sent, any_returned);
        FLUSHING.set(false);
    });
}

/// Queues a report that could not be sent: its photos go to Cache Storage under their own slot
/// (only a browser without it keeps them in the queue's text). Answers the queue, and whether the
/// photos are kept (false when storage was full and only the text could be kept). `current`
/// gives the queue as the page knows it.
pub async fn enqueue(
    current: impl FnOnce() -> Vec<Queued>,
    draft: ReportDraft,
    photos: Vec<Photo>,
) -> (Vec<Queued>, bool) {
    let slot = queue::photo_slot(js_sys::Date::now() as u64);
    let photo_slot = if photos.is_empty() { None } else { photo_store::save(&slot, &photos).await.then_some(slot) };
    // Read after the wait: a run of the queue may have finished meanwhile.
    let mut q = current();
    q.push(Queued::new(draft, photos, photo_slot));
    if write(QUEUE_KEY, &q) {
        return (q, true);
    }
    // Storage full: keep the text, and say the photos are not kept.
    let light: Vec<Queued> = q.iter().map(Queued::without_inline_photos).collect();
    write(QUEUE_KEY, &light);
    (q, false)
}
