//! A report's progress as its reporter sees it: [`timeline`] lays the status changes and the
//! bureau's replies on the workflow's path (received → under review → forwarded → resolved or
//! closed, see [`Status::allowed_next`]).

use crate::api::reports::{OwnStatus, Reply};
use crate::date::parse_datetime;
use crate::i18n::Lang;

use super::Status;

/// Where a step of the path stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepState {
    /// Reached and left.
    Done,
    /// Where the report stands now.
    Current,
    /// Still ahead.
    Pending,
}

/// One step of the path, with the replies written while the report stood there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineStep {
    /// The status; `None` for the final step still ahead, which is "resolved or closed".
    pub status: Option<Status>,
    /// When the report reached it (ISO 8601 from the intake); `None` when not reached, or when
    /// reached before the service kept a history.
    pub at: Option<String>,
    pub state: StepState,
    /// The bureau's replies written while the report stood at this step, oldest first.
    pub replies: Vec<Reply>,
}

impl TimelineStep {
    /// The step's name: the status's, or "resolved or closed" for the end still ahead.
    pub fn name(&self, lang: Lang) -> &'static str {
        self.status.map_or_else(|| lang.pick("办结（查处或结案）", "Resolved or closed"), |s| s.name(lang))
    }
}

/// The path's open steps in order; the end is one of the closed statuses (or `resolved`).
const OPEN_PATH: [Status; 3] = [Status::Received, Status::UnderReview, Status::Forwarded];

/// The report's timeline: every step it reached, in order, with its time and the replies that
/// came while it stood there, then (while it is open) the steps still ahead along the usual path.
/// A step the bureau skipped (e.g. closed straight after review) is left out, not shown as
/// pending.
pub fn timeline(own: &OwnStatus) -> Vec<TimelineStep> {
    // The steps reached: received when filed, then each change, in order.
    let mut reached: Vec<(Status, Option<String>)> = vec![(Status::Received, Some(own.requested.clone()))];
    for step in &own.history {
        reached.push((step.status, Some(step.at.clone())));
    }
    // A status without a history entry (reached before the history was kept): put it in place,
    // filling the usual steps before it, with no time.
    if reached.last().map(|(s, _)| *s) != Some(own.status) {
        let from =
            OPEN_PATH.iter().position(|s| Some(*s) == reached.last().map(|r| r.0)).map_or(OPEN_PATH.len(), |i| i + 1);
        let upto = OPEN_PATH.iter().position(|s| *s == own.status).unwrap_or(OPEN_PATH.len());
        for s in OPEN_PATH.iter().take(upto).skip(from) {
            reached.push((*s, None));
        }
        reached.push((own.status, None));
    }
    let last = reached.len() - 1;
    let mut steps: Vec<TimelineStep> = reached
        .into_iter()
        .enumerate()
        .map(|(i, (status, at))| TimelineStep {
            status: Some(status),
            at,
            state: if i == last { StepState::Current } else { StepState::Done },
            replies: Vec::new(),
        })
        .collect();
    // Each reply goes to the last step reached at or before it (the first step if none has a
    // time that early). A step without a time counts as reached with the step before it.
    let starts: Vec<Option<i64>> = steps
        .iter()
        .scan(None, |prev, s| {
            *prev = s.at.as_deref().and_then(parse_datetime).or(*prev);
            Some(*prev)
        })
        .collect();
    for reply in &own.replies {
        let at = parse_datetime(&reply.at);
        let i = match at {
            Some(t) => starts.iter().rposition(|s| s.is_some_and(|s| s <= t)).unwrap_or(0),
            None => last,
        };
        steps[i].replies.push(reply.clone());
    }
    if own.status.is_open() {
        let now = OPEN_PATH.iter().position(|s| *s == own.status).unwrap_or(0);
        for s in &OPEN_PATH[now + 1..] {
            steps.push(TimelineStep { status: Some(*s), at: None, state: StepState::Pending, replies: Vec::new() });
        }
        steps.push(TimelineStep { status: None, at: None, state: StepState::Pending, replies: Vec::new() });
    }
    steps
}
