//! The command line as clap reads it: every command, option, default and refusal of the
//! hand-written parser it replaced.

use super::*;
use clap::error::ErrorKind;
use std::net::Ipv4Addr;

fn parse_strs(args: &[&str]) -> Result<Command, clap::Error> {
    Cli::try_parse_from(std::iter::once("intake").chain(args.iter().copied())).map(|cli| cli.command)
}

fn parsed(args: &[&str]) -> Command {
    parse_strs(args).unwrap_or_else(|err| panic!("{args:?} should parse: {err}"))
}

fn serve(args: &[&str]) -> Config {
    match parsed(args) {
        Command::Serve(serve) => serve.config(),
        other => panic!("not serve: {other:?}"),
    }
}

fn data(path: &str) -> DataDir {
    DataDir { path: PathBuf::from(path) }
}

#[test]
fn serve_without_options_uses_the_defaults() {
    assert_eq!(serve(&["serve"]), Config::default());
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
        serve(&[
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
        expected.clone()
    );
    assert_eq!(
        serve(&[
            "serve",
            "--port=0",
            "--data-dir=/var/lib/intake",
            "--site-dir=site",
            "--bind=0.0.0.0",
            "--pow-bits=4",
            "--rate-limit=0",
        ]),
        expected
    );
}

#[test]
fn an_option_given_twice_takes_its_last_value() {
    assert_eq!(serve(&["serve", "--port", "1", "--port", "2", "--secure-cookies", "--secure-cookies"]).port, 2);
    assert_eq!(
        parsed(&["staff", "list", "--data-dir", "a", "--data-dir", "b"]),
        Command::Staff { action: StaffCommand::List { data: data("b") } }
    );
}

#[test]
fn help_is_recognised_before_and_after_the_command() {
    for args in [&["--help"][..], &["-h"], &["help"], &["serve", "--help"], &["staff", "--help"], &["help", "staff"]] {
        let err = parse_strs(args).expect_err("help is not a command to run");
        assert_eq!(err.kind(), ErrorKind::DisplayHelp, "{args:?}");
        assert_eq!(err.exit_code(), 0, "{args:?}");
    }
    let help = Cli::try_parse_from(["intake", "serve", "--help"]).expect_err("help").to_string();
    assert!(help.contains("--pow-bits") && help.contains("[default: 16]") && help.contains("0 to 32"), "{help}");
}

#[test]
fn bad_command_lines_are_usage_errors() {
    for args in [
        &[][..],
        &["launch"],
        &["serve", "--verbose"],
        &["serve", "--port"],
        &["serve", "--port", "eighty"],
        &["serve", "--port", "70000"],
        &["serve", "--bind", "localhost"],
        &["serve", "extra"],
        &["serve", "--pow-bits", "33"],
        &["serve", "--pow-bits", "-1"],
        &["serve", "--rate-limit", "many"],
    ] {
        let err = parse_strs(args).expect_err("a usage error");
        assert_eq!(err.exit_code(), 2, "{args:?}: {err}");
    }
}

#[test]
fn reply_needs_a_data_dir_an_id_and_a_text() {
    assert_eq!(
        parsed(&["reply", "--data-dir", "d", "--id", "abc", "--text", "已受理", "--status", "under_review"]),
        Command::Reply(ReplyArgs {
            data: data("d"),
            key_file: None,
            id: "abc".to_owned(),
            text: "已受理".to_owned(),
            text_zh: None,
            status: Some(Status::UnderReview),
        })
    );
    assert!(matches!(
        parsed(&["reply", "--data-dir", "d", "--key-file", "k", "--id", "a", "--text", "x"]),
        Command::Reply(ReplyArgs { key_file: Some(k), .. }) if k == std::path::Path::new("k")
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
        retention_days: Some(90),
        ..Config::default()
    };
    assert_eq!(
        serve(&["serve", "--key-file", "/etc/portal/report.key", "--secure-cookies", "--retention-days=90"]),
        expected
    );
    // Retention is on by default (a year), and off only when asked.
    assert_eq!(serve(&["serve"]).retention_days, Some(365));
    assert_eq!(serve(&["serve", "--no-retention"]).retention_days, None);
    assert!(parse_strs(&["serve", "--no-retention", "--retention-days", "30"]).is_err());
    assert!(parse_strs(&["serve", "--secure-cookies=yes"]).is_err());
    assert!(parse_strs(&["serve", "--retention-days", "-1"]).is_err());
    assert!(parse_strs(&["serve", "--key-file"]).is_err());
}

#[test]
fn staff_commands_need_a_data_dir_and_a_user() {
    let staff = |action| Command::Staff { action };
    assert_eq!(
        parsed(&["staff", "add", "--data-dir", "d", "--user", "tim", "--role", "triager"]),
        staff(StaffCommand::Add { data: data("d"), user: "tim".to_owned(), role: Role::Triager })
    );
    assert_eq!(
        parsed(&["staff", "password", "--data-dir=d", "--user=ada"]),
        staff(StaffCommand::Password { data: data("d"), user: "ada".to_owned() })
    );
    assert_eq!(
        parsed(&["staff", "disable", "--data-dir", "d", "--user", "tim"]),
        staff(StaffCommand::Disable { data: data("d"), user: "tim".to_owned() })
    );
    assert_eq!(
        parsed(&["staff", "enable", "--user", "tim", "--data-dir", "d"]),
        staff(StaffCommand::Enable { data: data("d"), user: "tim".to_owned() })
    );
    assert_eq!(parsed(&["staff", "list", "--data-dir", "d"]), staff(StaffCommand::List { data: data("d") }));
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
        parsed(&["retention", "--data-dir", "d", "--days", "180"]),
        Command::Retention { data: data("d"), days: 180 }
    );
    assert!(parse_strs(&["retention", "--data-dir", "d"]).is_err());
    assert!(parse_strs(&["retention", "--days", "1"]).is_err());
    assert!(parse_strs(&["retention", "--data-dir", "d", "--days", "soon"]).is_err());
}

#[test]
fn backup_needs_a_data_dir_and_an_out_file() {
    assert_eq!(
        parsed(&["backup", "--data-dir=d", "--out", "b.sqlite3"]),
        Command::Backup { data: data("d"), out: PathBuf::from("b.sqlite3") }
    );
    assert!(parse_strs(&["backup", "--data-dir", "d"]).is_err());
    assert_eq!(
        parsed(&["rotate-key", "--data-dir", "d", "--key-file", "k"]),
        Command::RotateKey { data: data("d"), key_file: Some(PathBuf::from("k")) }
    );
    assert!(parse_strs(&["rotate-key"]).is_err());
    assert!(parse_strs(&["backup", "--out", "b"]).is_err());
}

#[test]
fn the_command_line_is_consistent() {
    use clap::CommandFactory;
    Cli::command().debug_assert();
}

#[test]
fn the_disk_floor_takes_sizes_with_units() {
    assert_eq!(serve(&["serve"]).min_free_disk, 1 << 30, "1 GiB by default");
    assert_eq!(serve(&["serve", "--min-free-disk", "500M"]).min_free_disk, 500 << 20);
    assert_eq!(serve(&["serve", "--min-free-disk=2GiB"]).min_free_disk, 2 << 30);
    assert_eq!(serve(&["serve", "--min-free-disk", "4096"]).min_free_disk, 4096);
    assert_eq!(serve(&["serve", "--min-free-disk", "0"]).min_free_disk, 0);
    for bad in ["lots", "5X", "1.5G", "99999999999T", ""] {
        let err = parse_strs(&["serve", "--min-free-disk", bad]).expect_err(bad);
        assert_eq!(err.kind(), ErrorKind::ValueValidation, "{bad}");
    }
}
