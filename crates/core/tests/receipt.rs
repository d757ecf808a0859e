//! Receipts that survive: local dates, the receipt card, "my reports" and the status timeline.

use portal_core::api::reports::{OwnStatus, Reply, StatusStep};
use portal_core::date::{china_time_text, datetime_text, parse_datetime};
use portal_core::i18n::Lang;
use portal_core::report::{
    Category, KeptReceipt, MyReports, Receipt, Status, StepState, card_lines, card_text, timeline,
};

/// 2026-12-07T19:01:38+08:00.
const SENT: i64 = 1_796_641_298;

fn kept(seed: u8, sent_at: i64) -> KeptReceipt {
    KeptReceipt {
        receipt: Receipt::generate([seed; 8]).grouped(),
        id: format!("id{seed}"),
        category: Some(Category::OdourOrDiscolouredWater),
        sent_at,
    }
}

#[test]
fn intake_times_read_back_and_show_as_local_dates_without_the_raw_form() {
    assert_eq!(parse_datetime("2026-12-07T19:01:38+08:00"), Some(SENT));
    assert_eq!(parse_datetime("2026-12-07T11:01:38Z"), Some(SENT));
    assert_eq!(parse_datetime("2026-12-07T06:01:38-05:00"), Some(SENT));
    for bad in [
        "",
        "2026-12-07",
        "2026-12-07 19:01:38+08:00",
        "2026-12-07T25:01:38Z",
        "2026-02-30T19:01:38Z",
        "2026-12-07T19:01:38+0800",
    ] {
        assert_eq!(parse_datetime(bad), None, "{bad}");
    }
    assert_eq!(china_time_text(SENT, Lang::Zh), "2026年12月7日 19:01");
    assert_eq!(china_time_text(SENT, Lang::En), "7 Dec 2026, 19:01");
    // Just after midnight in China is still the previous day in UTC: the China day is shown.
    assert_eq!(datetime_text("2026-12-31T16:30:00Z", Lang::Zh), "2027年1月1日 00:30");
    assert_eq!(datetime_text("2026-12-07T19:01:38+08:00", Lang::En), "7 Dec 2026, 19:01");
    // Something that is not a date-time is shown as it came, not dropped.
    assert_eq!(datetime_text("soon", Lang::En), "soon");
}

#[test]
fn the_receipt_card_names_the_code_date_category_and_where_to_check() {
    let k = kept(3, SENT);
    let url = "https://example.org/report/status";
    let zh = card_lines(&k, Lang::Zh, url);
    assert_eq!(zh[0], ("回执码", k.receipt.clone()));
    assert_eq!(zh[1], ("发送时间", "2026年12月7日 19:01".to_owned()));
    assert_eq!(zh[2], ("举报类别", Category::OdourOrDiscolouredWater.name(Lang::Zh).to_owned()));
    assert_eq!(zh[3], ("查询进展", url.to_owned()));
    let en = card_text(&k, Lang::En, url);
    assert!(en.starts_with("Lianyungang New Pollutants Information Portal · Report receipt\n"), "{en}");
    assert!(en.contains(&format!("Receipt code: {}\n", k.receipt)), "{en}");
    assert!(en.contains("Sent: 7 Dec 2026, 19:01\n"), "{en}");
    assert!(en.contains(&format!("Check progress at: {url}\n")), "{en}");
    assert!(!en.contains("T19:01:38"), "no raw timestamp: {en}");
    // Without a category the line is left out rather than left blank.
    let bare = KeptReceipt { category: None, ..k };
    assert_eq!(card_lines(&bare, Lang::En, url).len(), 3);
}

#[test]
fn my_reports_keeps_nothing_until_turned_on_and_forgets_everything_when_cleared() {
    let mut mine = MyReports::default();
    assert!(!mine.add(&kept(1, SENT)));
    assert!(mine.entries.is_empty(), "off by default");
    mine.turn_on(Some(&kept(1, SENT)));
    assert!(mine.add(&kept(2, SENT + 60)));
    assert_eq!(mine.entries.iter().map(|k| k.id.as_str()).collect::<Vec<_>>(), ["id2", "id1"], "newest first");
    // The same receipt, however spaced, is listed once and moves to the top.
    let again = KeptReceipt { receipt: kept(1, SENT).receipt.replace(' ', ""), ..kept(1, SENT) };
    assert!(mine.add(&again));
    assert_eq!(mine.entries.iter().map(|k| k.id.as_str()).collect::<Vec<_>>(), ["id1", "id2"]);
    assert!(!mine.add(&again), "already at the top");
    for i in 0..60 {
        mine.add(&kept(10 + i, SENT + i64::from(i)));
    }
    assert_eq!(mine.entries.len(), MyReports::MAX);
    assert_eq!(mine.entries[0].id, "id69");
    mine.clear();
    assert_eq!(mine, MyReports::default());
    assert!(!mine.add(&kept(1, SENT)), "cleared means off again");
}

fn own(status: Status, history: &[(&str, Status)], replies: &[(&str, &str)]) -> OwnStatus {
    OwnStatus {
        id: "jkpwwz55fv".to_owned(),
        category: "illegal_discharge".to_owned(),
        status,
        requested: "2026-12-01T09:00:00+08:00".to_owned(),
        updated: "2026-12-07T19:01:38+08:00".to_owned(),
        replies: replies
            .iter()
            .map(|(at, text)| Reply { at: (*at).to_owned(), text: (*text).to_owned(), text_zh: None })
            .collect(),
        history: history.iter().map(|(at, s)| StatusStep { at: (*at).to_owned(), status: *s }).collect(),
    }
}

fn shape(own: &OwnStatus) -> Vec<(Option<Status>, StepState, Vec<String>)> {
    timeline(own).into_iter().map(|s| (s.status, s.state, s.replies.into_iter().map(|r| r.text).collect())).collect()
}

#[test]
fn a_fresh_report_shows_received_now_and_the_path_ahead() {
    let steps = timeline(&own(Status::Received, &[], &[]));
    assert_eq!(steps[0].at.as_deref(), Some("2026-12-01T09:00:00+08:00"));
    assert_eq!(
        shape(&own(Status::Received, &[], &[])),
        [
            (Some(Status::Received), StepState::Current, vec![]),
            (Some(Status::UnderReview), StepState::Pending, vec![]),
            (Some(Status::Forwarded), StepState::Pending, vec![]),
            (None, StepState::Pending, vec![]),
        ]
    );
    assert_eq!(steps[3].name(Lang::En), "Resolved or closed");
}

#[test]
fn replies_sit_under_the_step_the_report_stood_at_when_they_were_written() {
    let report = own(
        Status::Resolved,
        &[
            ("2026-12-02T10:00:00+08:00", Status::UnderReview),
            ("2026-12-04T10:00:00+08:00", Status::Forwarded),
            ("2026-12-07T19:01:38+08:00", Status::Resolved),
        ],
        &[
            ("2026-12-01T12:00:00+08:00", "收到"),
            ("2026-12-03T10:00:00+08:00", "已到现场"),
            // The same second as the change: it belongs to the step it arrived with.
            ("2026-12-07T19:01:38+08:00", "已处罚"),
        ],
    );
    assert_eq!(
        shape(&report),
        [
            (Some(Status::Received), StepState::Done, vec!["收到".to_owned()]),
            (Some(Status::UnderReview), StepState::Done, vec!["已到现场".to_owned()]),
            (Some(Status::Forwarded), StepState::Done, vec![]),
            (Some(Status::Resolved), StepState::Current, vec!["已处罚".to_owned()]),
        ],
        "a closed report has nothing ahead"
    );
}

#[test]
fn skipped_steps_are_left_out_and_a_status_without_history_still_shows() {
    // Closed straight after review: "forwarded" never happened and is not shown.
    let closed = own(
        Status::ClosedNoViolation,
        &[("2026-12-02T10:00:00+08:00", Status::UnderReview), ("2026-12-03T10:00:00+08:00", Status::ClosedNoViolation)],
        &[],
    );
    let statuses: Vec<_> = timeline(&closed).into_iter().map(|s| s.status).collect();
    assert_eq!(statuses, [Some(Status::Received), Some(Status::UnderReview), Some(Status::ClosedNoViolation)]);
    // A report moved before the history was kept: the usual steps up to its status, without times.
    let old = own(Status::Forwarded, &[], &[("2026-12-05T10:00:00+08:00", "转交")]);
    let steps = timeline(&old);
    assert_eq!(
        steps.iter().map(|s| (s.status, s.state, s.at.is_some())).collect::<Vec<_>>(),
        [
            (Some(Status::Received), StepState::Done, true),
            (Some(Status::UnderReview), StepState::Done, false),
            (Some(Status::Forwarded), StepState::Current, false),
            (None, StepState::Pending, false),
        ]
    );
    // Its reply, written after the last time known, sits under where the report stands.
    assert_eq!((steps[0].replies.len(), steps[2].replies.len()), (0, 1));
}
