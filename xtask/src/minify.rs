//! JavaScript minified with terser (npm, pinned in `package-lock.json`): wasm-bindgen's script
//! and wasm-split's loader are both in the first load, and are written for people to read.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::{Context, bail};

const TERSER: &str = "node_modules/.bin/terser";

/// `source` (an ES module) minified, or unchanged when terser is not installed.
pub fn js(root: &Path, source: &str) -> anyhow::Result<String> {
    let terser = root.join(TERSER);
    if !terser.exists() {
        println!("terser not found (run `npm ci`); JavaScript left as written");
        return Ok(source.to_owned());
    }
    let mut child = Command::new(terser)
        .args(["--module", "--compress", "--mangle"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .context("running terser")?;
    // Written from another thread: terser may fill its output pipe before it has read all of
    // its input.
    let mut stdin = child.stdin.take().context("terser's input")?;
    let input = source.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output()?;
    writer
        .join()
        .map_err(|_| anyhow::anyhow!("writing to terser panicked"))??;
    if !output.status.success() {
        bail!("terser failed");
    }
    String::from_utf8(output.stdout).context("terser's output is UTF-8")
}
