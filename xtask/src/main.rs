//! Build tasks, in Rust so they need nothing downloaded from outside the package registries.
//!
//! `cargo xtask dist [--dev] [--no-opt] [--names]` builds the browser app into `dist/`:
//! 1. `cargo build -p app --target wasm32-unknown-unknown --profile wasm-release` (linked with
//!    relocations, see `.cargo/config.toml`);
//! 2. wasm-split: the first download and a chunk per route group (`split.rs`);
//! 3. wasm-bindgen on the first download (the library, pinned by Cargo.lock to the app's exact
//!    wasm-bindgen version), keeping the exports the chunks link against;
//!    then the classes a dependency exports and the app never uses taken out (`unused.rs`) and
//!    short names for its imports from the script (`imports.rs`);
//! 4. `wasm-opt --flatten --rereloop -Os -Os -Os --low-memory-unused` on every module (smaller
//!    once compressed than `-Oz`),
//!    from npm `binaryen`, when installed (Debian's old binaryen breaks the app);
//! 5. GOV.UK Frontend's CSS, with the GDS Transport font swapped for Arial (that font is for
//!    gov.uk domains only), followed by the app's own sheet from `style/`, less the rules for
//!    classes the app never names, minified by csso (`css.rs`);
//! 6. minified JavaScript (`minify.rs`), content-hashed names, `index.html` pointing at them, a
//!    web app manifest, icons and a
//!    service worker precaching this build (every chunk too), and `.br` + `.gz` twins;
//! 7. the download budget (`budget.rs`): sizes printed, and the build fails when over it (the
//!    optimised release build only).
//!
//! `--names` keeps the modules' function names, for reading what the bytes are made of with
//! `twiggy top dist/touchstone_bg-*.wasm` (the sizes printed are then not the published ones).

mod budget;
mod css;
mod dist;
mod imports;
mod minify;
mod pwa;
mod split;
mod unused;

use anyhow::bail;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("dist") => dist::run(&dist::Options {
            dev: args.iter().any(|a| a == "--dev"),
            optimise: !args.iter().any(|a| a == "--no-opt"),
            keep_names: args.iter().any(|a| a == "--names"),
        }),
        _ => bail!("usage: cargo xtask dist [--dev] [--no-opt] [--names]"),
    }
}
