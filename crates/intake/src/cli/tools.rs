//! The database tools behind `intake reply`, `backup`, `staff`, `retention` and `rotate-key`:
//! each opens the existing database (never creating one), does its work in one transaction that
//! also writes the audit log, and returns the line to print or the error.

use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;

use portal_intake::audit::{self, Action, CLI_ACTOR};
use portal_intake::auth;
use portal_intake::clock::{unix_now, utc_datetime};
use portal_intake::{db, retention, store};
use serde_json::json;

use super::{ReplyArgs, StaffCommand};

/// Opens the existing database in `data_dir` (the tools never create one: a
/// mistyped directory must not look like an empty database).
fn open_existing(data_dir: &std::path::Path) -> Result<rusqlite::Connection, String> {
    let path = existing_database(data_dir)?;
    db::open_connection(&path).map_err(|err| format!("cannot open {}: {err}", path.display()))
}

/// The database file in `data_dir`, if there is one.
fn existing_database(data_dir: &std::path::Path) -> Result<PathBuf, String> {
    let path = data_dir.join(db::DATABASE_FILE);
    if path.is_file() { Ok(path) } else { Err(format!("there is no database at {}", path.display())) }
}

/// The report key from `key_file`, or from the data directory's default place, and its path.
fn load_key(
    data_dir: &std::path::Path,
    key_file: Option<PathBuf>,
) -> Result<(PathBuf, portal_intake::crypto::ReportKey), String> {
    let path = key_file.unwrap_or_else(|| portal_intake::crypto::default_key_path(data_dir));
    let key = portal_intake::crypto::ReportKey::load(&path).map_err(|err| err.to_string())?;
    Ok((path, key))
}

/// `intake reply`: adds the reply (and sets the status) and audits both, in one transaction.
/// The reply is sealed with the report key, checked against the database's first.
pub fn reply(args: &ReplyArgs) -> Result<String, String> {
    let path = existing_database(&args.data.path)?;
    let (key_path, key) = load_key(&args.data.path, args.key_file.clone())?;
    // The receipt key, if there is one yet, lets an upgrade key the receipt hashes here too.
    let receipt_path = portal_intake::crypto::receipt_key_path(&key_path);
    let receipt = receipt_path
        .exists()
        .then(|| portal_intake::crypto::ReceiptKey::load(&receipt_path).map_err(|err| err.to_string()))
        .transpose()?;
    let mut conn = db::open_connection_with_key(&path, &key, receipt.as_ref())
        .map_err(|err| format!("cannot open {}: {err}", path.display()))?;
    let now = unix_now();
    let outcome = (|| -> rusqlite::Result<bool> {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let Some((previous, _)) =
            store::add_reply(&tx, &key, &args.id, &args.text, args.text_zh.as_deref(), args.status, now)?
        else {
            return Ok(false);
        };
        audit::append(&tx, now, CLI_ACTOR, Action::Reply, Some(&args.id), &json!({}))?;
        if let Some(status) = args.status.filter(|&status| status != previous) {
            let detail = json!({"from": previous.key(), "to": status.key(), "note": null});
            audit::append(&tx, now, CLI_ACTOR, Action::StatusChange, Some(&args.id), &detail)?;
        }
        tx.commit()?;
        Ok(true)
    })();
    let found = outcome.map_err(|err| format!("cannot add the reply: {err}"))?;
    if found { Ok(format!("Reply added to {}.", args.id)) } else { Err(format!("no report has the id `{}`", args.id)) }
}

/// Reads a password as one line from stdin (without its line end), prompting on stderr when
/// stdin is a terminal, and checks its length.
fn read_password(user: &str) -> Result<String, String> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprint!(
            "Password for {user} (at least {} characters; it shows as you type, so mind who is watching): ",
            auth::MIN_PASSWORD_CHARS
        );
    }
    let mut line = String::new();
    let read = stdin.lock().read_line(&mut line).map_err(|err| format!("cannot read the password: {err}"))?;
    if read == 0 {
        return Err("no password on stdin (give it as one line)".to_owned());
    }
    let password = line.strip_suffix('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).unwrap_or(&line).to_owned();
    auth::check_new_password(&password).map_err(|err| format!("{err}; nothing was changed"))?;
    Ok(password)
}

/// `intake staff …`.
pub fn staff(command: &StaffCommand) -> Result<String, String> {
    let user = match command {
        StaffCommand::Add { user, .. }
        | StaffCommand::Password { user, .. }
        | StaffCommand::Disable { user, .. }
        | StaffCommand::Enable { user, .. } => auth::normalize_username(user),
        StaffCommand::List { .. } => String::new(),
    };
    if !matches!(command, StaffCommand::List { .. }) && !auth::valid_username(&user) {
        return Err(format!(
            "`{user}` is not a valid user name: 1 to {} characters of a-z, 0-9, '.', '_' and '-', \
             starting with a letter or digit",
            auth::MAX_USERNAME_CHARS
        ));
    }
    // Read (and check) a password before touching the database.
    let hash = match command {
        StaffCommand::Add { .. } | StaffCommand::Password { .. } => {
            let password = read_password(&user)?;
            Some(auth::hash_password(&password).map_err(|err| err.to_string())?)
        }
        _ => None,
    };
    let mut conn = open_existing(command.data_dir())?;
    if matches!(command, StaffCommand::List { .. }) {
        return list_staff(&conn);
    }
    let now = unix_now();
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(|err| format!("cannot write the database: {err}"))?;
    let db_err = |err: rusqlite::Error| format!("cannot write the database: {err}");
    let (action, detail, message) = match command {
        StaffCommand::Add { role, .. } => {
            if !auth::add_account(&tx, &user, *role, hash.as_deref().unwrap_or_default(), now).map_err(db_err)? {
                return Err(format!("there is already an account named `{user}`"));
            }
            (Action::StaffAdd, json!({"user": user, "role": role.key()}), format!("Added {user} ({}).", role.key()))
        }
        StaffCommand::Password { .. } => {
            if !auth::set_password(&tx, &user, hash.as_deref().unwrap_or_default()).map_err(db_err)? {
                return Err(format!("there is no account named `{user}`"));
            }
            (Action::StaffPassword, json!({"user": user}), format!("Password of {user} changed; its sessions ended."))
        }
        StaffCommand::Disable { .. } | StaffCommand::Enable { .. } => {
            let disable = matches!(command, StaffCommand::Disable { .. });
            let changed = auth::set_disabled(&tx, &user, disable, now)
                .map_err(db_err)?
                .ok_or_else(|| format!("there is no account named `{user}`"))?;
            let (action, done) =
                if disable { (Action::StaffDisable, "disabled") } else { (Action::StaffEnable, "enabled") };
            if !changed {
                return Ok(format!("{user} was already {done}."));
            }
            (action, json!({"user": user}), format!("{user} {done}."))
        }
        StaffCommand::List { .. } => return Err("unreachable".to_owned()),
    };
    audit::append(&tx, now, CLI_ACTOR, action, None, &detail).map_err(db_err)?;
    tx.commit().map_err(db_err)?;
    Ok(message)
}

/// `intake staff list`: one line per account.
fn list_staff(conn: &rusqlite::Connection) -> Result<String, String> {
    let accounts = auth::list_accounts(conn).map_err(|err| format!("cannot read the accounts: {err}"))?;
    let now = unix_now();
    let mut out = format!(
        "{:<24} {:<8} {:<9} {:<21} {:<21} {}",
        "user", "role", "status", "created (UTC)", "last login (UTC)", "locked until (UTC)"
    );
    for a in &accounts {
        let status = if a.disabled_at.is_some() { "disabled" } else { "active" };
        let time = |t: Option<i64>| t.map_or_else(|| "-".to_owned(), utc_datetime);
        let locked = a.lockout.retry_after(now).and(a.lockout.locked_until);
        out.push_str(&format!(
            "\n{:<24} {:<8} {:<9} {:<21} {:<21} {}",
            a.username,
            a.role.key(),
            status,
            utc_datetime(a.created_at),
            time(a.last_login_at),
            time(locked)
        ));
    }
    if accounts.is_empty() {
        out.push_str("\n(no accounts; add one with `intake staff add`)");
    }
    Ok(out)
}

/// `intake retention`.
pub fn run_retention(data_dir: &std::path::Path, days: u32) -> Result<String, String> {
    let mut conn = open_existing(data_dir)?;
    let purged =
        retention::run(&mut conn, days, unix_now(), CLI_ACTOR).map_err(|err| format!("retention failed: {err}"))?;
    Ok(if purged.is_empty() {
        format!("No report has been closed for more than {days} days with personal data left.")
    } else {
        format!(
            "Deleted the contact details, photos and coordinates of {} reports: {}.",
            purged.len(),
            purged.join(", ")
        )
    })
}

/// `intake audit verify`.
pub fn audit_verify(data_dir: &std::path::Path) -> Result<String, String> {
    let conn = open_existing(data_dir)?;
    match portal_intake::audit::verify(&conn).map_err(|err| format!("cannot read the audit log: {err}"))? {
        portal_intake::audit::Verified::Intact { entries, head } => {
            let head: String = head.iter().map(|b| format!("{b:02x}")).collect();
            Ok(format!(
                "The audit log is intact: {entries} entries, each following from the one before. Newest hash: {head}"
            ))
        }
        portal_intake::audit::Verified::Broken { id, entries } => Err(format!(
            "The audit log is broken at entry {id}: it does not follow from the entry before it, so it or an \
             earlier entry was changed, removed or inserted ({entries} entries before it check out)."
        )),
    }
}

/// `intake backup`.
pub fn backup(data_dir: &std::path::Path, out: &std::path::Path) -> Result<String, String> {
    if out.exists() {
        return Err(format!("{} already exists; choose a new file", out.display()));
    }
    // Copied as it is, without migrating it first: a backup never needs the report key.
    let path = data_dir.join(db::DATABASE_FILE);
    if !path.is_file() {
        return Err(format!("there is no database at {}", path.display()));
    }
    let conn = db::open_unmigrated(&path).map_err(|err| format!("cannot open {}: {err}", path.display()))?;
    // Readable by this user only, like the database itself.
    portal_intake::files::create_private_file(out).map_err(|err| format!("cannot create {}: {err}", out.display()))?;
    store::backup(&conn, out).map_err(|err| format!("backup failed: {err}"))?;
    Ok(format!("Backed up to {}.", out.display()))
}

/// `intake rotate-key`: a new key file is made next to the old one, every sealed value is
/// re-encrypted and the new key check recorded in one transaction (audited), and then the files
/// swap places. Interrupted before the commit, nothing changed (the `.new` file is removed when
/// possible); interrupted after it, the database needs the `.new` key, as the error says.
pub fn rotate_key(data_dir: &std::path::Path, key_file: Option<PathBuf>) -> Result<String, String> {
    use portal_intake::crypto::ReportKey;
    let _lock = portal_intake::lock_data_dir(data_dir).map_err(|err| err.to_string())?;
    let mut conn = open_existing(data_dir)?;
    let (key_path, old) = load_key(data_dir, key_file)?;
    let name = key_path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let new_path = key_path.with_file_name(format!("{name}.new"));
    if new_path.exists() {
        return Err(format!(
            "{} exists: an earlier rotation was interrupted. If the service refuses the current key, \
             that file is the database's key; otherwise delete it and run this again",
            new_path.display()
        ));
    }
    let new = ReportKey::create(&new_path).map_err(|err| err.to_string())?;
    let now = unix_now();
    let outcome = (|| -> Result<db::Rotated, db::DbError> {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let rotated = db::rotate_key(&tx, &old, &new)?;
        let detail = json!({
            "contacts": rotated.contacts,
            "accounts": rotated.accounts,
            "photos": rotated.photos,
            "replies": rotated.replies,
            "notes": rotated.notes,
        });
        audit::append(&tx, now, CLI_ACTOR, Action::KeyRotation, None, &detail)?;
        tx.commit()?;
        Ok(rotated)
    })();
    let rotated = match outcome {
        Ok(rotated) => rotated,
        Err(err) => {
            let _ = std::fs::remove_file(&new_path);
            return Err(format!("nothing was changed: {err}"));
        }
    };
    // No copy of the old ciphertexts stays in the write-ahead log (`secure_delete` zeroes the
    // database's freed pages).
    let _ = conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);");
    drop(conn);
    let retired = key_path.with_file_name(format!("{name}.retired-{now}"));
    std::fs::rename(&key_path, &retired).and_then(|()| std::fs::rename(&new_path, &key_path)).map_err(|err| {
        format!("the database now needs the key in {}, but moving it into place failed: {err}", new_path.display())
    })?;
    Ok(format!(
        "Re-encrypted {} contact details, {} accounts, {} photos, {} replies and {} staff notes. The new key is in {}; the old one \
         is in {}: back up the new key now, then destroy the old one and every copy of it.",
        rotated.contacts,
        rotated.accounts,
        rotated.photos,
        rotated.replies,
        rotated.notes,
        key_path.display(),
        retired.display()
    ))
}
