//! `cargo xtask dist`: the browser app, from Rust and CSS to a `dist/` folder ready to serve.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};
use sha2::{Digest, Sha256};

pub struct Options {
    /// Build the WASM in the dev profile: faster to compile, far bigger.
    pub dev: bool,
    /// Run wasm-opt when it is installed.
    pub optimise: bool,
    /// Keep function names in the modules (for size analysis; never published).
    pub keep_names: bool,
}

const WASM_OPT: &str = "node_modules/.bin/wasm-opt";

/// The npm tools an optimised build needs (`npm ci` installs them), by their `.bin` names.
const NPM_TOOLS: [&str; 4] = ["wasm-opt", "purgecss", "csso", "terser"];

/// Which of [`NPM_TOOLS`] are not installed.
fn missing_tools(root: &Path) -> Vec<&'static str> {
    NPM_TOOLS
        .into_iter()
        .filter(|tool| !root.join("node_modules/.bin").join(tool).exists())
        .collect()
}

pub fn run(options: &Options) -> anyhow::Result<()> {
    let root = workspace_root()?;
    let dist = root.join("dist");
    let staging = root.join("target/dist-staging");
    for dir in [&dist, &staging] {
        if dir.exists() {
            fs::remove_dir_all(dir).with_context(|| format!("clearing {}", dir.display()))?;
        }
        fs::create_dir_all(dir)?;
    }

    let profile = if options.dev { "dev" } else { "wasm-release" };
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(&root)
        .args([
            "build",
            "--locked",
            "-p",
            "app",
            "--target",
            "wasm32-unknown-unknown",
            "--profile",
            profile,
        ])
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
            short_source_paths(&root),
        )
        .status()
        .context("running cargo build for the app")?;
    if !status.success() {
        bail!("building the app for wasm32 failed");
    }
    let profile_dir = if options.dev { "debug" } else { profile };
    let wasm_in = root
        .join("target/wasm32-unknown-unknown")
        .join(profile_dir)
        .join("app.wasm");

    let split = crate::split::split(&wasm_in, &staging.join("split"), "touchstone.js")?;
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&split.main)
        .keep_lld_exports(true)
        .web(true)?
        .typescript(false)
        .remove_name_section(!options.keep_names)
        .remove_producers_section(true)
        .out_name("touchstone")
        .generate(&staging)
        .context("wasm-bindgen")?;

    let wasm = staging.join("touchstone_bg.wasm");
    let js = staging.join("touchstone.js");
    // One read and one write of the main module and its script for both passes over them.
    let mut module =
        walrus::Module::from_file(&wasm).map_err(|e| anyhow::anyhow!("reading {}: {e}", wasm.display()))?;
    let mut script = fs::read_to_string(&js).with_context(|| format!("reading {}", js.display()))?;
    let dropped = crate::unused::drop_classes(&mut module, &mut script)?;
    println!(
        "{} unused classes taken out: {} exports, {} imports",
        dropped.classes, dropped.exports, dropped.imports
    );
    let renamed = crate::imports::shorten(&mut module, &mut script);
    println!("{renamed} imports given short names");
    module
        .emit_wasm_file(&wasm)
        .map_err(|e| anyhow::anyhow!("writing {}: {e}", wasm.display()))?;
    fs::write(&js, script)?;
    let wasm_opt = root.join(WASM_OPT);
    if options.optimise && !options.dev && wasm_opt.exists() {
        let modules: Vec<&PathBuf> = std::iter::once(&wasm).chain(&split.chunks).collect();
        optimise_all(&wasm_opt, &modules, options.keep_names)?;
    } else if options.optimise && !options.dev {
        println!("wasm-opt not found (run `npm ci`); skipping it");
    }

    let wasm_name = publish(&dist, "touchstone_bg", "wasm", &fs::read(&wasm)?)?;
    let published = crate::split::publish(&root, &split, &fs::read(staging.join("touchstone.js"))?, &dist)?;
    let js_name = published.js.clone();
    // wasm-bindgen puts inline JS of dependencies in snippets/, referenced by relative path.
    let snippets = staging.join("snippets");
    if snippets.exists() {
        copy_dir(&snippets, &dist.join("snippets"))?;
    }
    let sheets = crate::css::stylesheets(&root, &staging)?;
    let css_all = publish(&dist, "touchstone-all", "css", sheets.all.as_bytes())?;
    let boot = fs::read_to_string(root.join("app/boot.js"))?
        .replace("{{js}}", &js_name)
        .replace("{{wasm}}", &wasm_name)
        .replace("{{css_all}}", &css_all);
    let boot = crate::minify::js(&root, &boot)?;
    let page = Page {
        boot: publish(&dist, "boot", "js", boot.as_bytes())?,
        css: publish(&dist, "touchstone", "css", sheets.first.as_bytes())?,
        js: js_name,
        loader: published.loader.clone(),
        wasm: wasm_name,
    };
    for entry in fs::read_dir(root.join("app/static"))? {
        let entry = entry?;
        fs::copy(entry.path(), dist.join(entry.file_name()))?;
    }
    let template = fs::read_to_string(root.join("app/index.html"))?;
    fs::write(dist.join("index.html"), page.render(&template))?;
    crate::pwa::write_manifest(&dist)?;
    crate::pwa::write_icons(&dist)?;
    let shell: Vec<String> = files(&dist)?
        .iter()
        .filter_map(|p| p.strip_prefix(&dist).ok())
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect();
    crate::pwa::write_service_worker(&dist, &shell)?;

    precompress_all(&dist)?;
    report(&dist, &page)?;
    let sizes = crate::budget::Sizes::read(
        &dist,
        &[
            "index.html",
            &page.css,
            &page.boot,
            &page.js,
            &page.loader,
            &page.wasm,
        ],
        &published.routes,
    )?;
    sizes.print();
    let missing = missing_tools(&root);
    if options.dev || !options.optimise || options.keep_names {
        println!("Budget not checked: only the optimised release build without names is held to it.");
    } else if !missing.is_empty() {
        println!(
            "Budget not checked: {} not installed (run `npm ci`), so this build is not the optimised one.",
            missing.join(", ")
        );
    } else {
        let over = sizes.over_budget();
        if !over.is_empty() {
            bail!(
                "the bundle is over its download budget (see above for what each file weighs; \
                 `cargo xtask dist --names` then `twiggy top` shows what the WASM is made of):\n  {}",
                over.join("\n  ")
            );
        }
        println!("Within the download budget.");
    }
    Ok(())
}

/// `wasm-opt` ([`WASM_OPT_FLAGS`]) on every module, as many at once as the machine has cores (there are over a
/// hundred chunks).
fn optimise_all(wasm_opt: &Path, modules: &[&PathBuf], keep_names: bool) -> anyhow::Result<()> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| -> anyhow::Result<()> {
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(module) = modules.get(i) else {
                            return Ok(());
                        };
                        optimise(wasm_opt, module, keep_names)?;
                    }
                })
            })
            .collect();
        handles.into_iter().try_for_each(|h| {
            h.join()
                .map_err(|_| anyhow::anyhow!("a wasm-opt worker panicked"))?
        })
    })
}

/// How wasm-opt optimises. What is downloaded is the brotli of a module, and `-Os` gives less of
/// it than `-Oz` (the first module 184.3 KB against 186.0 KB, every chunk together 474.9 KB
/// against 477.0 KB) though more raw bytes: its inlining leaves code that compresses better.
/// Before it, `--flatten --rereloop` rebuilds each function's control flow from scratch, and
/// `-Os` three times over then shrinks what that leaves further than one `-Os` on the original:
/// the first module 185.0 KB against 186.5 KB, the largest chunks 1–1.5% less (measured with
/// brotli 11 on December's build; `--converge` and `-Oz` after the flattening both gave more).
/// `--low-memory-unused` lets constant offsets fold into loads and stores (−0.9 KB); it is sound
/// for Rust's layout, where nothing is addressed by wrapping below address 1024.
const WASM_OPT_FLAGS: [&str; 6] = [
    "--flatten",
    "--rereloop",
    "-Os",
    "-Os",
    "-Os",
    "--low-memory-unused",
];

/// `wasm-opt` on `module`, in place (with `-g`, keeping names, when asked).
fn optimise(wasm_opt: &Path, module: &Path, keep_names: bool) -> anyhow::Result<()> {
    let before = fs::metadata(module)?.len();
    let status = Command::new(wasm_opt)
        .args(WASM_OPT_FLAGS)
        .args(keep_names.then_some("-g"))
        .arg(module)
        .arg("-o")
        .arg(module)
        .status()?;
    if !status.success() {
        bail!("wasm-opt failed on {}", module.display());
    }
    let name = module.file_name().unwrap_or_default().to_string_lossy();
    println!(
        "wasm-opt {name}: {} → {}",
        kib(before),
        kib(fs::metadata(module)?.len())
    );
    Ok(())
}

/// Hashed file names for index.html.
struct Page {
    css: String,
    js: String,
    /// The split chunks' loader, which the bindgen script imports.
    loader: String,
    wasm: String,
    boot: String,
}

impl Page {
    fn render(&self, template: &str) -> String {
        template
            .replace("{{css}}", &self.css)
            .replace("{{js}}", &self.js)
            .replace("{{loader}}", &self.loader)
            .replace("{{wasm}}", &self.wasm)
            .replace("{{boot}}", &self.boot)
    }
}

/// Writes `bytes` as `stem-<10 hex of sha256>.ext` and returns that name. The server caches such
/// names for a year, so a changed file must get a new name: the hash guarantees it.
pub fn publish(dist: &Path, stem: &str, ext: &str, bytes: &[u8]) -> anyhow::Result<String> {
    let name = format!("{stem}-{}.{ext}", content_hash(&[bytes]));
    fs::write(dist.join(&name), bytes)?;
    Ok(name)
}

/// How many hex digits of a file's hash its name carries: 40 bits tell any two versions of a
/// file apart.
pub const HASH_DIGITS: usize = 10;

/// [`HASH_DIGITS`] hex digits of the SHA-256 of `parts`, one after another.
pub fn content_hash(parts: &[&[u8]]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part);
    }
    let digest: String = hasher.finalize().iter().map(|b| format!("{b:02x}")).collect();
    digest[..HASH_DIGITS].to_owned()
}

fn precompress_all(dist: &Path) -> anyhow::Result<()> {
    for path in files(dist)? {
        let bytes = fs::read(&path)?;
        let mut br = Vec::new();
        {
            let mut writer = brotli::CompressorWriter::new(&mut br, 4096, 11, 22);
            writer.write_all(&bytes)?;
        }
        fs::write(with_suffix(&path, "br"), br)?;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&bytes)?;
        fs::write(with_suffix(&path, "gz"), gz.finish()?)?;
    }
    Ok(())
}

fn report(dist: &Path, page: &Page) -> anyhow::Result<()> {
    println!("dist/ ready:");
    for name in [&page.wasm, &page.js, &page.css, &page.boot] {
        let size = |p: PathBuf| fs::metadata(p).map(|m| m.len()).unwrap_or(0);
        let path = dist.join(name);
        println!(
            "  {name:<40} {:>9}  gzip {:>9}  brotli {:>9}",
            kib(size(path.clone())),
            kib(size(with_suffix(&path, "gz"))),
            kib(size(with_suffix(&path, "br")))
        );
    }
    Ok(())
}

fn files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            out.extend(files(&path)?);
        } else {
            out.push(path);
        }
    }
    Ok(out)
}

fn copy_dir(from: &Path, to: &Path) -> anyhow::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

fn kib(bytes: u64) -> String {
    format!("{:.1} KiB", bytes as f64 / 1024.0)
}

/// `--remap-path-prefix` flags that shorten the source paths panic messages carry in the WASM
/// (`/root/.cargo/registry/src/index.crates.io-…/leptos-0.8.23/src/…` becomes
/// `leptos-0.8.23/src/…`; the app's own lose the workspace's folder). They are data in the first
/// download, and this way they are also the same on every machine. Cargo adds these to the
/// `rustflags` in `.cargo/config.toml`.
fn short_source_paths(root: &Path) -> String {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")));
    let mut prefixes = vec![root.to_path_buf()];
    if let Some(registries) = cargo_home.map(|home| home.join("registry/src"))
        && let Ok(entries) = fs::read_dir(registries)
    {
        prefixes.extend(entries.flatten().map(|e| e.path()));
    }
    prefixes
        .iter()
        .map(|from| format!("--remap-path-prefix={}/=", from.display()))
        .collect::<Vec<_>>()
        .join(" ")
}

fn workspace_root() -> anyhow::Result<PathBuf> {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    Ok(manifest
        .parent()
        .context("xtask lives in the workspace")?
        .to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_names_carry_a_content_hash() {
        let dir = std::env::temp_dir().join(format!("xtask-test-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let a = publish(&dir, "app", "js", b"one").unwrap();
        let b = publish(&dir, "app", "js", b"two").unwrap();
        assert_ne!(a, b);
        assert_eq!(a, publish(&dir, "app", "js", b"one").unwrap());
        let hash = a.strip_prefix("app-").unwrap().strip_suffix(".js").unwrap();
        assert_eq!(hash.len(), HASH_DIGITS);
        assert!(hash.bytes().all(|c| c.is_ascii_hexdigit()));
        fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn index_template_gets_every_name() {
        let page = Page {
            css: "c.css".into(),
            js: "j.js".into(),
            loader: "l.js".into(),
            wasm: "w.wasm".into(),
            boot: "b.js".into(),
        };
        assert_eq!(
            page.render("{{css}} {{js}} {{loader}} {{wasm}} {{boot}}"),
            "c.css j.js l.js w.wasm b.js"
        );
    }
}
