//! Retention: deleting the personal data of reports that have been closed for a while.
//!
//! `intake retention --data-dir D --days N` (once) and `intake serve --retention-days N` (at
//! start-up and then every 24 hours) delete, from every report closed (`resolved` or `closed_*`)
//! more than `N` days ago, its contact details, its photos and its coordinates (see
//! [`crate::store::purge_personal_data`]). The report itself stays: category, status, dates,
//! description, address and replies. Each run is written to the audit log with the ids of the
//! reports it purged, and the write-ahead log is then truncated so that no copy of the deleted
//! data stays in it. (`secure_delete` is on, so the database file keeps none either; backups
//! made earlier still do.)

use std::time::Duration;

use portal_core::date::SECONDS_PER_DAY;
use rusqlite::{Connection, TransactionBehavior};
use serde_json::json;

use crate::AppState;
use crate::audit::{self, Action};
use crate::db::{DbError, checkpoint_truncate};
use crate::store;

/// How often the service runs retention.
pub const INTERVAL: Duration = Duration::from_secs(24 * 3600);

/// Deletes the personal data of reports closed more than `days` days before `now`, audits it
/// as `actor`, and returns the ids of the reports purged.
pub fn run(conn: &mut Connection, days: u32, now: i64, actor: &str) -> Result<Vec<String>, DbError> {
    let closed_before = now.saturating_sub(i64::from(days).saturating_mul(SECONDS_PER_DAY));
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let purged = store::purge_personal_data(&tx, closed_before, now)?;
    audit::append(&tx, now, actor, Action::Retention, None, &json!({"days": days, "reports": purged}))?;
    tx.commit()?;
    checkpoint_truncate(conn)?;
    Ok(purged)
}

/// Runs retention in the service now and then every [`INTERVAL`], for as long as the runtime
/// lives. Prints a line when it purges something, and database failures.
pub fn spawn_daily(state: AppState, days: u32) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(INTERVAL);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            let now = state.clock.now();
            match state.db.run(move |conn| run(conn, days, now, audit::SERVICE_ACTOR)).await {
                Ok(purged) if !purged.is_empty() => {
                    tracing::info!("retention: deleted the personal data of {} closed reports", purged.len());
                }
                Ok(_) => {}
                Err(err) => tracing::error!("retention failed: {err}"),
            }
        }
    })
}
