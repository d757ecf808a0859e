//! `feed`: the portal's feed compiler.
//!
//! ```text
//! feed validate [--data DIR] [--content DIR]
//! feed build    [--data DIR] [--content DIR] [--out DIR] [--archive DIR]
//! feed publish  --archive DIR --site-feed DIR
//! feed import   --csv FILE [--csv FILE…] --out FILE [--data DIR]
//! feed generate [--enterprises N] [--seed S] [--out FILE] [--data DIR]
//! ```
//!
//! A wrong command line is reported by clap (exit status 2); any other failure exits with 1.

use clap::{Parser, Subcommand};
use portal_feed::{archive, build, content, generate, import};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The portal's feed compiler.
#[derive(Debug, Parser)]
#[command(
    name = "feed",
    args_override_self = true,
    after_help = "--content defaults to the `content` directory next to the data directory (left out, with a note, if absent)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check every source and content file; list every error.
    Validate {
        #[command(flatten)]
        sources: SourceDirs,
    },
    /// Validate, then write a versioned feed atomically.
    Build {
        #[command(flatten)]
        sources: SourceDirs,
        /// Where feed versions are written.
        #[arg(long, value_name = "DIR", default_value = "public/feed")]
        out: PathBuf,
        /// The archive of every published version (kept outside the site and outside git): the
        /// new version is added to it and listed in its versions.json.
        #[arg(long, value_name = "DIR")]
        archive: Option<PathBuf>,
    },
    /// Copy the archive of feed versions into a site's feed directory: every version it lacks,
    /// versions.json and latest.json.
    Publish {
        /// The archive written by `feed build --archive`.
        #[arg(long, value_name = "DIR")]
        archive: PathBuf,
        /// The site's feed directory, e.g. dist/feed.
        #[arg(long, value_name = "DIR")]
        site_feed: PathBuf,
    },
    /// Turn a spreadsheet (CSV, UTF-8 or GB18030) into a source file.
    Import {
        /// A sheet of the spreadsheet, saved as CSV: the main sheet of readings, and any list
        /// sheets (hazardous waste, facilities, products, fugitive emissions). Repeat for each.
        #[arg(long, value_name = "FILE", required = true)]
        csv: Vec<PathBuf>,
        /// The disclosure source file to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// The data directory, for the reference data the import is checked against.
        #[arg(long, value_name = "DIR", default_value = "data")]
        data: PathBuf,
    },
    /// Write labelled sample disclosures (fictitious enterprises).
    Generate {
        /// How many enterprises.
        #[arg(long, value_name = "N", default_value_t = 120)]
        enterprises: usize,
        /// The random seed.
        #[arg(long, value_name = "S", default_value_t = 2023)]
        seed: u64,
        /// The disclosure source file to write.
        #[arg(long, value_name = "FILE", default_value = "data/disclosures/sample.json")]
        out: PathBuf,
        /// The data directory, for the reference data.
        #[arg(long, value_name = "DIR", default_value = "data")]
        data: PathBuf,
    },
}

/// Where the sources are read from.
#[derive(Debug, clap::Args)]
struct SourceDirs {
    /// The data directory.
    #[arg(long, value_name = "DIR", default_value = "data")]
    data: PathBuf,
    /// The education content directory, which must exist when given.
    #[arg(long, value_name = "DIR")]
    content: Option<PathBuf>,
}

impl SourceDirs {
    /// The content directory: `--content`, or `content` next to the data directory if that
    /// exists.
    fn content_dir(&self) -> Option<PathBuf> {
        if let Some(dir) = &self.content {
            return Some(dir.clone());
        }
        let dir = content::default_dir(&self.data);
        if dir.is_dir() {
            Some(dir)
        } else {
            eprintln!("note: no content directory at {}; education content is not checked or shipped", dir.display());
            None
        }
    }
}

fn print_errors(errors: &[portal_core::feed::validate::ValidationError]) {
    for e in errors {
        eprintln!("error: {e}");
    }
    eprintln!("{} error(s); nothing was written.", errors.len());
}

/// Plausibility warnings go to standard error, one a line, then a count; they never fail the
/// command.
fn print_warnings(warnings: &[portal_core::feed::plausibility::Warning]) {
    for w in warnings {
        eprintln!("warning: {w}");
    }
    if !warnings.is_empty() {
        eprintln!("{} plausibility warning(s): the data validates, but these look wrong.", warnings.len());
    }
}

fn validate(sources: &SourceDirs) -> Result<(), String> {
    let data = &sources.data;
    let content = sources.content_dir();
    match build::check_with_content(data, content.as_deref()) {
        Ok(s) => {
            if let Some(r) = &s.reference {
                print_warnings(&portal_core::feed::plausibility::check(r, &s.disclosures));
            }
            let n: usize = s.disclosures.iter().map(|(_, f)| f.records.len()).sum();
            println!("{}: valid ({} disclosure file(s), {n} record(s))", data.display(), s.disclosures.len());
            if let (Some(dir), Some(c)) = (&content, &s.content) {
                println!(
                    "{}: valid ({} explainer(s), {} glossary term(s), {} quiz(zes), {} lesson plan(s))",
                    dir.display(),
                    c.explainers.len(),
                    c.glossary.value.terms.len(),
                    c.quizzes.len(),
                    c.lessons.len()
                );
            }
            Ok(())
        }
        Err(errors) => {
            for e in &errors {
                eprintln!("error: {e}");
            }
            Err(format!("{} error(s)", errors.len()))
        }
    }
}

fn build(sources: &SourceDirs, out: &Path, archive: Option<&Path>) -> Result<(), String> {
    let content = sources.content_dir();
    match build::build_with_content(&sources.data, content.as_deref(), out) {
        Ok(b) => {
            print_warnings(&b.warnings);
            let state = if b.written { "written" } else { "unchanged" };
            println!(
                "feed {} {state} at {} ({} enterprises, {} records)",
                b.version,
                b.dir.display(),
                b.enterprises,
                b.records
            );
            if let Some(archive) = archive {
                let added = archive::add(archive, out, &b.version).map_err(|e| e.to_string())?;
                let state = if added { "added to" } else { "already in" };
                println!("feed {} {state} the archive at {}", b.version, archive.display());
            }
            Ok(())
        }
        Err(build::BuildError::Invalid(errors)) => {
            print_errors(&errors);
            Err("the sources are invalid".into())
        }
        Err(e) => Err(e.to_string()),
    }
}

fn run(command: Command) -> Result<(), String> {
    match command {
        Command::Validate { sources } => validate(&sources),
        Command::Build { sources, out, archive } => build(&sources, &out, archive.as_deref()),
        Command::Publish { archive, site_feed } => archive::publish(&archive, &site_feed)
            .map(|n| println!("{n} version(s) copied from {} into {}", archive.display(), site_feed.display()))
            .map_err(|e| e.to_string()),
        Command::Import { csv, out, data } => import::run(&data, &csv, &out),
        Command::Generate { enterprises, seed, out, data } => {
            generate::run(&data, enterprises, seed, &out).map_err(|e| e.to_string())
        }
    }
}

fn main() -> ExitCode {
    // Usage errors (and --help) are clap's: it prints them and exits (2 for an error).
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("feed: {msg}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
