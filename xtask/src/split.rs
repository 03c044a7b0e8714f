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
    // Every chunk's address is taken from one base, written once; shared chunks are loaded by
    // one function.
    loader = swap(
        &loader,
        "\nlet sharedImports",
        &format!(
            "\nconst chunks = new URL(\"./{folder}/\", import.meta.url);\n{SHARED_CHUNK}\nlet sharedImports"
        ),
    )?;
    loader = compact_shared_chunks(&loader, chunks.iter().map(|(stem, _)| stem.as_str()))?;
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

/// Loads shared chunk `n` (`chunk_<n>.wasm`), which needs no other: what wasm-split writes out
/// for each, once.
const SHARED_CHUNK: &str = "const sharedChunk = (n) => makeLoad(() => {
    const src = fetch(new URL(`chunk_${n}.wasm`, chunks));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}, []);";

/// The loader with each shared chunk's own copy of the loading code replaced by a call to
/// `SHARED_CHUNK`. wasm-split writes the same six lines for every one of the app's three hundred
/// shared chunks, and the loader is in the first load: this saves a third of a kilobyte there.
fn compact_shared_chunks<'a>(loader: &str, stems: impl Iterator<Item = &'a str>) -> anyhow::Result<String> {
    let mut loader = loader.to_owned();
    for stem in stems {
        let Some(n) = stem.strip_prefix("chunk_") else {
            continue;
        };
        let written = format!(
            "const __{stem} = makeLoad(() => {{\n    const src = fetch(new URL(\"{stem}.wasm\", chunks));\n    \
             src.catch(() => {{}});\n    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));\n}}\n, []);"
        );
        loader = swap(&loader, &written, &format!("const __{stem} = sharedChunk({n});"))?;
    }
    Ok(loader)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_chunks_load_through_one_function_and_splits_keep_their_own() {
        let loader = "const __chunk_7 = makeLoad(() => {
    const src = fetch(new URL(\"chunk_7.wasm\", chunks));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, []);
const __split_notes = makeLoad(() => {
    const src = fetch(new URL(\"split_notes.wasm\", chunks));
}
, [__chunk_7]);";
        let compact = compact_shared_chunks(loader, ["chunk_7", "split_notes"].into_iter()).unwrap();
        assert!(compact.starts_with("const __chunk_7 = sharedChunk(7);\nconst __split_notes = makeLoad("));
        assert!(compact.ends_with(", [__chunk_7]);"));
        assert!(
            compact_shared_chunks(loader, ["chunk_8"].into_iter()).is_err(),
            "a changed format is an error"
        );
    }
}
