//! `feed`: the portal's feed compiler.
//!
//! ```text
//! feed validate [--data DIR] [--content DIR]
//! feed build    [--data DIR] [--content DIR] [--out DIR]
//! feed import   --csv FILE --out FILE [--data DIR]
//! feed generate [--enterprises N] [--seed S] [--out FILE] [--data DIR]
//! ```

use portal_feed::{build, content, generate, import};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage:
  feed validate [--data DIR] [--content DIR]      check every source and content file; list every error
  feed build    [--data DIR] [--content DIR] [--out DIR]
                                                  validate, then write a versioned feed atomically
  feed import   --csv FILE --out FILE [--data DIR]
                                                  turn a spreadsheet (CSV, UTF-8 or GB18030) into a source file
  feed generate [--enterprises N] [--seed S] [--out FILE] [--data DIR]
                                                  write labelled sample disclosures (fictitious enterprises)
defaults: --data data, --out public/feed (build), --enterprises 120, --seed 2023,
  --content: the `content` directory next to the data directory (left out, with a note, if absent)";

/// Parsed `--flag value` options.
struct Opts(Vec<(String, String)>);

impl Opts {
    fn parse(args: &[String], allowed: &[&str]) -> Result<Opts, String> {
        let mut out = Vec::new();
        let mut it = args.iter();
        while let Some(a) = it.next() {
            let Some(name) = a.strip_prefix("--") else { return Err(format!("unexpected argument {a:?}")) };
            if !allowed.contains(&name) {
                return Err(format!("unknown option --{name}"));
            }
            let Some(v) = it.next() else { return Err(format!("--{name} needs a value")) };
            out.push((name.to_owned(), v.clone()));
        }
        Ok(Opts(out))
    }
    fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
    fn path(&self, name: &str, default: &str) -> PathBuf {
        PathBuf::from(self.get(name).unwrap_or(default))
    }
}

/// The content directory: `--content`, which must exist, or `content` next to the data directory
/// if that exists.
fn content_dir(o: &Opts, data: &Path) -> Option<PathBuf> {
    if let Some(dir) = o.get("content") {
        return Some(PathBuf::from(dir));
    }
    let dir = content::default_dir(data);
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("note: no content directory at {}; education content is not checked or shipped", dir.display());
        None
    }
}

fn print_errors(errors: &[portal_core::validate::ValidationError]) {
    for e in errors {
        eprintln!("error: {e}");
    }
    eprintln!("{} error(s); nothing was written.", errors.len());
}

fn run(args: &[String]) -> Result<(), String> {
    let Some((cmd, rest)) = args.split_first() else { return Err("no command given".into()) };
    match cmd.as_str() {
        "validate" => {
            let o = Opts::parse(rest, &["data", "content"])?;
            let data = o.path("data", "data");
            let content = content_dir(&o, &data);
            match build::check_with_content(&data, content.as_deref()) {
                Ok(s) => {
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
        "build" => {
            let o = Opts::parse(rest, &["data", "content", "out"])?;
            let (data, out) = (o.path("data", "data"), o.path("out", "public/feed"));
            let content = content_dir(&o, &data);
            match build::build_with_content(&data, content.as_deref(), &out) {
                Ok(b) => {
                    let state = if b.written { "written" } else { "unchanged" };
                    println!(
                        "feed {} {state} at {} ({} enterprises, {} records)",
                        b.version,
                        b.dir.display(),
                        b.enterprises,
                        b.records
                    );
                    Ok(())
                }
                Err(build::BuildError::Invalid(errors)) => {
                    print_errors(&errors);
                    Err("the sources are invalid".into())
                }
                Err(e) => Err(e.to_string()),
            }
        }
        "generate" => {
            let o = Opts::parse(rest, &["enterprises", "seed", "out", "data"])?;
            let n: usize =
                o.get("enterprises").unwrap_or("120").parse().map_err(|_| "--enterprises needs a whole number")?;
            let seed: u64 = o.get("seed").unwrap_or("2023").parse().map_err(|_| "--seed needs a whole number")?;
            let data = o.path("data", "data");
            let out = o.path("out", "data/disclosures/sample.json");
            generate::run(&data, n, seed, &out).map_err(|e| e.to_string())
        }
        "import" => {
            let o = Opts::parse(rest, &["csv", "out", "data"])?;
            let csv = o.get("csv").ok_or("--csv is required")?;
            let out = o.get("out").ok_or("--out is required")?;
            import::run(&o.path("data", "data"), csv.as_ref(), out.as_ref())
        }
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command {other:?}")),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            // The usage text helps only when the command line itself was wrong.
            let usage_error =
                ["unknown", "unexpected", "needs", "required", "no command"].iter().any(|w| msg.contains(w));
            if usage_error {
                eprintln!("feed: {msg}\n\n{USAGE}")
            } else {
                eprintln!("feed: {msg}")
            }
            ExitCode::FAILURE
        }
    }
}
