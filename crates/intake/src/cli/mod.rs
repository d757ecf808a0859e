//! The command line of `intake`, declared with clap: `serve` and the database tools (`reply`,
//! `backup`, `staff`, `retention`, `rotate-key`), their options, defaults and help.

pub mod tools;

use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use portal_core::report::Status;
use portal_intake::Config;
use portal_intake::auth::Role;

/// The highest proof-of-work difficulty accepted on the command line (about four billion
/// hashes; anything more would lock reporters out).
const MAX_POW_BITS: u8 = 32;

/// The command line.
#[derive(Debug, Parser)]
#[command(
    name = "intake",
    // As before clap: an option given twice takes its last value.
    args_override_self = true,
    about = "Serves the Lianyungang new-pollutants portal: the built site and the report API.",
    after_help = "Every tool but `backup` writes what it did to the audit log. The tools never \
                  create a database: start `intake serve` once first.\n\n\
                  Stop the service with Ctrl-C or SIGTERM."
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// What the command line asks for.
#[derive(Debug, PartialEq, Eq, Subcommand)]
pub enum Command {
    /// Run the service.
    Serve(ServeArgs),
    /// Add the bureau's reply to a report (by its public id) and, with --status, set its status.
    #[command(long_about = "Adds the bureau's reply to a report (by its public id) and, with --status, sets \
        its status: received, under_review, forwarded, resolved, closed_no_violation or closed_other. The \
        reporter sees it with the receipt. The reply is stored encrypted with the report key (--key-file, as \
        for serve).")]
    Reply(ReplyArgs),
    /// Copy the database to a new file with SQLite's online backup API.
    #[command(long_about = "Copies the database to a new file with SQLite's online backup API; it is safe \
        while the service runs. It refuses to overwrite a file. The copy is encrypted like the database: \
        restoring it needs the key file too.")]
    Backup {
        /// The data directory.
        #[command(flatten)]
        data: DataDir,
        /// The new file.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Manage the bureau's staff accounts (there is no sign-up on the web).
    #[command(long_about = "Manages the bureau's staff accounts (there is no sign-up on the web): `add` \
        reads the password (at least 12 characters) as one line from stdin; `password` sets a new one the \
        same way and ends the account's sessions; `disable` ends its sessions and refuses its logins until \
        `enable`. A triager works on reports; an admin also reads the audit log and exports CSV.")]
    Staff {
        /// What to do.
        #[command(subcommand)]
        action: StaffCommand,
    },
    /// Check the audit log's hash chain.
    #[command(long_about = "Checks the audit log's hash chain: every entry must follow from the one before \
        it. Prints the number of entries and the newest hash (keep it elsewhere: it shows later whether \
        entries were removed from the end), or names the first entry that does not follow and exits with \
        status 1.")]
    Audit {
        /// What to do.
        #[command(subcommand)]
        action: AuditCommand,
    },
    /// Delete, once, what --retention-days deletes daily.
    Retention {
        /// The data directory.
        #[command(flatten)]
        data: DataDir,
        /// Delete the personal data of reports closed more than this many days ago.
        #[arg(long, value_name = "N")]
        days: u32,
    },
    /// Re-encrypt every contact, account and photo under a new key, while the service is stopped.
    #[command(long_about = "Re-encrypts every contact, account and photo under a new key, in one \
        transaction, while the service is stopped (it refuses to run alongside it). The new key takes the \
        old one's place; the old one is renamed `<FILE>.retired-<time>`: back up the new key, then destroy \
        the old one.")]
    RotateKey {
        /// The data directory.
        #[command(flatten)]
        data: DataDir,
        /// The key file  [default: <data-dir>/keys/report.key]
        #[arg(long, value_name = "FILE")]
        key_file: Option<PathBuf>,
    },
}

/// `intake audit …`.
#[derive(Debug, PartialEq, Eq, Subcommand)]
pub enum AuditCommand {
    /// Check that every entry follows from the one before it; name the first that does not.
    Verify {
        /// The data directory.
        #[command(flatten)]
        data: DataDir,
    },
}

/// The `--data-dir` every tool needs.
#[derive(Debug, PartialEq, Eq, Args)]
pub struct DataDir {
    /// The directory holding the database
    #[arg(long = "data-dir", value_name = "DIR")]
    pub path: PathBuf,
}

/// The options of `intake serve`.
#[derive(Debug, PartialEq, Eq, Args)]
pub struct ServeArgs {
    /// Port to listen on; 0 picks a free one
    #[arg(long, value_name = "PORT", default_value_t = 8080)]
    pub port: u16,
    /// Directory for the SQLite database; created if missing
    #[arg(long, value_name = "DIR", default_value = ".serve-data")]
    pub data_dir: PathBuf,
    /// Directory of the built site (Trunk output)
    #[arg(long, value_name = "DIR", default_value = "dist")]
    pub site_dir: PathBuf,
    /// IP address to listen on
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Proof-of-work difficulty in leading zero bits, 0 to 32
    #[arg(long, value_name = "N", default_value_t = portal_intake::pow::DEFAULT_BITS,
          value_parser = clap::value_parser!(u8).range(0..=i64::from(MAX_POW_BITS)))]
    pub pow_bits: u8,
    /// Report submissions a minute per client (other limits derive from it); 0 turns rate limiting off
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub rate_limit: u32,
    /// The key that encrypts reporters' contact details and photos; created (mode 0600) on the
    /// first start. Keep it out of the database's backups, and back it up separately
    /// [default: <data-dir>/keys/report.key]
    #[arg(long, value_name = "FILE")]
    pub key_file: Option<PathBuf>,
    /// Always mark the staff session cookie Secure (it is anyway when a proxy sends
    /// X-Forwarded-Proto: https)
    #[arg(long)]
    pub secure_cookies: bool,
    /// At start-up and then daily, delete the contact details, photos and coordinates of reports
    /// closed more than N days ago
    #[arg(long, value_name = "N", default_value_t = portal_intake::RETENTION_DAYS)]
    pub retention_days: u32,
    /// Keep closed reports' personal data indefinitely (no retention runs)
    #[arg(long, conflicts_with = "retention_days")]
    pub no_retention: bool,
    /// At start-up and then every --backup-every minutes, copy the database (online, encrypted like
    /// it) into DIR as intake-<UTC time>.sqlite3, keeping the newest --backup-keep
    #[arg(long, value_name = "DIR")]
    pub backup_dir: Option<PathBuf>,
    /// Minutes between scheduled backups
    #[arg(long, value_name = "MIN", default_value_t = portal_intake::BACKUP_INTERVAL.as_secs() / 60,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub backup_every: u64,
    /// How many scheduled backups to keep (the newest)
    #[arg(long, value_name = "N", default_value_t = portal_intake::BACKUP_KEEP, value_parser = at_least_one)]
    pub backup_keep: usize,
    /// A reverse proxy (address or block, e.g. 127.0.0.1 or 10.0.0.0/8) whose X-Forwarded-For /
    /// X-Real-IP name the client for the rate limits; repeat for several. Headers from any
    /// other peer are ignored
    #[arg(long = "trusted-proxy", value_name = "ADDR[/BITS]")]
    pub trusted_proxies: Vec<portal_intake::client::Cidr>,
    /// Seconds a connection has to send a whole request head
    #[arg(long, value_name = "S", default_value_t = portal_intake::HEADER_TIMEOUT.as_secs(),
          value_parser = clap::value_parser!(u64).range(1..))]
    pub header_timeout: u64,
    /// Seconds a request body may send nothing before it is cut off
    #[arg(long, value_name = "S", default_value_t = portal_intake::BODY_TIMEOUT.as_secs(),
          value_parser = clap::value_parser!(u64).range(1..))]
    pub body_timeout: u64,
    /// Seconds within which a request must be answered (else 408)
    #[arg(long, value_name = "S", default_value_t = portal_intake::REQUEST_TIMEOUT.as_secs(),
          value_parser = clap::value_parser!(u64).range(1..))]
    pub request_timeout: u64,
    /// Connections served at once; more are answered 503 and closed
    #[arg(long, value_name = "N", default_value_t = portal_intake::MAX_CONNECTIONS, value_parser = at_least_one)]
    pub max_connections: usize,
    /// Refuse photos (reports without photos are still taken) while the data directory's file
    /// system has less than this free: bytes, or with a suffix K, M, G or T (powers of 1024)
    #[arg(long, value_name = "SIZE", default_value = "1G", value_parser = byte_size)]
    pub min_free_disk: u64,
    /// How log lines on stderr are written
    #[arg(long, value_name = "FORMAT", value_enum, default_value_t)]
    pub log_format: portal_intake::log::Format,
    /// The least serious events logged; `debug` adds a line per request (id, route, status, time)
    #[arg(long, value_name = "LEVEL", value_enum, default_value_t)]
    pub log_level: portal_intake::log::Threshold,
}

impl ServeArgs {
    /// The service's configuration.
    pub fn config(self) -> Config {
        Config {
            bind: self.bind,
            port: self.port,
            data_dir: self.data_dir,
            site_dir: self.site_dir,
            pow_bits: self.pow_bits,
            rate_limit: self.rate_limit,
            key_file: self.key_file,
            secure_cookies: self.secure_cookies,
            retention_days: (!self.no_retention).then_some(self.retention_days),
            backup_dir: self.backup_dir,
            backup_interval: std::time::Duration::from_secs(self.backup_every * 60),
            backup_keep: self.backup_keep,
            trusted_proxies: self.trusted_proxies,
            header_timeout: std::time::Duration::from_secs(self.header_timeout),
            body_timeout: std::time::Duration::from_secs(self.body_timeout),
            request_timeout: std::time::Duration::from_secs(self.request_timeout),
            max_connections: self.max_connections,
            min_free_disk: self.min_free_disk,
        }
    }
}

/// The options of `intake reply`.
#[derive(Debug, PartialEq, Eq, Args)]
pub struct ReplyArgs {
    /// The data directory.
    #[command(flatten)]
    pub data: DataDir,
    /// The report key file  [default: <data-dir>/keys/report.key]
    #[arg(long, value_name = "FILE")]
    pub key_file: Option<PathBuf>,
    /// The report's public id
    #[arg(long, value_name = "ID")]
    pub id: String,
    /// The reply (not empty)
    #[arg(long, value_name = "TEXT", value_parser = not_blank)]
    pub text: String,
    /// Its Chinese version
    #[arg(long, value_name = "TEXT")]
    pub text_zh: Option<String>,
    /// The new status: received, under_review, forwarded, resolved, closed_no_violation or
    /// closed_other
    #[arg(long, value_name = "STATUS", value_parser = status)]
    pub status: Option<Status>,
}

/// What `intake staff` does.
#[derive(Debug, PartialEq, Eq, Subcommand)]
pub enum StaffCommand {
    /// Create an account (password on stdin).
    Add {
        /// The data directory.
        #[command(flatten)]
        data: DataDir,
        /// User name
        #[arg(long, value_name = "NAME")]
        user: String,
        /// Role: triager or admin
        #[arg(long, value_name = "triager|admin", value_parser = role)]
        role: Role,
    },
    /// Set a new password (on stdin) and end the account's sessions.
    Password {
        /// The data directory.
        #[command(flatten)]
        data: DataDir,
        /// User name
        #[arg(long, value_name = "NAME")]
        user: String,
    },
    /// End the account's sessions and refuse its logins until `enable`.
    Disable {
        /// The data directory.
        #[command(flatten)]
        data: DataDir,
        /// User name
        #[arg(long, value_name = "NAME")]
        user: String,
    },
    /// Enable a disabled account.
    Enable {
        /// The data directory.
        #[command(flatten)]
        data: DataDir,
        /// User name
        #[arg(long, value_name = "NAME")]
        user: String,
    },
    /// List the accounts.
    List {
        /// The data directory.
        #[command(flatten)]
        data: DataDir,
    },
}

impl StaffCommand {
    /// The data directory it works on.
    pub fn data_dir(&self) -> &std::path::Path {
        match self {
            StaffCommand::Add { data, .. }
            | StaffCommand::Password { data, .. }
            | StaffCommand::Disable { data, .. }
            | StaffCommand::Enable { data, .. }
            | StaffCommand::List { data } => &data.path,
        }
    }
}

/// A count of at least 1.
fn at_least_one(value: &str) -> Result<usize, String> {
    value.parse::<usize>().ok().filter(|&n| n >= 1).ok_or_else(|| "a whole number of at least 1".to_owned())
}

/// A value that is not only white space.
fn not_blank(value: &str) -> Result<String, String> {
    if value.trim().is_empty() { Err("must not be empty".to_owned()) } else { Ok(value.to_owned()) }
}

/// A [`Status`] key.
fn status(value: &str) -> Result<Status, String> {
    Status::from_key(value)
        .ok_or_else(|| "received, under_review, forwarded, resolved, closed_no_violation or closed_other".to_owned())
}

/// A [`Role`] key.
fn role(value: &str) -> Result<Role, String> {
    Role::from_key(value).ok_or_else(|| "triager or admin".to_owned())
}

#[cfg(test)]
mod tests;

/// A size in bytes: a number, optionally followed by K, M, G or T (powers of 1024, `B`/`iB`
/// after the letter allowed), e.g. `500M` or `2GiB`.
fn byte_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let (digits, unit) = text.split_at(split);
    let number: u64 = digits.parse().map_err(|_| format!("`{text}` is not a size such as 500M or 2G"))?;
    let shift = match unit.trim().to_ascii_uppercase().trim_end_matches("IB").trim_end_matches('B') {
        "" => 0,
        "K" => 10,
        "M" => 20,
        "G" => 30,
        "T" => 40,
        _ => return Err(format!("`{text}` is not a size such as 500M or 2G")),
    };
    number.checked_mul(1u64 << shift).ok_or_else(|| format!("`{text}` is too large"))
}
