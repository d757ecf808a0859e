//! Installs what the build and the tests need, each piece only if it is missing or at another
//! version. Where a piece cannot be installed, the error names it and says how to install it.

use crate::run::{cmd, output, run};
use crate::{Failure, root};

/// The Trunk release this project is built with (0.22 needs a newer Rust than the machines have).
pub const TRUNK_VERSION: &str = "0.21.14";
/// Debian packages the browser tests need, nginx and openssl for the test behind a real
/// reverse proxy (tests/e2e/proxy.test.mjs), and systemd for `systemd-analyze verify` of the
/// deploy kit's unit (crates/intake/tests/deploy_kit.rs).
pub const APT_PACKAGES: [&str; 6] = ["chromium", "chromium-driver", "fonts-noto-cjk", "nginx", "openssl", "systemd"];

/// The version of `package` pinned in Cargo.lock.
pub fn locked_version(package: &str) -> Result<String, Failure> {
    let lock =
        std::fs::read_to_string(root().join("Cargo.lock")).map_err(|e| Failure(format!("reading Cargo.lock: {e}")))?;
    let needle = format!("name = \"{package}\"\nversion = \"");
    let start = lock.find(&needle).ok_or_else(|| Failure(format!("{package} is not in Cargo.lock")))? + needle.len();
    let end = lock[start..].find('"').ok_or_else(|| Failure("Cargo.lock is malformed".into()))?;
    Ok(lock[start..start + end].to_owned())
}

fn have(program: &str) -> bool {
    output(program, &["--version"]).is_some()
}

fn install_hint(piece: &str, how: &str, err: Failure) -> Failure {
    Failure(format!("{piece} is missing and could not be installed ({}).\nInstall it by hand with:\n    {how}", err.0))
}

/// The wasm32 target, Trunk, wasm-bindgen-cli (at the Cargo.lock version) and the npm dev
/// dependencies (binaryen's wasm-opt, playwright-core, axe-core).
pub fn ensure_build_tools() -> Result<(), Failure> {
    // The wasm32 target.
    let targets = output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if !targets.lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        if !have("rustup") {
            return Err(Failure("rustup is missing, so the wasm32-unknown-unknown target cannot be added.\nInstall Rust with rustup (https://rustup.rs), then run: rustup target add wasm32-unknown-unknown".into()));
        }
        run(cmd("rustup", &["target", "add", "wasm32-unknown-unknown"]), "adding the wasm32 target").map_err(|e| {
            install_hint("the wasm32-unknown-unknown target", "rustup target add wasm32-unknown-unknown", e)
        })?;
    }
    // Trunk.
    let trunk = output("trunk", &["--version"]).unwrap_or_default();
    if trunk.split_whitespace().nth(1) != Some(TRUNK_VERSION) {
        println!("Installing Trunk {TRUNK_VERSION} (about 10 minutes on 2 cores; once per machine)…");
        run(cmd("cargo", &["install", "trunk", "--version", TRUNK_VERSION, "--locked"]), "installing Trunk").map_err(
            |e| install_hint("Trunk", &format!("cargo install trunk --version {TRUNK_VERSION} --locked"), e),
        )?;
    }
    // wasm-bindgen-cli, exactly as in Cargo.lock (otherwise Trunk would try to download one).
    let want = locked_version("wasm-bindgen")?;
    let have_wb = output("wasm-bindgen", &["--version"]).unwrap_or_default();
    if have_wb.split_whitespace().nth(1) != Some(want.as_str()) {
        println!("Installing wasm-bindgen-cli {want} (the version in Cargo.lock)…");
        // Without --locked: the registry index has lagged one of its lockfile pins here.
        run(
            cmd("cargo", &["install", "wasm-bindgen-cli", "--version", &want, "--force"]),
            "installing wasm-bindgen-cli",
        )
        .map_err(|e| {
            install_hint("wasm-bindgen-cli", &format!("cargo install wasm-bindgen-cli --version {want}"), e)
        })?;
    }
    ensure_npm()
}

/// The npm dev dependencies, exactly as in package-lock.json. A stamp with the lock file's hash
/// makes a second run a no-op.
fn ensure_npm() -> Result<(), Failure> {
    let lock = std::fs::read(root().join("package-lock.json"))
        .map_err(|e| Failure(format!("reading package-lock.json: {e}")))?;
    let stamp_path = root().join("node_modules").join(".portal-lock-hash");
    let want = format!("{:016x}", fnv1a(&lock));
    let current = std::fs::read_to_string(&stamp_path).unwrap_or_default();
    let wasm_opt = root().join("node_modules").join(".bin").join("wasm-opt");
    if current.trim() == want && wasm_opt.exists() {
        return Ok(());
    }
    if !have("npm") {
        return Err(Failure(
            "npm is missing. Install Node.js 20 with npm (Debian: apt-get install nodejs npm), then run: npm ci".into(),
        ));
    }
    run(cmd("npm", &["ci", "--no-audit", "--no-fund"]), "installing the npm dev dependencies")
        .map_err(|e| install_hint("the npm dev dependencies", "npm ci", e))?;
    std::fs::write(&stamp_path, want)?;
    Ok(())
}

/// Debian's Chromium, its ChromeDriver and CJK fonts, for the browser tests, nginx with openssl
/// for the proxy test, and systemd-analyze for the unit's check.
pub fn ensure_browser() -> Result<(), Failure> {
    let missing: Vec<&str> = APT_PACKAGES
        .into_iter()
        .filter(|p| {
            !output("dpkg-query", &["-W", "-f=${Status}", p]).is_some_and(|s| s.contains("install ok installed"))
        })
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    apt_install(&missing, "the browser and proxy packages")
}

/// Installs Debian packages with apt-get (through sudo when not root), or says how to.
fn apt_install(missing: &[&str], what: &str) -> Result<(), Failure> {
    let how = format!("apt-get update && apt-get install -y {}", missing.join(" "));
    if !have("apt-get") {
        return Err(Failure(format!(
            "{} missing and apt-get is not available.\nInstall them with your package manager, e.g.:\n    {how}",
            missing.join(", ")
        )));
    }
    let is_root = output("id", &["-u"]).is_some_and(|u| u.trim() == "0");
    let apt = |args: &[&str]| {
        let mut c = if is_root {
            cmd("apt-get", args)
        } else {
            let mut v = vec!["apt-get"];
            v.extend_from_slice(args);
            cmd("sudo", &v)
        };
        c.env("DEBIAN_FRONTEND", "noninteractive");
        c
    };
    run(apt(&["update"]), "apt-get update").map_err(|e| install_hint(&missing.join(", "), &how, e))?;
    let mut args = vec!["install", "-y", "--no-install-recommends"];
    args.extend(missing.iter().copied());
    run(apt(&args), &format!("installing {what}")).map_err(|e| install_hint(&missing.join(", "), &how, e))
}

/// The Python virtual environment the open-data tests read the portal's files with
/// (`target/py-venv`, with the third-party readers pinned in `tests/opendata/requirements.txt`:
/// pandas, frictionless, jsonschema, rispy, citeproc-py, pybtex, feedparser, prometheus-client, from PyPI). Debian's
/// `python3-venv` is installed first if Python cannot make a venv. A stamp with the requirements'
/// hash makes a second run a no-op.
pub fn ensure_python_readers() -> Result<(), Failure> {
    let requirements = root().join("tests").join("opendata").join("requirements.txt");
    let wanted =
        std::fs::read(&requirements).map_err(|e| Failure(format!("reading {}: {e}", requirements.display())))?;
    let venv = root().join("target").join("py-venv");
    let python = venv.join("bin").join("python");
    let stamp = venv.join(".portal-requirements-hash");
    let want = format!("{:016x}", fnv1a(&wanted));
    if python.is_file() && std::fs::read_to_string(&stamp).is_ok_and(|s| s.trim() == want) {
        return Ok(());
    }
    if !have("python3") {
        apt_install(&["python3", "python3-venv"], "Python")?;
    }
    if output("python3", &["-c", "import venv, ensurepip"]).is_none() {
        apt_install(&["python3-venv"], "Python's venv module")?;
    }
    let _ = std::fs::remove_dir_all(&venv);
    let venv_arg = venv.to_string_lossy().into_owned();
    let how = format!("python3 -m venv {venv_arg} && {venv_arg}/bin/pip install -r tests/opendata/requirements.txt");
    run(cmd("python3", &["-m", "venv", &venv_arg]), "making the Python venv for the open-data tests")
        .map_err(|e| install_hint("the Python venv", &how, e))?;
    let req_arg = requirements.to_string_lossy().into_owned();
    let pip = ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-input", "-r", req_arg.as_str()];
    run(cmd(&python.to_string_lossy(), &pip), "installing the Python readers (pandas, frictionless, …)")
        .map_err(|e| install_hint("the Python readers", &how, e))?;
    std::fs::write(&stamp, want)?;
    Ok(())
}

/// FNV-1a, enough to notice that a file changed.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}
