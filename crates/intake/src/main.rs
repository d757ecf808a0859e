//! Command-line entry point of the intake service: parses the arguments (see [`cli`]) and runs
//! [`portal_intake::run`], or one of the database tools (`reply`, `backup`, `staff`, `audit`,
//! `retention`, `rotate-key`, see [`cli::tools`]). A command line clap cannot read exits with status 2.

mod cli;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use cli::{AuditCommand, Cli, Command, tools};

fn main() -> ExitCode {
    let config = match Cli::parse().command {
        Command::Serve(args) => {
            portal_intake::log::init(args.log_format, args.log_level.into());
            args.config()
        }
        Command::Reply(args) => return report_outcome(tools::reply(&args)),
        Command::Backup { data, out } => return report_outcome(tools::backup(&data.path, &out)),
        Command::Staff { action } => return report_outcome(tools::staff(&action)),
        Command::Audit { action: AuditCommand::Verify { data } } => {
            return report_outcome(tools::audit_verify(&data.path));
        }
        Command::Retention { data, days } => return report_outcome(tools::run_retention(&data.path, days)),
        Command::RotateKey { data, key_file } => return report_outcome(tools::rotate_key(&data.path, key_file)),
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
