//! Command-line entry point of the intake service: parses the arguments and
//! runs [`portal_intake::run`].

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::str::FromStr;

use portal_intake::Config;

const USAGE: &str = "\
Usage: intake serve [--port <PORT>] [--data-dir <DIR>] [--site-dir <DIR>] [--bind <ADDR>]
       intake --help

Serves the Lianyungang new-pollutants portal: the built site and the report API.

Options for `serve`:
  --port <PORT>     Port to listen on; 0 picks a free one  [default: 8080]
  --data-dir <DIR>  Directory for the SQLite database; created if missing
                    [default: .serve-data]
  --site-dir <DIR>  Directory of the built site (Trunk output)  [default: dist]
  --bind <ADDR>     IP address to listen on  [default: 127.0.0.1]
  -h, --help        Print this help

Stop it with Ctrl-C or SIGTERM.";

/// What the command line asks for.
#[derive(Debug, PartialEq, Eq)]
enum Command {
    /// Print the help text.
    Help,
    /// Run the service.
    Serve(Config),
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

/// Parses the arguments (without the program name).
///
/// Options take their value either as the next argument (`--port 80`) or
/// after an equals sign (`--port=80`).
fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Command, UsageError> {
    let mut args = args.into_iter();
    let command = args.next().ok_or_else(|| UsageError("missing command".to_owned()))?;
    match command.to_str() {
        Some("serve") => {}
        Some("-h" | "--help" | "help") => return Ok(Command::Help),
        _ => {
            return Err(UsageError(format!("unknown command `{}`", command.to_string_lossy())));
        }
    }

    let mut config = Config::default();
    while let Some(arg) = args.next() {
        let arg = arg.into_string().map_err(|arg| UsageError(format!("unknown option `{}`", arg.to_string_lossy())))?;
        let (name, inline_value) = match arg.split_once('=') {
            Some((name, value)) if name.starts_with("--") => (name.to_owned(), Some(OsString::from(value))),
            _ => (arg, None),
        };
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
            _ => return Err(UsageError(format!("unknown option `{name}`"))),
        }
    }
    Ok(Command::Serve(config))
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
            ]),
            Ok(Command::Serve(expected.clone()))
        );
        assert_eq!(
            parse_strs(&["serve", "--port=0", "--data-dir=/var/lib/intake", "--site-dir=site", "--bind=0.0.0.0",]),
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
    }
}
