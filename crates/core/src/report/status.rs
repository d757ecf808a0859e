//! Where a report stands ([`Status`]), the workflow between statuses ([`Status::allowed_next`],
//! [`StatusChange`]) and the bureau's deadlines ([`Deadlines`]).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::date::SECONDS_PER_DAY;
use crate::i18n::Lang;

/// Days the bureau has to acknowledge a report (tell the reporter it is being dealt with).
pub const ACK_DAYS: i64 = 15;
/// Days the bureau has to conclude a report.
pub const HANDLE_DAYS: i64 = 60;

/// Where a report stands. Serialised as its [`Status::key`].
///
/// Open311 knows only `open` and `closed` ([`Status::is_open`]); a closed report says *why* it is
/// closed, so "closed" never reads as "fixed".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Stored, waiting for a first look.
    Received,
    /// Being checked by the bureau.
    UnderReview,
    /// Handed to the responsible department.
    Forwarded,
    /// A violation was found and dealt with.
    Resolved,
    /// Checked, and no violation was found.
    ClosedNoViolation,
    /// Closed for another reason (outside the bureau's remit, already in court, …).
    ClosedOther,
}

impl Status {
    /// Every status, in the order a report normally passes through them.
    pub const ALL: [Status; 6] = [
        Status::Received,
        Status::UnderReview,
        Status::Forwarded,
        Status::Resolved,
        Status::ClosedNoViolation,
        Status::ClosedOther,
    ];

    /// The stable key, e.g. `under_review`.
    pub fn key(self) -> &'static str {
        match self {
            Status::Received => "received",
            Status::UnderReview => "under_review",
            Status::Forwarded => "forwarded",
            Status::Resolved => "resolved",
            Status::ClosedNoViolation => "closed_no_violation",
            Status::ClosedOther => "closed_other",
        }
    }

    /// The status with this key.
    pub fn from_key(key: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.key() == key)
    }

    /// Whether the report is still open (Open311 `open`), as opposed to `closed`.
    pub fn is_open(self) -> bool {
        matches!(self, Status::Received | Status::UnderReview | Status::Forwarded)
    }

    /// The statuses a report may move to from this one:
    ///
    /// - `received` → `under_review`, or straight to `closed_no_violation` / `closed_other`;
    /// - `under_review` → `forwarded`, or straight to `closed_no_violation` / `closed_other`;
    /// - `forwarded` → `resolved`, `closed_no_violation` or `closed_other`;
    /// - the closed statuses are final.
    ///
    /// `resolved` (a violation was found and dealt with) is reachable only through `forwarded`, and
    /// stays distinct from `closed_no_violation`, so that a reporter is never told a problem was
    /// fixed when none was found.
    pub fn allowed_next(self) -> &'static [Status] {
        match self {
            Status::Received => &[Status::UnderReview, Status::ClosedNoViolation, Status::ClosedOther],
            Status::UnderReview => &[Status::Forwarded, Status::ClosedNoViolation, Status::ClosedOther],
            Status::Forwarded => &[Status::Resolved, Status::ClosedNoViolation, Status::ClosedOther],
            Status::Resolved | Status::ClosedNoViolation | Status::ClosedOther => &[],
        }
    }

    /// Whether the workflow allows a move from this status to `to` (see [`Status::allowed_next`]).
    pub fn can_move_to(self, to: Status) -> bool {
        self.allowed_next().contains(&to)
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Status::Received => lang.pick("已收到", "Received"),
            Status::UnderReview => lang.pick("核查中", "Under review"),
            Status::Forwarded => lang.pick("已转办", "Forwarded"),
            Status::Resolved => lang.pick("已查处", "Resolved"),
            Status::ClosedNoViolation => lang.pick("已办结：未发现违法", "Closed: no violation found"),
            Status::ClosedOther => lang.pick("已办结：其他原因", "Closed for another reason"),
        }
    }

    /// One sentence explaining the status to the reporter.
    pub fn explanation(self, lang: Lang) -> &'static str {
        match self {
            Status::Received => lang.pick(
                "举报已保存，等待生态环境部门受理。",
                "Your report is stored and waiting for the ecology and environment bureau to take it up.",
            ),
            Status::UnderReview => {
                lang.pick("生态环境部门正在核查举报内容。", "The bureau is checking what you reported.")
            }
            Status::Forwarded => lang.pick(
                "举报已转交负责处理的部门。",
                "Your report has been passed to the department responsible for it.",
            ),
            Status::Resolved => lang.pick(
                "经核查存在违法行为，已依法处理。",
                "A violation was confirmed and has been dealt with under the law.",
            ),
            Status::ClosedNoViolation => lang.pick(
                "经核查未发现违法行为，举报已办结。",
                "The bureau checked and found no violation; the report is closed.",
            ),
            Status::ClosedOther => {
                lang.pick("举报已办结，原因见部门答复。", "The report is closed; the bureau's reply says why.")
            }
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// The outcome of asking to move a report to another status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusChange {
    /// No report has that id.
    NotFound,
    /// The workflow does not allow the change (see [`Status::allowed_next`]); nothing changed.
    NotAllowed {
        /// The report's current status.
        from: Status,
    },
    /// The status changed.
    Changed {
        /// The status before.
        from: Status,
    },
}

impl StatusChange {
    /// What moving a report whose status is `current` (`None`: there is no such report) to `to`
    /// does under the workflow: [`StatusChange::Changed`] if it is allowed.
    pub fn decide(current: Option<Status>, to: Status) -> StatusChange {
        match current {
            None => StatusChange::NotFound,
            Some(from) if from.can_move_to(to) => StatusChange::Changed { from },
            Some(from) => StatusChange::NotAllowed { from },
        }
    }
}

/// A report's time limits: acknowledgement within [`ACK_DAYS`] and conclusion within
/// [`HANDLE_DAYS`] of its arrival (calendar days).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadlines {
    /// When it must be acknowledged by (Unix seconds).
    pub ack_due: i64,
    /// When it must be concluded by (Unix seconds).
    pub handle_due: i64,
    /// Not yet acknowledged (still `received`, no reply) and past `ack_due`.
    pub ack_overdue: bool,
    /// Still open and past `handle_due`.
    pub handle_overdue: bool,
}

impl Deadlines {
    /// The deadlines of a report created at `created_at`, as they stand at `now`.
    pub fn at(created_at: i64, status: Status, acknowledged: bool, now: i64) -> Self {
        let ack_due = created_at.saturating_add(ACK_DAYS * SECONDS_PER_DAY);
        let handle_due = created_at.saturating_add(HANDLE_DAYS * SECONDS_PER_DAY);
        Self {
            ack_due,
            handle_due,
            ack_overdue: !acknowledged && now > ack_due,
            handle_overdue: status.is_open() && now > handle_due,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = SECONDS_PER_DAY;

    #[test]
    fn the_workflow_moves_forward_and_closed_statuses_are_final() {
        assert_eq!(
            Status::Received.allowed_next(),
            [Status::UnderReview, Status::ClosedNoViolation, Status::ClosedOther]
        );
        assert_eq!(
            Status::UnderReview.allowed_next(),
            [Status::Forwarded, Status::ClosedNoViolation, Status::ClosedOther]
        );
        assert_eq!(
            Status::Forwarded.allowed_next(),
            [Status::Resolved, Status::ClosedNoViolation, Status::ClosedOther]
        );
        for s in Status::ALL {
            assert_eq!(s.allowed_next().is_empty(), !s.is_open(), "{s}");
            assert!(!s.can_move_to(s), "{s} cannot stay where it is");
            assert!(!s.can_move_to(Status::Received), "nothing goes back to received");
        }
    }

    #[test]
    fn resolved_is_reached_only_through_forwarded() {
        let into_resolved: Vec<Status> = Status::ALL.into_iter().filter(|s| s.can_move_to(Status::Resolved)).collect();
        assert_eq!(into_resolved, [Status::Forwarded]);
    }

    #[test]
    fn a_change_is_decided_by_the_workflow() {
        assert_eq!(StatusChange::decide(None, Status::UnderReview), StatusChange::NotFound);
        assert_eq!(
            StatusChange::decide(Some(Status::Received), Status::UnderReview),
            StatusChange::Changed { from: Status::Received }
        );
        assert_eq!(
            StatusChange::decide(Some(Status::Received), Status::Resolved),
            StatusChange::NotAllowed { from: Status::Received }
        );
        assert_eq!(
            StatusChange::decide(Some(Status::ClosedOther), Status::UnderReview),
            StatusChange::NotAllowed { from: Status::ClosedOther }
        );
    }

    #[test]
    fn deadlines_are_15_and_60_calendar_days_after_arrival() {
        let created = 1_714_545_000;
        let fresh = Deadlines::at(created, Status::Received, false, created);
        assert_eq!(fresh.ack_due, created + 15 * DAY);
        assert_eq!(fresh.handle_due, created + 60 * DAY);
        assert!(!fresh.ack_overdue && !fresh.handle_overdue);

        let on_the_day = Deadlines::at(created, Status::Received, false, created + 15 * DAY);
        assert!(!on_the_day.ack_overdue, "due means by the end of that second");
        let late = Deadlines::at(created, Status::Received, false, created + 15 * DAY + 1);
        assert!(late.ack_overdue && !late.handle_overdue);
        let replied = Deadlines::at(created, Status::Received, true, created + 15 * DAY + 1);
        assert!(!replied.ack_overdue, "a reply acknowledges");

        let open_late = Deadlines::at(created, Status::Forwarded, true, created + 60 * DAY + 1);
        assert!(open_late.handle_overdue);
        let closed_late = Deadlines::at(created, Status::Resolved, true, created + 60 * DAY + 1);
        assert!(!closed_late.handle_overdue, "a closed report is never overdue");
        assert_eq!(Deadlines::at(i64::MAX, Status::Received, false, 0).ack_due, i64::MAX);
    }
}
