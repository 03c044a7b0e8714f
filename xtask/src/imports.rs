//! Short names for the JavaScript functions the main module imports.
//!
//! wasm-bindgen names each import after its function and a 16-digit hash
//! (`__wbg_then_3a4f899454bcf8c9`), once in the module and once in the script that provides it.
//! The hashes do not compress: for about 220 imports they were 4 KB of the first download.
//! Each is renamed to a short name (`$0`, `$1`, …) in both places; a name that is not found
//! exactly once in the script is left alone.

/// The module name wasm-bindgen gives the script's imports.
pub const SCRIPT: &str = "./touchstone_bg.js";

/// Renames the hashed imports of `module` in it and in `script`. Returns how many.
pub fn shorten(module: &mut walrus::Module, script: &mut String) -> usize {
    let mut renamed = 0;
    for import in module.imports.iter_mut() {
        if import.module != SCRIPT || !hashed(&import.name) || script.matches(&import.name).count() != 1 {
            continue;
        }
        let short = format!("${renamed:x}");
        *script = script.replace(&import.name, &short);
        import.name = short;
        renamed += 1;
    }
    renamed
}

/// Whether `name` ends in wasm-bindgen's `_` and 16 hex digits.
fn hashed(name: &str) -> bool {
    name.rsplit_once('_')
        .is_some_and(|(_, hash)| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_bindgen_hashes_count() {
        assert!(hashed("__wbg_then_3a4f899454bcf8c9"));
        assert!(!hashed("__wbindgen_malloc"));
        assert!(!hashed("__wasm_split_load_notes"));
        assert!(!hashed("__wbg_x_3a4f899454bcf8cz"));
    }
}
