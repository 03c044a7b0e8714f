//! Splitting the linked app into the first download and per-route chunks (wasm-split), before
//! wasm-bindgen. The app's `#[wasm_split(chunk, ..)]` functions mark where a chunk starts.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Context;

/// The split tool's output, in `dir`.
pub struct Split {
    /// The main module, for wasm-bindgen.
    pub main: PathBuf,
    /// Every chunk's `.wasm` file.
    pub chunks: Vec<PathBuf>,
    /// The JavaScript that fetches and links the chunks.
    pub loader: PathBuf,
    /// For each split (a route group), the chunk file stems it needs, its own last.
    pub needs: BTreeMap<String, Vec<String>>,
}

/// The name the main module imports the loader by, and the bindgen script it imports back.
pub const LOADER: &str = "__wasm_split.js";

pub fn split(wasm: &Path, dir: &Path, main_js: &str) -> anyhow::Result<Split> {
    fs::create_dir_all(dir)?;
    let input = fs::read(wasm).with_context(|| format!("reading {}", wasm.display()))?;
    let main = dir.join("main.wasm");
    let link_name = format!("./{LOADER}");
    let main_module = format!("./{main_js}");
    let mut options = wasm_split_cli_support::Options::new(&input);
    options.output_dir = dir;
    options.main_out_path = &main;
    options.link_name = &link_name;
    options.main_module = &main_module;
    let out = wasm_split_cli_support::transform(options).map_err(|e| anyhow::anyhow!("wasm-split: {e:?}"))?;
    Ok(Split {
        main,
        chunks: out.split_modules,
        loader: dir.join(LOADER),
        needs: out.prefetch_map.into_iter().collect(),
    })
}

/// Writes the chunks and the loader into `dist`, and the bindgen script `js` (which imports the
/// loader, which imports it back) beside them. Returns the script's published name. Both are
/// minified as they are written.
///
/// The chunks go into one folder named after the hash of them all (`chunks-<hash>/chunk_13.wasm`),
/// not each under its own hash: the loader, which is in the first load, names every chunk, and
/// 138 hashes cost 0.8 KB of it there (hex does not compress). Nothing is lost by it: a chunk
/// refers to the main module's functions and data by index and address, so a change to the app
/// changes nearly every chunk anyway.
///
/// The script and the loader name each other, so neither can be named after its own content
/// alone: both are named after one hash of the pair, taken before the names are written in.
pub fn publish(root: &Path, split: &Split, js: &[u8], dist: &Path) -> anyhow::Result<Published> {
    let mut loader = fs::read_to_string(&split.loader)?;
    let chunks = split
        .chunks
        .iter()
        .map(|chunk| Ok((stem(chunk)?, fs::read(chunk)?)))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let folder = format!(
        "chunks-{}",
        crate::dist::content_hash(
            &chunks
                .iter()
                .flat_map(|(s, b)| [s.as_bytes(), b])
                .collect::<Vec<_>>()
        )
    );
    fs::create_dir_all(dist.join(&folder))?;
    let mut chunk_names = BTreeMap::new();
    for (stem, bytes) in &chunks {
        fs::write(dist.join(&folder).join(format!("{stem}.wasm")), bytes)?;
        loader = swap(
            &loader,
            &format!("new URL(\"./{stem}.wasm\", import.meta.url)"),
            &format!("new URL(\"{stem}.wasm\", chunks)"),
        )?;
        chunk_names.insert(stem.clone(), format!("{folder}/{stem}.wasm"));
    }
    // Every chunk's address is taken from one base, written once.
    loader = swap(
        &loader,
        "\nlet sharedImports",
        &format!("\nconst chunks = new URL(\"./{folder}/\", import.meta.url);\nlet sharedImports"),
    )?;
    let js = String::from_utf8(js.to_vec()).context("the bindgen script is UTF-8")?;
    let pair = crate::dist::content_hash(&[js.as_bytes(), loader.as_bytes()]);
    let js_name = format!("touchstone-{pair}.js");
    let loader_name = format!("__wasm_split-{pair}.js");
    // Only the `import … from` names change: the main module's imports stay keyed by the name
    // it was linked with.
    let js = swap(
        &js,
        &format!("from \"./{LOADER}\""),
        &format!("from \"./{loader_name}\""),
    )?;
    let loader = swap(
        &loader,
        "from \"./touchstone.js\"",
        &format!("from \"./{js_name}\""),
    )?;
    fs::write(dist.join(&js_name), crate::minify::js(root, &js)?)?;
    fs::write(dist.join(&loader_name), crate::minify::js(root, &loader)?)?;
    let routes = split
        .needs
        .iter()
        .map(|(route, stems)| {
            let files = stems
                .iter()
                .map(|s| {
                    chunk_names
                        .get(s)
                        .cloned()
                        .context("a route needs an unknown chunk")
                })
                .collect::<anyhow::Result<Vec<_>>>()?;
            Ok((route.clone(), files))
        })
        .collect::<anyhow::Result<_>>()?;
    Ok(Published {
        js: js_name,
        loader: loader_name,
        routes,
    })
}

/// What `publish` wrote.
pub struct Published {
    pub js: String,
    pub loader: String,
    /// Each route group's chunk files in `dist`.
    pub routes: BTreeMap<String, Vec<String>>,
}

fn stem(path: &Path) -> anyhow::Result<String> {
    Ok(path
        .file_stem()
        .and_then(|s| s.to_str())
        .context("chunk names are UTF-8")?
        .to_owned())
}

/// `text` with every `from` replaced by `to`; none means the tools' output changed.
fn swap(text: &str, from: &str, to: &str) -> anyhow::Result<String> {
    if !text.contains(from) {
        anyhow::bail!("expected `{from}` in the generated JavaScript; has its format changed?");
    }
    Ok(text.replace(from, to))
}
