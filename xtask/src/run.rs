//! Running commands: with the project's tools on PATH, echoing their output, and capturing it
//! where the caller needs to count results.

use crate::{Failure, root};
use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// PATH with the npm tools (wasm-opt) and cargo's bin directory first.
pub fn tool_path() -> String {
    let mut dirs: Vec<PathBuf> = vec![root().join("node_modules").join(".bin")];
    if let Some(home) = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
    {
        dirs.push(home.join("bin"));
    }
    let mut path = std::env::join_paths(&dirs).map(|p| p.to_string_lossy().into_owned()).unwrap_or_default();
    if let Some(old) = std::env::var_os("PATH") {
        path.push(':');
        path.push_str(&old.to_string_lossy());
    }
    path
}

/// A command run from the repository root with the tool PATH.
pub fn cmd(program: &str, args: &[&str]) -> Command {
    let mut c = Command::new(program);
    c.args(args).current_dir(root()).env("PATH", tool_path());
    c
}

/// Prints the command, runs it, and fails with `what` if it does not succeed.
pub fn run(mut c: Command, what: &str) -> Result<(), Failure> {
    println!("$ {}", describe(&c));
    let status = c.status().map_err(|e| Failure(format!("{what}: could not start {:?}: {e}", c.get_program())))?;
    if status.success() { Ok(()) } else { Err(Failure(format!("{what} failed ({status})"))) }
}

/// Runs a command, echoing stdout and stderr as they come, and returns (success, combined output).
pub fn run_capture(mut c: Command) -> Result<(bool, String), Failure> {
    println!("$ {}", describe(&c));
    let mut child = c
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| Failure(format!("could not start {:?}: {e}", c.get_program())))?;
    let out = child.stdout.take();
    let err = child.stderr.take();
    let echo = |stream: Option<Box<dyn Read + Send>>, to_err: bool| {
        std::thread::spawn(move || {
            let mut seen = String::new();
            if let Some(s) = stream {
                for line in BufReader::new(s).lines().map_while(Result::ok) {
                    if to_err {
                        eprintln!("{line}")
                    } else {
                        println!("{line}")
                    }
                    seen.push_str(&line);
                    seen.push('\n');
                }
            }
            seen
        })
    };
    let t_out = echo(out.map(|s| Box::new(s) as Box<dyn Read + Send>), false);
    let t_err = echo(err.map(|s| Box::new(s) as Box<dyn Read + Send>), true);
    let status = child.wait()?;
    let mut text = t_out.join().unwrap_or_default();
    text.push_str(&t_err.join().unwrap_or_default());
    Ok((status.success(), text))
}

/// The stdout of a command, or `None` if it cannot run or fails.
pub fn output(program: &str, args: &[&str]) -> Option<String> {
    let o = cmd(program, args).stderr(Stdio::null()).output().ok()?;
    o.status.success().then(|| String::from_utf8_lossy(&o.stdout).into_owned())
}

fn describe(c: &Command) -> String {
    std::iter::once(c.get_program().to_string_lossy().into_owned())
        .chain(c.get_args().map(|a| a.to_string_lossy().into_owned()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Replaces this process with the intake service serving `site` (one process; Ctrl-C reaches it
/// directly and it shuts down cleanly).
pub fn serve(site: &std::path::Path, port: u16, data_dir: &str) -> Result<(), Failure> {
    let bin = crate::build::target_dir().join("debug").join("intake");
    let mut c = cmd(
        &bin.to_string_lossy(),
        &["serve", "--port", &port.to_string(), "--data-dir", data_dir, "--site-dir", &site.to_string_lossy()],
    );
    println!("$ {}", describe(&c));
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        let err = c.exec();
        Err(Failure(format!("could not start the intake service: {err}")))
    }
    #[cfg(not(unix))]
    {
        run(c, "the intake service")
    }
}
