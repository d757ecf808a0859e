//! Command-line entry point of the intake service: parses the arguments and
//! runs [`portal_intake::run`], or one of the database tools (`reply`,
//! `backup`, `staff`, `retention`, `rotate-key`).

use std::ffi::OsString;
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::str::FromStr;

use portal_core::report::Status;
use portal_intake::audit::{self, Action, CLI_ACTOR};
use portal_intake::auth::{self, Role};
use portal_intake::clock::{unix_now, utc_datetime};
use portal_intake::{Config, db, retention, store};
use serde_json::json;

const USAGE: &str = "\
Usage: intake serve [--port <PORT>] [--data-dir <DIR>] [--site-dir <DIR>] [--bind <ADDR>]
                    [--pow-bits <N>] [--rate-limit <N>] [--key-file <FILE>] [--secure-cookies]
                    [--retention-days <N>]
       intake reply --data-dir <DIR> [--key-file <FILE>] --id <ID> --text <TEXT> [--text-zh <TEXT>] [--status <STATUS>]
       intake backup --data-dir <DIR> --out <FILE>
       intake staff add --data-dir <DIR> --user <NAME> --role <triager|admin>   (password on stdin)
       intake staff password --data-dir <DIR> --user <NAME>                   (password on stdin)
       intake staff disable|enable --data-dir <DIR> --user <NAME>
       intake staff list --data-dir <DIR>
       intake retention --data-dir <DIR> --days <N>
       intake rotate-key --data-dir <DIR> [--key-file <FILE>]
       intake --help

Serves the Lianyungang new-pollutants portal: the built site and the report API.

Options for `serve`:
  --port <PORT>     Port to listen on; 0 picks a free one  [default: 8080]
  --data-dir <DIR>  Directory for the SQLite database; created if missing
                    [default: .serve-data]
  --site-dir <DIR>  Directory of the built site (Trunk output)  [default: dist]
  --bind <ADDR>     IP address to listen on  [default: 127.0.0.1]
  --pow-bits <N>    Proof-of-work difficulty in leading zero bits, 0 to 32
                    [default: 16]
  --rate-limit <N>  Report submissions a minute per client (other limits derive
                    from it); 0 turns rate limiting off  [default: 10]
  --key-file <FILE> The key that encrypts reporters' contact details and photos;
                    created (mode 0600) on the first start. Keep it out of the
                    database's backups, and back it up separately
                    [default: <data-dir>/keys/report.key]
  --secure-cookies  Always mark the staff session cookie Secure (it is anyway
                    when a proxy sends X-Forwarded-Proto: https)
  --retention-days <N>
                    At start-up and then daily, delete the contact details,
                    photos and coordinates of reports closed more than N days ago
  -h, --help        Print this help

`reply` adds the bureau's reply to a report (by its public id) and, with
--status, sets its status: received, under_review, forwarded, resolved,
closed_no_violation or closed_other. The reporter sees it with the receipt.
The reply is stored encrypted with the report key (--key-file, as for serve).

`backup` copies the database to a new file with SQLite's online backup API;
it is safe while the service runs. It refuses to overwrite a file. The copy is
encrypted like the database: restoring it needs the key file too.

`staff` manages the bureau's staff accounts (there is no sign-up on the web):
`add` reads the password (at least 12 characters) as one line from stdin;
`password` sets a new one the same way and ends the account's sessions;
`disable` ends its sessions and refuses its logins until `enable`. A triager
works on reports; an admin also reads the audit log and exports CSV.

`retention` deletes, once, what --retention-days deletes daily.

`rotate-key` re-encrypts every contact, account and photo under a new key, in
one transaction, while the service is stopped (it refuses to run alongside it).
The new key takes the old one's place; the old one is renamed
`<FILE>.retired-<time>`: back up the new key, then destroy the old one.

Every tool but `backup` writes what it did to the audit log. The tools never
create a database: start `intake serve` once first.

Stop the service with Ctrl-C or SIGTERM.";

/// The highest proof-of-work difficulty accepted on the command line (about four
/// billion hashes; anything more would lock reporters out).
const MAX_POW_BITS: u8 = 32;

/// What the command line asks for.
#[derive(Debug, PartialEq, Eq)]
enum Command {
    /// Print the help text.
    Help,
    /// Run the service.
    Serve(Config),
    /// Add a reply to a report.
    Reply(ReplyArgs),
    /// Back the database up.
    Backup {
        /// The data directory.
        data_dir: PathBuf,
        /// The new file.
        out: PathBuf,
    },
    /// Manage staff accounts.
    Staff {
        /// The data directory.
        data_dir: PathBuf,
        /// What to do.
        action: StaffCommand,
    },
    /// Re-encrypt everything under a new report key.
    RotateKey {
        /// The data directory.
        data_dir: PathBuf,
        /// The key file, if not the default one in the data directory.
        key_file: Option<PathBuf>,
    },
    /// Delete the personal data of reports closed long enough ago.
    Retention {
        /// The data directory.
        data_dir: PathBuf,
        /// Closed more than this many days ago.
        days: u32,
    },
}

/// What `intake staff` does.
#[derive(Debug, PartialEq, Eq)]
enum StaffCommand {
    /// Create an account (password on stdin).
    Add {
        /// User name.
        user: String,
        /// Role.
        role: Role,
    },
    /// Set a new password (on stdin).
    Password {
        /// User name.
        user: String,
    },
    /// Disable an account.
    Disable {
        /// User name.
        user: String,
    },
    /// Enable a disabled account.
    Enable {
        /// User name.
        user: String,
    },
    /// List the accounts.
    List,
}

/// The arguments of `intake reply`.
#[derive(Debug, PartialEq, Eq)]
struct ReplyArgs {
    data_dir: PathBuf,
    key_file: Option<PathBuf>,
    id: String,
    text: String,
    text_zh: Option<String>,
    status: Option<Status>,
}

/// A command line that cannot be understood; reported with the usage text.
#[derive(Debug, PartialEq, Eq)]
struct UsageError(String);

fn main() -> ExitCode {
    let command = match parse(std::env::args_os().skip(1)) {
        Ok(command) => command,
        Err(UsageError(message)) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let config = match command {
        Command::Help => {
            // Ignore errors such as a closed pipe (`intake --help | head`).
            let _ = writeln!(std::io::stdout(), "{USAGE}");
            return ExitCode::SUCCESS;
        }
        Command::Serve(config) => config,
        Command::Reply(args) => return report_outcome(reply(&args)),
        Command::Backup { data_dir, out } => return report_outcome(backup(&data_dir, &out)),
        Command::Staff { data_dir, action } => return report_outcome(staff(&data_dir, &action)),
        Command::Retention { data_dir, days } => return report_outcome(run_retention(&data_dir, days)),
        Command::RotateKey { data_dir, key_file } => return report_outcome(rotate_key(&data_dir, key_file)),
    };

    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("error: cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(portal_intake::run(config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

/// Prints the outcome of a tool command and turns it into an exit code.
fn report_outcome(outcome: Result<String, String>) -> ExitCode {
    match outcome {
        Ok(message) => {
            let _ = writeln!(std::io::stdout(), "{message}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

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
fn reply(args: &ReplyArgs) -> Result<String, String> {
    let path = existing_database(&args.data_dir)?;
    let (_, key) = load_key(&args.data_dir, args.key_file.clone())?;
    let mut conn =
        db::open_connection_with_key(&path, &key).map_err(|err| format!("cannot open {}: {err}", path.display()))?;
    let now = unix_now();
    let outcome = (|| -> rusqlite::Result<bool> {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let Some(previous) =
            store::add_reply_in(&tx, &key, &args.id, &args.text, args.text_zh.as_deref(), args.status, now)?
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
fn staff(data_dir: &std::path::Path, command: &StaffCommand) -> Result<String, String> {
    let user = match command {
        StaffCommand::Add { user, .. }
        | StaffCommand::Password { user }
        | StaffCommand::Disable { user }
        | StaffCommand::Enable { user } => auth::normalize_username(user),
        StaffCommand::List => String::new(),
    };
    if !matches!(command, StaffCommand::List) && !auth::valid_username(&user) {
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
    let mut conn = open_existing(data_dir)?;
    if matches!(command, StaffCommand::List) {
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
        StaffCommand::List => return Err("unreachable".to_owned()),
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
fn run_retention(data_dir: &std::path::Path, days: u32) -> Result<String, String> {
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

/// `intake backup`.
fn backup(data_dir: &std::path::Path, out: &std::path::Path) -> Result<String, String> {
    if out.exists() {
        return Err(format!("{} already exists; choose a new file", out.display()));
    }
    // Copied as it is, without migrating it first: a backup never needs the report key.
    let path = data_dir.join(db::DATABASE_FILE);
    if !path.is_file() {
        return Err(format!("there is no database at {}", path.display()));
    }
    let conn = db::open_unmigrated(&path).map_err(|err| format!("cannot open {}: {err}", path.display()))?;
    store::backup(&conn, out).map_err(|err| format!("backup failed: {err}"))?;
    Ok(format!("Backed up to {}.", out.display()))
}

/// Splits `--name=value` into its parts; other arguments come back whole.
fn split_option(arg: OsString) -> Result<(String, Option<OsString>), UsageError> {
    let arg = arg.into_string().map_err(|arg| UsageError(format!("unknown option `{}`", arg.to_string_lossy())))?;
    Ok(match arg.split_once('=') {
        Some((name, value)) if name.starts_with("--") => (name.to_owned(), Some(OsString::from(value))),
        _ => (arg, None),
    })
}

/// Parses the arguments (without the program name).
///
/// Options take their value either as the next argument (`--port 80`) or
/// after an equals sign (`--port=80`).
fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Command, UsageError> {
    let mut args = args.into_iter();
    let command = args.next().ok_or_else(|| UsageError("missing command".to_owned()))?;
    match command.to_str() {
        Some("serve") => parse_serve(args),
        Some("reply") => parse_reply(args),
        Some("backup") => parse_backup(args),
        Some("rotate-key") => parse_rotate_key(args),
        Some("staff") => parse_staff(args),
        Some("retention") => parse_retention(args),
        Some("-h" | "--help" | "help") => Ok(Command::Help),
        _ => Err(UsageError(format!("unknown command `{}`", command.to_string_lossy()))),
    }
}

/// The options of `intake serve`.
fn parse_serve(mut args: impl Iterator<Item = OsString>) -> Result<Command, UsageError> {
    let mut config = Config::default();
    while let Some(arg) = args.next() {
        let (name, inline_value) = split_option(arg)?;
        match name.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--port" => config.port = parse_value(&name, value(&name, inline_value, &mut args)?)?,
            "--bind" => config.bind = parse_value(&name, value(&name, inline_value, &mut args)?)?,
            "--data-dir" => {
                config.data_dir = PathBuf::from(value(&name, inline_value, &mut args)?);
            }
            "--site-dir" => {
                config.site_dir = PathBuf::from(value(&name, inline_value, &mut args)?);
            }
            "--pow-bits" => {
                let raw = value(&name, inline_value, &mut args)?;
                let bits: u8 = parse_value(&name, raw.clone())?;
                if bits > MAX_POW_BITS {
                    return Err(UsageError(format!(
                        "invalid value `{}` for `{name}`: at most {MAX_POW_BITS}",
                        raw.to_string_lossy()
                    )));
                }
                config.pow_bits = bits;
            }
            "--rate-limit" => config.rate_limit = parse_value(&name, value(&name, inline_value, &mut args)?)?,
            "--key-file" => config.key_file = Some(PathBuf::from(value(&name, inline_value, &mut args)?)),
            "--secure-cookies" if inline_value.is_none() => config.secure_cookies = true,
            "--retention-days" => {
                config.retention_days = Some(parse_value(&name, value(&name, inline_value, &mut args)?)?);
            }
            _ => return Err(UsageError(format!("unknown option `{name}`"))),
        }
    }
    Ok(Command::Serve(config))
}

/// The options of `intake staff <action>`.
fn parse_staff(mut args: impl Iterator<Item = OsString>) -> Result<Command, UsageError> {
    let action =
        args.next().ok_or_else(|| UsageError("`staff` needs add, password, disable, enable or list".to_owned()))?;
    let action = action.to_str().unwrap_or_default().to_owned();
    if matches!(action.as_str(), "-h" | "--help") {
        return Ok(Command::Help);
    }
    let (mut data_dir, mut user, mut role) = (None, None, None);
    while let Some(arg) = args.next() {
        let (name, inline_value) = split_option(arg)?;
        match name.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--data-dir" => data_dir = Some(PathBuf::from(value(&name, inline_value, &mut args)?)),
            "--user" => user = Some(text_value(&name, value(&name, inline_value, &mut args)?)?),
            "--role" if action == "add" => {
                let raw = text_value(&name, value(&name, inline_value, &mut args)?)?;
                role = Some(
                    Role::from_key(&raw)
                        .ok_or_else(|| UsageError(format!("invalid value `{raw}` for `{name}`: triager or admin")))?,
                );
            }
            _ => return Err(UsageError(format!("unknown option `{name}`"))),
        }
    }
    let data_dir = required("--data-dir", data_dir)?;
    let action = match action.as_str() {
        "add" => StaffCommand::Add { user: required("--user", user)?, role: required("--role", role)? },
        "password" => StaffCommand::Password { user: required("--user", user)? },
        "disable" => StaffCommand::Disable { user: required("--user", user)? },
        "enable" => StaffCommand::Enable { user: required("--user", user)? },
        "list" if user.is_none() => StaffCommand::List,
        "list" => return Err(UsageError("`staff list` takes no --user".to_owned())),
        other => return Err(UsageError(format!("unknown staff action `{other}`"))),
    };
    Ok(Command::Staff { data_dir, action })
}

/// The options of `intake retention`.
fn parse_retention(mut args: impl Iterator<Item = OsString>) -> Result<Command, UsageError> {
    let (mut data_dir, mut days) = (None, None);
    while let Some(arg) = args.next() {
        let (name, inline_value) = split_option(arg)?;
        match name.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--data-dir" => data_dir = Some(PathBuf::from(value(&name, inline_value, &mut args)?)),
            "--days" => days = Some(parse_value(&name, value(&name, inline_value, &mut args)?)?),
            _ => return Err(UsageError(format!("unknown option `{name}`"))),
        }
    }
    Ok(Command::Retention { data_dir: required("--data-dir", data_dir)?, days: required("--days", days)? })
}

/// The options of `intake reply`.
fn parse_reply(mut args: impl Iterator<Item = OsString>) -> Result<Command, UsageError> {
    let (mut data_dir, mut key_file, mut id, mut text, mut text_zh, mut status) = (None, None, None, None, None, None);
    while let Some(arg) = args.next() {
        let (name, inline_value) = split_option(arg)?;
        match name.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--data-dir" => data_dir = Some(PathBuf::from(value(&name, inline_value, &mut args)?)),
            "--key-file" => key_file = Some(PathBuf::from(value(&name, inline_value, &mut args)?)),
            "--id" => id = Some(text_value(&name, value(&name, inline_value, &mut args)?)?),
            "--text" => text = Some(text_value(&name, value(&name, inline_value, &mut args)?)?),
            "--text-zh" => text_zh = Some(text_value(&name, value(&name, inline_value, &mut args)?)?),
            "--status" => {
                let raw = text_value(&name, value(&name, inline_value, &mut args)?)?;
                let parsed =
                    Status::from_key(&raw).ok_or_else(|| UsageError(format!("invalid value `{raw}` for `{name}`")))?;
                status = Some(parsed);
            }
            _ => return Err(UsageError(format!("unknown option `{name}`"))),
        }
    }
    let text: String = required("--text", text)?;
    if text.trim().is_empty() {
        return Err(UsageError("`--text` must not be empty".to_owned()));
    }
    Ok(Command::Reply(ReplyArgs {
        data_dir: required("--data-dir", data_dir)?,
        key_file,
        id: required("--id", id)?,
        text,
        text_zh,
        status,
    }))
}

/// The options of `intake backup`.
fn parse_backup(mut args: impl Iterator<Item = OsString>) -> Result<Command, UsageError> {
    let (mut data_dir, mut out) = (None, None);
    while let Some(arg) = args.next() {
        let (name, inline_value) = split_option(arg)?;
        match name.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--data-dir" => data_dir = Some(PathBuf::from(value(&name, inline_value, &mut args)?)),
            "--out" => out = Some(PathBuf::from(value(&name, inline_value, &mut args)?)),
            _ => return Err(UsageError(format!("unknown option `{name}`"))),
        }
    }
    Ok(Command::Backup { data_dir: required("--data-dir", data_dir)?, out: required("--out", out)? })
}

fn parse_rotate_key(mut args: impl Iterator<Item = OsString>) -> Result<Command, UsageError> {
    let (mut data_dir, mut key_file) = (None, None);
    while let Some(arg) = args.next() {
        let (name, inline_value) = split_option(arg)?;
        match name.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--data-dir" => data_dir = Some(PathBuf::from(value(&name, inline_value, &mut args)?)),
            "--key-file" => key_file = Some(PathBuf::from(value(&name, inline_value, &mut args)?)),
            _ => return Err(UsageError(format!("unknown option `{name}`"))),
        }
    }
    Ok(Command::RotateKey { data_dir: required("--data-dir", data_dir)?, key_file })
}

/// `intake rotate-key`: a new key file is made next to the old one, every sealed value is
/// re-encrypted and the new key check recorded in one transaction (audited), and then the files
/// swap places. Interrupted before the commit, nothing changed (the `.new` file is removed when
/// possible); interrupted after it, the database needs the `.new` key, as the error says.
fn rotate_key(data_dir: &std::path::Path, key_file: Option<PathBuf>) -> Result<String, String> {
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
        "Re-encrypted {} contact details, {} accounts, {} photos and {} replies. The new key is in {}; the old one \
         is in {}: back up the new key now, then destroy the old one and every copy of it.",
        rotated.contacts,
        rotated.accounts,
        rotated.photos,
        rotated.replies,
        key_path.display(),
        retired.display()
    ))
}

/// A required option's value.
fn required<T>(name: &str, value: Option<T>) -> Result<T, UsageError> {
    value.ok_or_else(|| UsageError(format!("`{name}` is required")))
}

/// An option value as UTF-8 text.
fn text_value(name: &str, value: OsString) -> Result<String, UsageError> {
    value.into_string().map_err(|_| UsageError(format!("the value of `{name}` is not valid UTF-8")))
}

/// The value of option `name`: the inline one or else the next argument.
fn value(
    name: &str,
    inline: Option<OsString>,
    rest: &mut impl Iterator<Item = OsString>,
) -> Result<OsString, UsageError> {
    inline.or_else(|| rest.next()).ok_or_else(|| UsageError(format!("`{name}` needs a value")))
}

/// Parses the value of option `name` with [`FromStr`].
fn parse_value<T: FromStr>(name: &str, value: OsString) -> Result<T, UsageError> {
    value
        .to_str()
        .and_then(|text| text.parse().ok())
        .ok_or_else(|| UsageError(format!("invalid value `{}` for `{name}`", value.to_string_lossy())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::{IpAddr, Ipv4Addr};

    fn parse_strs(args: &[&str]) -> Result<Command, UsageError> {
        parse(args.iter().map(OsString::from))
    }

    #[test]
    fn serve_without_options_uses_the_defaults() {
        assert_eq!(parse_strs(&["serve"]), Ok(Command::Serve(Config::default())));
    }

    #[test]
    fn serve_accepts_all_options_in_both_spellings() {
        let expected = Config {
            bind: IpAddr::V4(Ipv4Addr::UNSPECIFIED),
            port: 0,
            data_dir: PathBuf::from("/var/lib/intake"),
            site_dir: PathBuf::from("site"),
            pow_bits: 4,
            rate_limit: 0,
            ..Config::default()
        };
        assert_eq!(
            parse_strs(&[
                "serve",
                "--port",
                "0",
                "--data-dir",
                "/var/lib/intake",
                "--site-dir",
                "site",
                "--bind",
                "0.0.0.0",
                "--pow-bits",
                "4",
                "--rate-limit",
                "0",
            ]),
            Ok(Command::Serve(expected.clone()))
        );
        assert_eq!(
            parse_strs(&[
                "serve",
                "--port=0",
                "--data-dir=/var/lib/intake",
                "--site-dir=site",
                "--bind=0.0.0.0",
                "--pow-bits=4",
                "--rate-limit=0",
            ]),
            Ok(Command::Serve(expected))
        );
    }

    #[test]
    fn help_is_recognised_before_and_after_the_command() {
        assert_eq!(parse_strs(&["--help"]), Ok(Command::Help));
        assert_eq!(parse_strs(&["-h"]), Ok(Command::Help));
        assert_eq!(parse_strs(&["serve", "--help"]), Ok(Command::Help));
    }

    #[test]
    fn bad_command_lines_are_usage_errors() {
        assert!(parse_strs(&[]).is_err());
        assert!(parse_strs(&["launch"]).is_err());
        assert!(parse_strs(&["serve", "--verbose"]).is_err());
        assert!(parse_strs(&["serve", "--port"]).is_err());
        assert!(parse_strs(&["serve", "--port", "eighty"]).is_err());
        assert!(parse_strs(&["serve", "--port", "70000"]).is_err());
        assert!(parse_strs(&["serve", "--bind", "localhost"]).is_err());
        assert!(parse_strs(&["serve", "extra"]).is_err());
        assert!(parse_strs(&["serve", "--pow-bits", "33"]).is_err());
        assert!(parse_strs(&["serve", "--pow-bits", "-1"]).is_err());
        assert!(parse_strs(&["serve", "--rate-limit", "many"]).is_err());
    }

    #[test]
    fn reply_needs_a_data_dir_an_id_and_a_text() {
        assert_eq!(
            parse_strs(&["reply", "--data-dir", "d", "--id", "abc", "--text", "已受理", "--status", "under_review"]),
            Ok(Command::Reply(ReplyArgs {
                data_dir: PathBuf::from("d"),
                key_file: None,
                id: "abc".to_owned(),
                text: "已受理".to_owned(),
                text_zh: None,
                status: Some(Status::UnderReview),
            }))
        );
        assert!(matches!(
            parse_strs(&["reply", "--data-dir", "d", "--key-file", "k", "--id", "a", "--text", "x"]),
            Ok(Command::Reply(ReplyArgs { key_file: Some(k), .. })) if k == std::path::Path::new("k")
        ));
        assert!(parse_strs(&["reply", "--data-dir", "d", "--id", "abc"]).is_err());
        assert!(parse_strs(&["reply", "--data-dir", "d", "--text", "x"]).is_err());
        assert!(parse_strs(&["reply", "--data-dir", "d", "--id", "a", "--text", " "]).is_err());
        assert!(parse_strs(&["reply", "--data-dir", "d", "--id", "a", "--text", "x", "--status", "done"]).is_err());
    }

    #[test]
    fn serve_takes_the_key_file_secure_cookies_and_retention() {
        let expected = Config {
            key_file: Some(PathBuf::from("/etc/portal/report.key")),
            secure_cookies: true,
            retention_days: Some(365),
            ..Config::default()
        };
        assert_eq!(
            parse_strs(&["serve", "--key-file", "/etc/portal/report.key", "--secure-cookies", "--retention-days=365"]),
            Ok(Command::Serve(expected))
        );
        assert!(parse_strs(&["serve", "--secure-cookies=yes"]).is_err());
        assert!(parse_strs(&["serve", "--retention-days", "-1"]).is_err());
        assert!(parse_strs(&["serve", "--key-file"]).is_err());
    }

    #[test]
    fn staff_commands_need_a_data_dir_and_a_user() {
        let staff = |action| Ok(Command::Staff { data_dir: PathBuf::from("d"), action });
        assert_eq!(
            parse_strs(&["staff", "add", "--data-dir", "d", "--user", "tim", "--role", "triager"]),
            staff(StaffCommand::Add { user: "tim".to_owned(), role: Role::Triager })
        );
        assert_eq!(
            parse_strs(&["staff", "password", "--data-dir=d", "--user=ada"]),
            staff(StaffCommand::Password { user: "ada".to_owned() })
        );
        assert_eq!(
            parse_strs(&["staff", "disable", "--data-dir", "d", "--user", "tim"]),
            staff(StaffCommand::Disable { user: "tim".to_owned() })
        );
        assert_eq!(
            parse_strs(&["staff", "enable", "--data-dir", "d", "--user", "tim"]),
            staff(StaffCommand::Enable { user: "tim".to_owned() })
        );
        assert_eq!(parse_strs(&["staff", "list", "--data-dir", "d"]), staff(StaffCommand::List));
        assert_eq!(parse_strs(&["staff", "--help"]), Ok(Command::Help));
        assert!(parse_strs(&["staff"]).is_err());
        assert!(parse_strs(&["staff", "remove", "--data-dir", "d", "--user", "tim"]).is_err());
        assert!(parse_strs(&["staff", "add", "--data-dir", "d", "--user", "tim"]).is_err(), "a role is needed");
        assert!(parse_strs(&["staff", "add", "--data-dir", "d", "--user", "tim", "--role", "root"]).is_err());
        assert!(parse_strs(&["staff", "disable", "--data-dir", "d", "--user", "tim", "--role", "admin"]).is_err());
        assert!(parse_strs(&["staff", "disable", "--data-dir", "d"]).is_err());
        assert!(parse_strs(&["staff", "list", "--data-dir", "d", "--user", "tim"]).is_err());
        assert!(parse_strs(&["staff", "list"]).is_err());
    }

    #[test]
    fn retention_needs_a_data_dir_and_days() {
        assert_eq!(
            parse_strs(&["retention", "--data-dir", "d", "--days", "180"]),
            Ok(Command::Retention { data_dir: PathBuf::from("d"), days: 180 })
        );
        assert!(parse_strs(&["retention", "--data-dir", "d"]).is_err());
        assert!(parse_strs(&["retention", "--days", "1"]).is_err());
        assert!(parse_strs(&["retention", "--data-dir", "d", "--days", "soon"]).is_err());
    }

    #[test]
    fn backup_needs_a_data_dir_and_an_out_file() {
        assert_eq!(
            parse_strs(&["backup", "--data-dir=d", "--out", "b.sqlite3"]),
            Ok(Command::Backup { data_dir: PathBuf::from("d"), out: PathBuf::from("b.sqlite3") })
        );
        assert!(parse_strs(&["backup", "--data-dir", "d"]).is_err());
        assert_eq!(
            parse_strs(&["rotate-key", "--data-dir", "d", "--key-file", "k"]),
            Ok(Command::RotateKey { data_dir: PathBuf::from("d"), key_file: Some(PathBuf::from("k")) })
        );
        assert!(parse_strs(&["rotate-key"]).is_err());
        assert!(parse_strs(&["backup", "--out", "b"]).is_err());
    }
}
