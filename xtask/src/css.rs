//! The stylesheet: GOV.UK Frontend's compiled CSS with Arial instead of GDS Transport (no font
//! files at all), then the app's own sheet, less every rule for a class the app never names.
//!
//! GOV.UK Frontend ships one sheet for all its components (135 KB, 14 KB brotli), and every
//! byte of it blocks the first paint. The app uses a third of it, so PurgeCSS (npm, pinned in
//! `package-lock.json`) keeps only the rules whose selectors the app's source and `index.html`
//! name. The app writes class names out whole for this (see `components/fields`): a class put
//! together at run time would be dropped. csso (npm, pinned) then minifies what is left, without
//! restructuring (moving rules could change the cascade; it also compressed worse): 7.8 → 7.1 KB
//! brotli.
//!
//! Two sheets come out. The first holds what the first load's code names (5.5 KB): `index.html`
//! links it, so it alone blocks the first paint. The whole sheet (everything the app uses, the
//! first's rules included, in order) is added by `boot.js` beside the WASM, so every other page
//! finds its styles, and as it repeats the first's rules the cascade is the whole sheet's.

use std::fs;
use std::path::Path;
use std::process::Command;

use anyhow::{Context, bail};

const GOVUK_CSS: &str = "node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.css";
const PURGECSS: &str = "node_modules/.bin/purgecss";
const CSSO: &str = "node_modules/.bin/csso";
/// Where the class names the app uses are written.
const CONTENT: [&str; 2] = ["app/index.html", "app/src/**/*.rs"];
/// Where the class names of the first load are written: the shell and what is in the first
/// module (every page but sign-in, home and not-found is a lazy route under `pages/`), and the
/// pages the server draws itself.
const FIRST_CONTENT: [&str; 8] = [
    "app/index.html",
    "app/src/*.rs",
    "app/src/{api,routes,store}/**/*.rs",
    // Not `sync/unlock.rs`: the unlock form is the sync engine's, drawn long after the first paint.
    "app/src/sync/{mod,status,deferred}.rs",
    "app/src/components/{mod,absent,form,guard,layout,notices,summary}.rs",
    "app/src/components/fields/{mod,text}.rs",
    "app/src/pages/{mod,home,sign_in,not_found}.rs",
    "server/src/first_paint.rs",
];

/// The two stylesheets, each purged of unused rules and minified when PurgeCSS and csso are
/// installed.
pub struct Sheets {
    /// What sign-in, home and the page frame use: the only sheet that blocks the first paint.
    pub first: String,
    /// Every rule the app uses, `first`'s included and in the same order, so that once it is
    /// loaded the cascade is exactly the whole sheet's whatever `first` held.
    pub all: String,
}

pub fn stylesheets(root: &Path, staging: &Path) -> anyhow::Result<Sheets> {
    let css = full(root)?;
    let purgecss = root.join(PURGECSS);
    if !purgecss.exists() {
        println!("purgecss not found (run `npm ci`); keeping all of GOV.UK Frontend's CSS");
        return Ok(Sheets {
            first: css.clone(),
            all: css,
        });
    }
    let dir = staging.join("css");
    fs::create_dir_all(&dir)?;
    let input = dir.join("full.css");
    fs::write(&input, &css)?;
    let all = purge(root, &purgecss, &input, &CONTENT, &dir.join("all"))?;
    let first = purge(root, &purgecss, &input, &FIRST_CONTENT, &dir.join("first"))?;
    // A sanity check that the content globs matched: the page frame's classes must survive in
    // both, and a class only lazy pages use must be in the whole sheet alone.
    for class in [
        ".govuk-template__body",
        ".govuk-button",
        ".ts-sync",
        ".govuk-summary-list",
    ] {
        for (name, sheet) in [("first", &first), ("all", &all)] {
            if !fs::read_to_string(sheet)?.contains(class) {
                bail!(
                    "purgecss dropped {class} from the {name} sheet, which uses it; are its content globs right?"
                );
            }
        }
    }
    if fs::read_to_string(&first)?.contains(".govuk-radios__input") {
        bail!(
            "the first sheet holds radio buttons' styles, which only lazy pages use; are its content globs right?"
        );
    }
    Ok(Sheets {
        first: minify(root, &first, &dir.join("first.min.css"))?,
        all: minify(root, &all, &dir.join("all.min.css"))?,
    })
}

/// `input` less every rule for a class that no file in `content` names, written under `out`;
/// returns the written file.
fn purge(
    root: &Path,
    purgecss: &Path,
    input: &Path,
    content: &[&str],
    out: &Path,
) -> anyhow::Result<std::path::PathBuf> {
    let status = Command::new(purgecss)
        .current_dir(root)
        .arg("--css")
        .arg(input)
        .arg("--content")
        .args(content)
        .arg("--output")
        .arg(out)
        .status()
        .context("running purgecss")?;
    if !status.success() {
        bail!("purgecss failed");
    }
    Ok(out.join("full.css"))
}

/// `input` minified by csso into `output`, without restructuring; returned.
fn minify(root: &Path, input: &Path, output: &Path) -> anyhow::Result<String> {
    let csso = root.join(CSSO);
    if !csso.exists() {
        println!("csso not found (run `npm ci`); CSS left unminified");
        return fs::read_to_string(input).context("reading the stylesheet");
    }
    let status = Command::new(&csso)
        .arg(input)
        .arg("--no-restructure")
        .arg("--output")
        .arg(output)
        .status()
        .context("running csso")?;
    if !status.success() {
        bail!("csso failed");
    }
    fs::read_to_string(output).context("reading csso's output")
}

/// GOV.UK Frontend's sheet with Arial for GDS Transport, then `style/main.css`.
fn full(root: &Path) -> anyhow::Result<String> {
    let govuk = fs::read_to_string(root.join(GOVUK_CSS))
        .with_context(|| format!("reading {GOVUK_CSS}: run `npm ci` first"))?;
    let mut css = strip_font_faces(&govuk).replace("GDS Transport,arial", "arial");
    if css.contains("GDS Transport") {
        bail!("GOV.UK Frontend CSS still names GDS Transport after the swap; check its new format");
    }
    css.push('\n');
    css.push_str(&fs::read_to_string(root.join("style/main.css"))?);
    Ok(css)
}

fn strip_font_faces(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("@font-face{") {
        out.push_str(&rest[..start]);
        let end = rest[start..].find('}').map_or(rest.len(), |i| start + i + 1);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn font_faces_are_removed_and_arial_kept() {
        let css = "a{color:red}@font-face{font-family:GDS Transport;src:url(/x.woff2)}b{font-family:GDS Transport,arial,sans-serif}";
        let out = strip_font_faces(css).replace("GDS Transport,arial", "arial");
        assert_eq!(out, "a{color:red}b{font-family:arial,sans-serif}");
    }
}
