//! Classes that a dependency exports to JavaScript and Touchstone never uses, taken out of the
//! first download.
//!
//! leptos's `csr` feature always brings its server functions' browser side, and with it
//! `wasm-streams`, whose `#[wasm_bindgen]` classes (`IntoUnderlyingSource` and its kin) wrap Rust
//! streams as JavaScript ones. Touchstone has no server functions and no streams, but an export
//! is a root: wasm-bindgen writes each class into the script, and their methods, the async code
//! under them and the JavaScript functions only they import all stay in the main module.
//! Here the classes leave the script, their exports leave the module, the module is collected
//! (what only they reached goes), and the script stops supplying imports the module no longer
//! has. Each step checks what it removes, so a wasm-bindgen whose output looks different fails
//! the build instead of leaving something half there.

use std::collections::BTreeSet;

use anyhow::{Context, bail};

use crate::imports::SCRIPT;

/// The classes dropped: `wasm-streams`'s adapters from Rust streams to JavaScript ones.
pub const CLASSES: [&str; 3] = [
    "IntoUnderlyingByteSource",
    "IntoUnderlyingSink",
    "IntoUnderlyingSource",
];

/// What was taken out.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Dropped {
    pub classes: usize,
    pub exports: usize,
    pub imports: usize,
}

/// Drops [`CLASSES`] from `module` and `script` (wasm-bindgen's output).
pub fn drop_classes(module: &mut walrus::Module, script: &mut String) -> anyhow::Result<Dropped> {
    let mut dropped = Dropped::default();
    for class in CLASSES {
        if let Some(rest) = without_class(script, class)? {
            *script = rest;
            dropped.classes += 1;
        }
    }
    let gone: Vec<_> = module
        .exports
        .iter()
        .filter(|e| CLASSES.iter().any(|c| belongs_to(&e.name, c)))
        .map(|e| (e.id(), e.name.clone()))
        .collect();
    for (id, name) in gone {
        if script.contains(&format!("wasm.{name}")) {
            bail!("the script still calls `{name}`, an export of a class being dropped");
        }
        module.exports.delete(id);
        dropped.exports += 1;
    }
    walrus::passes::gc::run(module);
    let imported: BTreeSet<String> = module
        .imports
        .iter()
        .filter(|i| i.module == SCRIPT)
        .map(|i| i.name.clone())
        .collect();
    let (rest, removed) = without_imports_besides(script, &imported)?;
    *script = rest;
    dropped.imports = removed;
    Ok(dropped)
}

/// Whether the module export `name` is one of `class`'s: its methods are `<class>_<method>`
/// and its destructor `__wbg_<class>_free`, the class name in lower case.
fn belongs_to(name: &str, class: &str) -> bool {
    let lower = class.to_lowercase();
    name == format!("__wbg_{lower}_free") || name.starts_with(&format!("{lower}_"))
}

/// `js` without `class`: its body, its `Symbol.dispose` line and its finalization registry.
/// `None` when the script has no such class.
fn without_class(js: &str, class: &str) -> anyhow::Result<Option<String>> {
    let lines: Vec<&str> = js.lines().collect();
    let Some(start) = lines
        .iter()
        .position(|l| *l == format!("export class {class} {{"))
    else {
        return Ok(None);
    };
    let end = start
        + lines[start..]
            .iter()
            .position(|l| *l == "}")
            .with_context(|| format!("the end of class {class}"))?;
    let dispose = format!("if (Symbol.dispose) {class}.prototype[Symbol.dispose] = {class}.prototype.free;");
    let registry = format!("const {class}Finalization = ");
    let registry_start = lines
        .iter()
        .position(|l| l.starts_with(&registry))
        .with_context(|| format!("{class}'s finalization registry"))?;
    let registry_end = registry_start
        + lines[registry_start..]
            .iter()
            .position(|l| l.ends_with(");"))
            .with_context(|| format!("the end of {class}'s finalization registry"))?;
    let dispose_line = lines
        .iter()
        .position(|l| *l == dispose)
        .with_context(|| format!("{class}'s `Symbol.dispose` line"))?;
    let kept: Vec<&str> = lines
        .iter()
        .enumerate()
        .filter(|(i, _)| {
            !((start..=end).contains(i) || (registry_start..=registry_end).contains(i) || *i == dispose_line)
        })
        .map(|(_, line)| *line)
        .collect();
    let rest = kept.join("\n") + "\n";
    if rest.contains(class) {
        bail!("the script still names {class} after it was taken out");
    }
    Ok(Some(rest))
}

/// The functions wasm-bindgen's import object (`const import0 = { … };`) supplies, less those
/// the module does not import; and how many went.
fn without_imports_besides(js: &str, imported: &BTreeSet<String>) -> anyhow::Result<(String, usize)> {
    let lines: Vec<&str> = js.lines().collect();
    let open = lines
        .iter()
        .position(|l| l.trim() == "const import0 = {")
        .context("the script's import object")?;
    let close = open
        + lines[open..]
            .iter()
            .position(|l| *l == "    };")
            .context("the end of the script's import object")?;
    let mut kept = Vec::with_capacity(lines.len());
    let mut removed = 0;
    let mut i = 0;
    while i < lines.len() {
        let entry = (open < i && i < close)
            .then(|| lines[i].strip_prefix("        "))
            .flatten()
            .and_then(|l| l.split_once(": function("))
            .map(|(name, _)| name);
        match entry {
            Some(name) if !imported.contains(name) => {
                let end = i + lines[i..close]
                    .iter()
                    .position(|l| *l == "        },")
                    .with_context(|| format!("the end of import {name}"))?;
                removed += 1;
                i = end + 1;
            }
            _ => {
                kept.push(lines[i]);
                i += 1;
            }
        }
    }
    Ok((kept.join("\n") + "\n", removed))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCRIPT_TEXT: &str = "\
let wasm;
export class IntoUnderlyingSink {
    free() {
        const ptr = this.__destroy_into_raw();
        wasm.__wbg_intounderlyingsink_free(ptr, 0);
    }
}
if (Symbol.dispose) IntoUnderlyingSink.prototype[Symbol.dispose] = IntoUnderlyingSink.prototype.free;

export function start() {
    wasm.start();
}
function __wbg_get_imports() {
    const import0 = {
        __proto__: null,
        __wbg_kept_0123456789abcdef: function(arg0) {
            return arg0;
        },
        __wbg_gone_0123456789abcdef: function(arg0) {
            const ret = arg0.enqueue();
            return ret;
        },
    };
    return { './touchstone_bg.js': import0 };
}
const IntoUnderlyingSinkFinalization = (typeof FinalizationRegistry === 'undefined')
    ? { register: () => {}, unregister: () => {} }
    : new FinalizationRegistry(ptr => wasm.__wbg_intounderlyingsink_free(ptr, 1));
function isLikeNone(x) {
    return x === undefined || x === null;
}
";

    #[test]
    fn a_class_leaves_with_its_dispose_line_and_registry() {
        let rest = without_class(SCRIPT_TEXT, "IntoUnderlyingSink").unwrap().unwrap();
        assert!(!rest.contains("IntoUnderlyingSink"));
        assert!(!rest.contains("intounderlyingsink"));
        for kept in [
            "let wasm;",
            "export function start() {",
            "    wasm.start();",
            "function isLikeNone(x) {",
        ] {
            assert!(rest.lines().any(|l| l == kept), "{kept} is kept");
        }
        assert_eq!(without_class(&rest, "IntoUnderlyingSink").unwrap(), None);
    }

    #[test]
    fn a_class_in_an_unknown_shape_fails_the_build() {
        let no_dispose = SCRIPT_TEXT.replace("if (Symbol.dispose) IntoUnderlyingSink", "IntoUnderlyingSink");
        assert!(without_class(&no_dispose, "IntoUnderlyingSink").is_err());
        let no_registry = SCRIPT_TEXT.replace("const IntoUnderlyingSinkFinalization", "const Other");
        assert!(without_class(&no_registry, "IntoUnderlyingSink").is_err());
    }

    #[test]
    fn only_imports_the_module_still_has_are_supplied() {
        let imported = BTreeSet::from(["__wbg_kept_0123456789abcdef".to_owned()]);
        let (rest, removed) = without_imports_besides(SCRIPT_TEXT, &imported).unwrap();
        assert_eq!(removed, 1);
        assert!(!rest.contains("__wbg_gone"));
        assert!(!rest.contains("enqueue"));
        assert!(rest.contains("        __wbg_kept_0123456789abcdef: function(arg0) {\n            return arg0;\n        },\n    };"));
        let (same, none) = without_imports_besides(&rest, &imported).unwrap();
        assert_eq!((same, none), (rest, 0));
    }

    #[test]
    fn a_class_owns_its_methods_and_destructor_only() {
        assert!(belongs_to("intounderlyingsink_write", "IntoUnderlyingSink"));
        assert!(belongs_to("__wbg_intounderlyingsink_free", "IntoUnderlyingSink"));
        assert!(!belongs_to("intounderlyingsource_pull", "IntoUnderlyingSink"));
        assert!(!belongs_to("start", "IntoUnderlyingSink"));
    }
}
