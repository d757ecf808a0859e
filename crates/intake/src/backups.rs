//! Scheduled online backups (`intake serve --backup-dir DIR`): at start-up and then every
//! [`crate::Config::backup_interval`], the database is copied with SQLite's online backup API into
//! `DIR/intake-<UTC time>.sqlite3` (created `0600`, in a `0700` directory), and only the newest
//! [`crate::Config::backup_keep`] copies are kept. A copy is encrypted like the database:
//! restoring it needs the report key as well (see docs/staff.md, "Backup and restore").

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::{AppState, files, store};

/// The prefix and suffix of a backup's file name; the UTC time between them sorts by age.
const PREFIX: &str = "intake-";
const SUFFIX: &str = ".sqlite3";

/// Runs a backup at start-up and then every `every`, keeping the newest `keep`.
pub fn spawn(state: AppState, dir: PathBuf, every: Duration, keep: usize) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(every);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            let (dir, now) = (dir.clone(), state.clock.now());
            let result = state.db.run(move |conn| Ok(back_up(conn, &dir, now, keep))).await;
            match result {
                Ok(Ok((file, removed))) => {
                    tracing::info!("backup: wrote {} (removed {removed} older)", file.display());
                }
                Ok(Err(err)) => tracing::error!("backup failed: {err}"),
                Err(err) => tracing::error!("backup failed: {err}"),
            }
        }
    })
}

/// One backup of `conn` into `dir` named for `now` (Unix seconds), then the oldest copies beyond
/// `keep` removed. Returns the new file and how many were removed.
pub fn back_up(conn: &rusqlite::Connection, dir: &Path, now: i64, keep: usize) -> Result<(PathBuf, usize), String> {
    files::create_private_dir(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let stamp: String = crate::clock::utc_datetime(now).chars().filter(char::is_ascii_alphanumeric).collect();
    let mut file = dir.join(format!("{PREFIX}{stamp}{SUFFIX}"));
    // Two backups within one second (a restart): the second gets a suffix rather than failing.
    let mut n = 1;
    while file.exists() {
        n += 1;
        file = dir.join(format!("{PREFIX}{stamp}-{n}{SUFFIX}"));
    }
    files::create_private_file(&file).map_err(|e| format!("cannot create {}: {e}", file.display()))?;
    store::backup(conn, &file).map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    let mut copies = list(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    let excess = copies.len().saturating_sub(keep.max(1));
    copies.truncate(excess);
    for old in &copies {
        std::fs::remove_file(old).map_err(|e| format!("cannot remove {}: {e}", old.display()))?;
    }
    Ok((file, excess))
}

/// The backups in `dir`, oldest first.
pub fn list(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut copies: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(PREFIX) && n.ends_with(SUFFIX))
        })
        .collect();
    copies.sort();
    Ok(copies)
}
