//! Command-line entry point of the intake service: parses the arguments and
//! runs [`portal_intake::run`], or one of the small database tools (`reply`,
//! `backup`).

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::str::FromStr;

use portal_core::report::Status;
use portal_intake::{Config, db, store};

const USAGE: &str = "\
Usage: intake serve [--port <PORT>] [--data-dir <DIR>] [--site-dir <DIR>] [--bind <ADDR>]
                    [--pow-bits <N>] [--rate-limit <N>]
       intake reply --data-dir <DIR> --id <ID> --text <TEXT> [--text-zh <TEXT>] [--status <STATUS>]
       intake backup --data-dir <DIR> --out <FILE>
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
  -h, --help        Print this help

`reply` adds the bureau's reply to a report (by its public id) and, with
--status, sets its status: received, under_review, forwarded, resolved,
closed_no_violation or closed_other. The reporter sees it with the receipt.

`backup` copies the database to a new file with SQLite's online backup API;
it is safe while the service runs. It refuses to overwrite a file.

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
}

/// The arguments of `intake reply`.
#[derive(Debug, PartialEq, Eq)]
struct ReplyArgs {
    data_dir: PathBuf,
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
    let path = data_dir.join(db::DATABASE_FILE);
    if !path.is_file() {
        return Err(format!("there is no database at {}", path.display()));
    }
    db::open_connection(&path).map_err(|err| format!("cannot open {}: {err}", path.display()))
}

/// `intake reply`.
fn reply(args: &ReplyArgs) -> Result<String, String> {
    let mut conn = open_existing(&args.data_dir)?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0);
    let found = store::add_reply(&mut conn, &args.id, &args.text, args.text_zh.as_deref(), args.status, now)
        .map_err(|err| format!("cannot add the reply: {err}"))?;
    if found { Ok(format!("Reply added to {}.", args.id)) } else { Err(format!("no report has the id `{}`", args.id)) }
}

/// `intake backup`.
fn backup(data_dir: &std::path::Path, out: &std::path::Path) -> Result<String, String> {
    if out.exists() {
        return Err(format!("{} already exists; choose a new file", out.display()));
    }
    let conn = open_existing(data_dir)?;
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
            _ => return Err(UsageError(format!("unknown option `{name}`"))),
        }
    }
    Ok(Command::Serve(config))
}

/// The options of `intake reply`.
fn parse_reply(mut args: impl Iterator<Item = OsString>) -> Result<Command, UsageError> {
    let (mut data_dir, mut id, mut text, mut text_zh, mut status) = (None, None, None, None, None);
    while let Some(arg) = args.next() {
        let (name, inline_value) = split_option(arg)?;
        match name.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--data-dir" => data_dir = Some(PathBuf::from(value(&name, inline_value, &mut args)?)),
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
                id: "abc".to_owned(),
                text: "已受理".to_owned(),
                text_zh: None,
                status: Some(Status::UnderReview),
            }))
        );
        assert!(parse_strs(&["reply", "--data-dir", "d", "--id", "abc"]).is_err());
        assert!(parse_strs(&["reply", "--data-dir", "d", "--text", "x"]).is_err());
        assert!(parse_strs(&["reply", "--data-dir", "d", "--id", "a", "--text", " "]).is_err());
        assert!(parse_strs(&["reply", "--data-dir", "d", "--id", "a", "--text", "x", "--status", "done"]).is_err());
    }

    #[test]
    fn backup_needs_a_data_dir_and_an_out_file() {
        assert_eq!(
            parse_strs(&["backup", "--data-dir=d", "--out", "b.sqlite3"]),
            Ok(Command::Backup { data_dir: PathBuf::from("d"), out: PathBuf::from("b.sqlite3") })
        );
        assert!(parse_strs(&["backup", "--data-dir", "d"]).is_err());
        assert!(parse_strs(&["backup", "--out", "b"]).is_err());
    }
}
