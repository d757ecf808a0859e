//! `feed build` and `feed validate` on a copy of the real `data/` tree: the layout of a built
//! version, idempotent rebuilds, and for every kind of broken source an error naming the file,
//! the record and the field path, with the output directory left byte-for-byte unchanged.

mod common;

use common::{Fixture, SAMPLE, at, copy_tree, diff, set, snapshot};
use portal_core::feed::disclosure::{DisclosureFile, ReportType};
use portal_core::feed::reference::Reference;
use portal_core::feed::validate::ValidationError;
use portal_core::feed::{EnterpriseDetail, FORMAT, Index, Latest, Manifest, Stats};
use portal_feed::build::{BuildError, Built, build, check};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

fn list(errors: &[ValidationError]) -> String {
    if errors.is_empty() { "\n  (no errors)".to_owned() } else { errors.iter().map(|e| format!("\n  {e}")).collect() }
}

fn build_ok(f: &Fixture) -> Built {
    match build(&f.data, &f.out) {
        Ok(b) => b,
        Err(BuildError::Invalid(errors)) => panic!("the real data should build:{}", list(&errors)),
        Err(e) => panic!("the real data should build: {e}"),
    }
}

fn parse<T: serde::de::DeserializeOwned>(path: &Path) -> T {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("parse {}: {e}", path.display()))
}

/// An error the build must report. A `path` ending in `*` matches by prefix.
struct Expect {
    file: &'static str,
    record: &'static str,
    path: &'static str,
    message: &'static str,
}

impl Expect {
    fn matches(&self, e: &ValidationError) -> bool {
        let path_ok = match self.path.strip_suffix('*') {
            Some(prefix) => e.path.starts_with(prefix),
            None => e.path == self.path,
        };
        e.file == self.file && e.record == self.record && path_ok && e.message.contains(self.message)
    }
}

fn expect(file: &'static str, record: &'static str, path: &'static str, message: &'static str) -> Expect {
    Expect { file, record, path, message }
}

type Breakage = Box<dyn Fn(&Fixture)>;

/// A breakage that edits the sample disclosures.
fn sample_edit(edit: impl Fn(&mut Value) + 'static) -> Breakage {
    Box::new(move |f: &Fixture| f.edit_json("disclosures/sample.json", &edit))
}

/// The sample's records by position, as the cases below use them.
const RECORDS: [(usize, &str); 4] =
    [(0, "e00000-2021-annual"), (1, "e00000-2022-annual"), (5, "e00001-2021-annual"), (10, "e00002-2021-annual")];

/// One broken input per case, with the errors it must produce.
fn breakages() -> Vec<(&'static str, Breakage, Vec<Expect>)> {
    vec![
        (
            "malformed JSON (truncated file)",
            Box::new(|f: &Fixture| {
                let bytes = std::fs::read(f.path("disclosures/sample.json")).expect("read");
                std::fs::write(f.path("disclosures/sample.json"), &bytes[..3000]).expect("truncate");
            }),
            vec![expect(SAMPLE, "records[0]", "records[0].*", "EOF while parsing")],
        ),
        (
            "an unknown field",
            sample_edit(|v| {
                at(v, "/records/3/enterprise")["colour"] = json!("red");
            }),
            vec![expect(SAMPLE, "records[3]", "records[3].enterprise.colour", "unknown field `colour`")],
        ),
        (
            "a bad CAS check digit",
            sample_edit(|v| set(v, "/records/0/toxic_raw_materials/0/cas", json!("75-09-3"))),
            vec![expect(SAMPLE, "e00000-2021-annual", "toxic_raw_materials[0].cas", "check digit is 3, expected 2")],
        ),
        (
            "an unknown list entry",
            sample_edit(|v| set(v, "/records/1/toxic_raw_materials/0/entry", json!(15))),
            vec![expect(SAMPLE, "e00000-2022-annual", "toxic_raw_materials[0].entry", "no list entry 15")],
        ),
        (
            "a bad USCC check character",
            sample_edit(|v| {
                let uscc = at(v, "/records/5/enterprise/uscc");
                let code = uscc.as_str().expect("a string").to_owned();
                let last = if code.ends_with('0') { '1' } else { '0' };
                *uscc = json!(format!("{}{last}", &code[..17]));
            }),
            vec![expect(SAMPLE, "e00001-2021-annual", "enterprise.uscc", "check digit")],
        ),
        (
            "a duplicated record",
            sample_edit(|v| {
                let first = at(v, "/records/0").clone();
                at(v, "/records").as_array_mut().expect("an array").push(first);
            }),
            vec![
                expect(SAMPLE, "e00000-2021-annual", "record_id", "duplicate record id"),
                expect(SAMPLE, "e00000-2021-annual", "report_year", "a second Annual report"),
            ],
        ),
        (
            "an unknown concentration unit \"ppm\"",
            sample_edit(|v| {
                set(v, "/records/2/outlets/0/pollutants/0/concentration/unit", json!("ppm"));
            }),
            // The measurement is an internally tagged enum, so the path stops at `concentration`.
            vec![expect(
                SAMPLE,
                "records[2]",
                "records[2].outlets[0].pollutants[0].concentration*",
                "unknown variant `ppm`",
            )],
        ),
        (
            "an unknown quantity unit \"ppm\"",
            sample_edit(|v| {
                set(v, "/records/2/toxic_raw_materials/0/annual_quantity/unit", json!("ppm"));
            }),
            vec![expect(
                SAMPLE,
                "records[2]",
                "records[2].toxic_raw_materials[0].annual_quantity.unit",
                "unknown variant `ppm`",
            )],
        ),
        (
            "an exhaust-gas limit on a water outlet",
            sample_edit(|v| {
                assert_eq!(at(v, "/records/0/outlets/0/medium"), &json!("water"));
                set(v, "/records/0/outlets/0/pollutants/0/limit", json!("gb31571-t6-dcm"));
            }),
            vec![expect(
                SAMPLE,
                "e00000-2021-annual",
                "outlets[0].pollutants[0].limit",
                "limit gb31571-t6-dcm is for exhaust gas, but this outlet discharges wastewater",
            )],
        ),
        (
            "a report year before 2021",
            sample_edit(|v| set(v, "/records/5/report_year", json!(2019))),
            vec![expect(SAMPLE, "e00001-2021-annual", "report_year", "2019 is outside 2021–")],
        ),
        (
            "a report year after the current one",
            sample_edit(|v| {
                let next = portal_feed::clock::current_year() + 1;
                set(v, "/records/10/report_year", json!(next));
                set(v, "/records/10/published_on", json!(format!("{}-03-01", next + 1)));
            }),
            vec![expect(SAMPLE, "e00002-2021-annual", "report_year", "is outside 2021–")],
        ),
        (
            "a missing reference file",
            Box::new(|f: &Fixture| std::fs::remove_file(f.path("reference/limits.json")).expect("remove")),
            vec![expect("data/reference/limits.json", "-", "-", "cannot read")],
        ),
        (
            "a missing disclosures directory",
            Box::new(|f: &Fixture| std::fs::remove_dir_all(f.path("disclosures")).expect("remove")),
            vec![expect("data/disclosures", "-", "-", "cannot list the directory")],
        ),
        (
            "an unknown field in a reference file",
            Box::new(|f: &Fixture| f.edit_json("reference/areas.json", |v| at(v, "/areas/0")["colour"] = json!("red"))),
            vec![expect("data/reference/areas.json", "areas[0]", "areas[0].colour", "unknown field `colour`")],
        ),
        (
            "a broken rule in the reference data",
            Box::new(|f: &Fixture| {
                f.edit_json("reference/limits.json", |v| set(v, "/limits/0/unit", json!("mg/m3")));
            }),
            vec![expect(
                "data/reference/limits.json",
                "limit gb3838-t3-chloroform",
                "limits[0].unit",
                "does not fit a surface water limit",
            )],
        ),
        (
            "errors in two disclosure files",
            Box::new(|f: &Fixture| {
                std::fs::write(f.path("disclosures/extra.json"), b"{\"records\": [").expect("write");
                f.edit_json("disclosures/sample.json", |v| set(v, "/records/5/report_year", json!(2019)));
            }),
            vec![
                expect("data/disclosures/extra.json", "-", "*", "EOF while parsing"),
                expect(SAMPLE, "e00001-2021-annual", "report_year", "2019 is outside"),
            ],
        ),
    ]
}

/// Checks that the sample still holds the records the cases rely on.
fn assert_record_positions(f: &Fixture) {
    let sample = f.read_json("disclosures/sample.json");
    for (i, id) in RECORDS {
        assert_eq!(sample["records"][i]["record_id"], json!(id), "records[{i}] of the sample");
    }
}

#[test]
fn building_the_real_data_writes_a_complete_version() {
    let f = Fixture::new();
    let built = build_ok(&f);
    assert!(built.written);
    assert_eq!(built.dir, f.out.join(&built.version));

    let source: DisclosureFile = parse(&f.path("disclosures/sample.json"));
    let annual = source.records.iter().filter(|d| d.report_type == ReportType::Annual).count();
    assert_eq!(built.records, source.records.len());
    assert_eq!(built.records, 586);

    let latest: Latest = parse(&f.out.join("latest.json"));
    assert_eq!(latest.version, built.version);
    assert_eq!(latest.format, FORMAT);
    assert!(latest.is_sample, "the sample data must be labelled as such");

    let dir = f.out.join(&latest.version);
    for file in ["manifest.json", "index.json", "reference.json", "stats.json", "schema/disclosure.schema.json"] {
        assert!(dir.join(file).is_file(), "{file} is missing");
    }
    let manifest: Manifest = parse(&dir.join("manifest.json"));
    assert_eq!(manifest.version, built.version);
    assert_eq!(manifest.format, FORMAT);
    assert_eq!(manifest.built_at, latest.built_at);
    assert!(manifest.is_sample);
    // The source line is shown to the public under every chart: reader's words in both languages,
    // never a path or a command.
    assert_eq!(manifest.source, "示例数据：企业均为虚构 · Sample data: all enterprises are fictitious");
    assert_eq!(manifest.years, vec![2021, 2022, 2023, 2024, 2025]);
    assert_eq!(manifest.counts.records, source.records.len());
    assert_eq!(manifest.counts.annual_records, annual);
    assert_eq!(manifest.counts.temporary_records, source.records.len() - annual);
    for rel in [&manifest.files.index, &manifest.files.reference, &manifest.files.stats, &manifest.files.schema] {
        assert!(dir.join(rel).is_file(), "the manifest names {rel}, which is missing");
    }

    let index: Index = parse(&dir.join("index.json"));
    assert_eq!(index.version, built.version);
    assert_eq!(manifest.counts.enterprises, index.enterprises.len());
    assert_eq!(built.enterprises, index.enterprises.len());
    let ids: BTreeSet<&str> = index.enterprises.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), index.enterprises.len(), "index ids are unique");
    assert_eq!(ids, source.records.iter().map(|d| d.enterprise.id.as_str()).collect(), "one entry per enterprise");
    assert!(index.enterprises.iter().all(|e| e.is_sample));

    // One detail file per index entry, and nothing else in enterprises/.
    let enterprises_dir = dir.join(&manifest.files.enterprises_dir);
    let files: BTreeSet<String> = std::fs::read_dir(&enterprises_dir)
        .expect("list enterprises/")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    let want: BTreeSet<String> = ids.iter().map(|id| format!("{id}.json")).collect();
    assert_eq!(files, want);
    let mut records = 0;
    for entry in &index.enterprises {
        let detail: EnterpriseDetail = parse(&enterprises_dir.join(format!("{}.json", entry.id)));
        assert_eq!(detail.version, built.version);
        assert_eq!(detail.enterprise.id, entry.id);
        assert_eq!(detail.enterprise.uscc, entry.uscc);
        assert!(detail.records.iter().all(|d| d.enterprise.id == entry.id));
        assert_eq!(detail.missing_years, entry.missing_years);
        records += detail.records.len();
    }
    assert_eq!(records, source.records.len(), "every record lands in exactly one detail file");

    let reference: Reference = parse(&dir.join("reference.json"));
    assert_eq!(reference.substances.entries.len(), 14);
    assert_eq!(reference, portal_feed::load::load(&f.data).reference.expect("the sources load"));
    let stats: Stats = parse(&dir.join("stats.json"));
    assert_eq!(stats.version, built.version);
    assert_eq!(stats.years.iter().map(|y| y.year).collect::<Vec<_>>(), manifest.years);
    let schema = std::fs::read(dir.join("schema/disclosure.schema.json")).expect("read the schema");
    assert_eq!(schema, portal_feed::schema::disclosure_schema_json().expect("schema"));

    // Nothing but latest.json and the version directory: no staging leftovers.
    let stray: Vec<String> = snapshot(&f.out)
        .into_keys()
        .filter(|k| k != "latest.json" && !k.starts_with(&format!("{}/", built.version)))
        .collect();
    assert!(stray.is_empty(), "stray files: {stray:?}");
}

#[test]
fn rebuilding_unchanged_sources_keeps_the_version_and_writes_nothing() {
    let f = Fixture::new();
    let first = build_ok(&f);
    let before = snapshot(&f.out);
    let second = build_ok(&f);
    assert_eq!(second.version, first.version);
    assert!(!second.written, "an unchanged version must not be rewritten");
    assert_eq!(second.records, first.records);
    assert_eq!(second.enterprises, first.enterprises);
    let after = snapshot(&f.out);
    assert!(before == after, "the output changed:\n{}", diff(&before, &after));
}

#[test]
fn the_version_does_not_depend_on_the_data_directory_or_its_formatting() {
    let a = Fixture::new();
    let b = Fixture::named("elsewhere");
    // Same content, other formatting: compact and with keys in another order.
    b.edit_json("disclosures/sample.json", |_| {});
    let va = build_ok(&a).version;
    let vb = build_ok(&b).version;
    assert_eq!(va, vb);
}

#[test]
fn a_changed_source_builds_a_new_version_and_keeps_the_old_one() {
    let f = Fixture::new();
    let first = build_ok(&f);
    let old_files: Vec<(String, Vec<u8>)> =
        snapshot(&f.out).into_iter().filter(|(k, _)| k.starts_with(&format!("{}/", first.version))).collect();
    f.edit_json("disclosures/sample.json", |v| {
        set(v, "/records/0/outlets/0/pollutants/0/concentration/value", json!(0.042));
    });
    let second = build_ok(&f);
    assert_ne!(second.version, first.version);
    assert!(second.written);
    let latest: Latest = parse(&f.out.join("latest.json"));
    assert_eq!(latest.version, second.version);
    let now = snapshot(&f.out);
    for (k, bytes) in &old_files {
        assert_eq!(now.get(k), Some(bytes), "{k} of the previous version changed");
    }
}

#[test]
fn each_broken_input_fails_with_named_errors_and_leaves_the_output_unchanged_table_driven() {
    // One valid build, copied as the starting output of every case.
    let valid = Fixture::new();
    assert_record_positions(&valid);
    build_ok(&valid);
    let baseline = snapshot(&valid.out);
    assert!(baseline.contains_key("latest.json"));

    let mut failures = Vec::new();
    for (name, breakage, expected) in breakages() {
        let f = Fixture::new();
        copy_tree(&valid.out, &f.out);
        breakage(&f);
        match build(&f.data, &f.out) {
            Ok(b) => failures.push(format!("{name}: built version {} instead of failing", b.version)),
            Err(BuildError::Io { context, source }) => failures.push(format!("{name}: I/O error {context}: {source}")),
            Err(BuildError::Invalid(errors)) => {
                for want in &expected {
                    if !errors.iter().any(|e| want.matches(e)) {
                        failures.push(format!(
                            "{name}: expected `{}: {}: {}: …{}…`, got:{}",
                            want.file,
                            want.record,
                            want.path,
                            want.message,
                            list(&errors)
                        ));
                    }
                }
                // `check` (what `feed validate` runs) reports exactly the same errors.
                match check(&f.data) {
                    Ok(_) => failures.push(format!("{name}: check passed")),
                    Err(again) if again != errors => failures.push(format!("{name}: check reports other errors")),
                    Err(_) => {}
                }
            }
        }
        let after = snapshot(&f.out);
        if after != baseline {
            failures.push(format!("{name}: the output changed:\n{}", diff(&baseline, &after)));
        }
    }
    assert!(failures.is_empty(), "{} failure(s):\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn a_failed_build_creates_no_output_directory() {
    let f = Fixture::new();
    f.edit_json("disclosures/sample.json", |v| set(v, "/records/0/toxic_raw_materials/0/cas", json!("75-09-3")));
    let result = build(&f.data, &f.out);
    assert!(matches!(result, Err(BuildError::Invalid(ref e)) if !e.is_empty()), "{result:?}");
    assert!(!f.out.exists(), "the output directory was created");
}

#[test]
fn an_incomplete_version_directory_is_replaced() {
    let f = Fixture::new();
    let first = build_ok(&f);
    let complete = snapshot(&first.dir);
    // As if an older tool had been interrupted: no manifest, a stray file, a missing detail.
    std::fs::remove_file(first.dir.join("manifest.json")).expect("remove the manifest");
    std::fs::remove_file(first.dir.join("stats.json")).expect("remove stats");
    std::fs::write(first.dir.join("junk.tmp"), b"partial").expect("write junk");
    let second = build_ok(&f);
    assert_eq!(second.version, first.version);
    assert!(second.written, "an incomplete version must be rewritten");
    let now = snapshot(&second.dir);
    assert_eq!(now.keys().collect::<Vec<_>>(), complete.keys().collect::<Vec<_>>());
    for (k, bytes) in &complete {
        // The manifest and the data package carry the build time.
        if k != "manifest.json" && k != "datapackage.json" {
            assert_eq!(now.get(k), Some(bytes), "{k}");
        }
    }
}

#[test]
fn an_enterprise_id_that_is_not_a_plain_slug_is_rejected() {
    for id in ["../../../escaped", "a/b", ""] {
        let f = Fixture::new();
        f.edit_json("disclosures/sample.json", |v| {
            for record in at(v, "/records").as_array_mut().expect("an array") {
                if record["enterprise"]["id"] == json!("e00000") {
                    record["enterprise"]["id"] = json!(id);
                }
            }
        });
        let outside_before = snapshot(f.dir.path());
        let result = build(&f.data, &f.out);
        let escaped = f.dir.path().join("escaped.json").exists();
        match result {
            Err(BuildError::Invalid(errors)) => {
                assert!(errors.iter().any(|e| e.path == "enterprise.id"), "{id:?}:{}", list(&errors));
                assert_eq!(snapshot(f.dir.path()), outside_before, "{id:?}: files changed");
            }
            other => panic!("{id:?}: expected a validation error on enterprise.id, got {other:?} (escaped: {escaped})"),
        }
    }
}

#[test]
fn reference_errors_name_the_file_under_the_real_data_directory() {
    let f = Fixture::named("sources");
    f.edit_json("reference/limits.json", |v| set(v, "/limits/0/unit", json!("mg/m3")));
    f.edit_json("disclosures/sample.json", |v| set(v, "/records/5/report_year", json!(2019)));
    let Err(errors) = check(&f.data) else { panic!("the sources are broken") };
    assert!(errors.iter().any(|e| e.file == "sources/disclosures/sample.json"), "{}", list(&errors));
    assert!(errors.iter().any(|e| e.file == "sources/reference/limits.json"), "{}", list(&errors));
}

// --- the binary ----------------------------------------------------------------------------------

fn feed(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_feed")).args(args).output().expect("run the feed binary")
}

#[test]
fn feed_validate_lists_every_error_with_file_record_and_field_and_fails() {
    let f = Fixture::new();
    assert_record_positions(&f);
    f.edit_json("disclosures/sample.json", |v| {
        set(v, "/records/0/toxic_raw_materials/0/cas", json!("75-09-3"));
        set(v, "/records/5/report_year", json!(2019));
        set(v, "/records/10/enterprise/industry", json!("steelmaking"));
    });
    std::fs::write(f.path("disclosures/extra.json"), br#"{"records": [], "obligations": [], "x": 1}"#).expect("write");
    let Err(errors) = check(&f.data) else { panic!("the sources are broken") };

    let data = f.data.to_str().expect("a UTF-8 path");
    let output = feed(&["validate", "--data", data]);
    assert!(!output.status.success(), "feed validate must fail on broken data");
    let stderr = String::from_utf8_lossy(&output.stderr);
    for line in [
        "error: data/disclosures/sample.json: e00000-2021-annual: toxic_raw_materials[0].cas: check digit is 3, expected 2",
        "error: data/disclosures/sample.json: e00001-2021-annual: report_year: 2019 is outside 2021–",
        "error: data/disclosures/sample.json: e00002-2021-annual: enterprise.industry: unknown industry \"steelmaking\"",
        "error: data/disclosures/extra.json: -: x: unknown field `x`",
    ] {
        assert!(stderr.contains(line), "stderr lacks {line:?}:\n{stderr}");
    }
    // Every error, each on its own line, and nothing reported twice.
    let printed: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error: ")).collect();
    let want: Vec<String> = errors.iter().map(|e| format!("error: {e}")).collect();
    assert_eq!(printed, want);
    assert!(stderr.contains(&format!("{} error(s)", errors.len())), "{stderr}");
}

#[test]
fn feed_validate_accepts_the_real_data() {
    let f = Fixture::new();
    let output = feed(&["validate", "--data", f.data.to_str().expect("a UTF-8 path")]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "exit {:?}\n{}", output.status, String::from_utf8_lossy(&output.stderr));
    assert!(stdout.contains("valid (1 disclosure file(s), 586 record(s))"), "{stdout}");
}

#[test]
fn feed_build_on_broken_data_fails_and_writes_nothing() {
    let f = Fixture::new();
    f.edit_json("disclosures/sample.json", |v| set(v, "/records/0/outlets/0/code", json!("DX001")));
    let output = feed(&[
        "build",
        "--data",
        f.data.to_str().expect("a UTF-8 path"),
        "--out",
        f.out.to_str().expect("a UTF-8 path"),
    ]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("error: data/disclosures/sample.json: e00000-2021-annual: outlets[0].code: expected the form"),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert!(!f.out.exists());
}

#[test]
fn a_wrong_command_line_is_a_usage_error_with_status_2() {
    for (args, says) in [
        (&["validate", "--bogus", "x"][..], "unexpected argument '--bogus'"),
        (&["import", "--csv", "a.csv"][..], "--out <FILE>"),
        (&["generate", "--enterprises", "many"][..], "invalid value 'many'"),
        (&["frob"][..], "unrecognized subcommand 'frob'"),
        (&[][..], "Usage: feed <COMMAND>"),
    ] {
        let output = feed(args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
    // Help is not an error.
    let output = feed(&["--help"]);
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stdout).contains("validate"));
}
