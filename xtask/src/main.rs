//! Build tasks, in Rust so they need nothing downloaded from outside the package registries.
//!
//! `cargo xtask dist [--dev] [--no-opt]` builds the browser app into `dist/`:
//! 1. `cargo build -p app --target wasm32-unknown-unknown --profile wasm-release`;
//! 2. wasm-bindgen (the library, pinned by Cargo.lock to the app's exact wasm-bindgen version);
//! 3. `wasm-opt -Oz` from npm `binaryen`, when installed (Debian's old binaryen breaks the app);
//! 4. GOV.UK Frontend's CSS, with the GDS Transport font swapped for Arial (that font is for
//!    gov.uk domains only), followed by the app's own sheet from `style/`;
//! 5. content-hashed names, `index.html` pointing at them, a web app manifest, icons and a
//!    service worker precaching this build, and `.br` + `.gz` twins of every file.

mod dist;
mod pwa;

use anyhow::bail;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("dist") => dist::run(&dist::Options {
            dev: args.iter().any(|a| a == "--dev"),
            optimise: !args.iter().any(|a| a == "--no-opt"),
        }),
        _ => bail!("usage: cargo xtask dist [--dev] [--no-opt]"),
    }
}
