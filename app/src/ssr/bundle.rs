//! This build's browser bundle as cargo-leptos wrote it: the content hashes
//! beside the server binary, the app's JS and WASM file names, and the
//! wasm-split manifest. Read from disk once per process, not per page.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use leptos::WasmSplitManifest;
use leptos::config::LeptosOptions;
use leptos::prelude::ArcStoredValue;

/// The content hashes cargo-leptos wrote beside the server binary (where
/// Leptos itself looks for them), by kind (`js`, `wasm`, `css`, `split`,
/// `manifest`); empty when files are not hashed.
pub fn build_hashes(options: &LeptosOptions) -> Vec<(String, String)> {
    if !options.hash_files {
        return Vec::new();
    }
    let path = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join(options.hash_file.as_ref())));
    let Some(text) = path.and_then(|p| std::fs::read_to_string(p).ok()) else {
        tracing::warn!("no hash file beside the server: bundle names are unhashed");
        return Vec::new();
    };
    text.lines()
        .filter_map(|line| line.split_once(':'))
        .map(|(kind, hash)| (kind.trim().to_owned(), hash.trim().to_owned()))
        .filter(|(_, hash)| !hash.is_empty())
        .collect()
}

/// Where the page finds the app: the URLs of its stylesheet, its JS module
/// and its main WASM file.
#[derive(Clone, Debug)]
pub struct Bundle {
    /// Leptos's own `HashedStylesheet` reads the hash file on every page.
    pub css: String,
    pub js: String,
    pub wasm: String,
    /// The wasm-split manifest, for Leptos to preload the chunks a lazy
    /// page needs; `None` when the build is not split.
    pub split: Option<WasmSplitManifest>,
}

impl Bundle {
    /// This process's bundle (the first call reads the files).
    pub fn current(options: &LeptosOptions) -> &'static Bundle {
        static BUNDLE: OnceLock<Bundle> = OnceLock::new();
        BUNDLE.get_or_init(|| Bundle::read(options, &build_hashes(options)))
    }

    fn read(options: &LeptosOptions, hashes: &[(String, String)]) -> Bundle {
        // `name.hash.ext`, or `name.ext` when the build wrote no such hash.
        let file = |kind: &str, name: &str, ext: &str| match hashes.iter().find(|(k, _)| k == kind)
        {
            Some((_, hash)) => format!("{name}.{hash}.{ext}"),
            None => format!("{name}.{ext}"),
        };
        let pkg = format!("/{}", options.site_pkg_dir);
        // cargo-leptos names both files after the project's output name.
        let output = options.output_name.as_ref();
        let manifest = PathBuf::from(options.site_root.as_ref())
            .join(options.site_pkg_dir.as_ref())
            .join(file("manifest", "__wasm_split_manifest", "json"));
        // cargo-leptos's name for the loader of an unhashed split build.
        let loader = file("split", "__wasm_split", "js")
            .replace("__wasm_split.js", "__wasm_split.______________________.js");
        Bundle {
            css: format!("{pkg}/{}", file("css", output, "css")),
            js: format!("{pkg}/{}", file("js", output, "js")),
            wasm: format!("{pkg}/{}", file("wasm", output, "wasm")),
            split: split_manifest(&manifest, pkg, loader),
        }
    }
}

/// The chunks each lazy function needs, as Leptos's server integration
/// reads them from context to preload a lazy page's code.
fn split_manifest(path: &Path, pkg: String, loader: String) -> Option<WasmSplitManifest> {
    let text = std::fs::read_to_string(path).ok()?;
    match serde_json::from_str::<HashMap<String, Vec<String>>>(&text) {
        Ok(preloads) => Some(WasmSplitManifest(ArcStoredValue::new((
            pkg, preloads, loader,
        )))),
        Err(error) => {
            tracing::warn!(%error, "unreadable wasm-split manifest: lazy pages load their chunks late");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use leptos::prelude::ReadValue;

    use super::*;

    fn options(site_root: &Path) -> LeptosOptions {
        LeptosOptions::builder()
            .output_name("khabar")
            .site_root(site_root.to_string_lossy().into_owned())
            .site_pkg_dir("pkg")
            .build()
    }

    /// A fresh, empty site folder of this test's own.
    fn site(test: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("khabar-bundle-{}-{test}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("pkg")).expect("a temporary folder");
        dir
    }

    fn hashes(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, h)| ((*k).to_owned(), (*h).to_owned()))
            .collect()
    }

    #[test]
    fn hashed_names_come_from_the_hash_file() {
        let site = site("hashed");
        std::fs::write(
            site.join("pkg/__wasm_split_manifest.m1.json"),
            r#"{"search_route":["chunk_3","chunk_7"]}"#,
        )
        .expect("a manifest written");
        let all = hashes(&[
            ("js", "j1"),
            ("css", "c1"),
            ("wasm", "w1"),
            ("split", "s1"),
            ("manifest", "m1"),
        ]);
        let bundle = Bundle::read(&options(&site), &all);
        assert_eq!(bundle.js, "/pkg/khabar.j1.js");
        assert_eq!(bundle.css, "/pkg/khabar.c1.css");
        assert_eq!(bundle.wasm, "/pkg/khabar.w1.wasm");
        let split = bundle.split.expect("the manifest is read");
        let manifest = split.0.read_value();
        let (pkg, preloads, loader) = &*manifest;
        assert_eq!(pkg, "/pkg");
        assert_eq!(loader, "__wasm_split.s1.js");
        assert_eq!(preloads["search_route"], ["chunk_3", "chunk_7"]);
        let _ = std::fs::remove_dir_all(site);
    }

    #[test]
    fn an_unhashed_unsplit_build_has_plain_names_and_no_manifest() {
        let site = site("plain");
        let bundle = Bundle::read(&options(&site), &[]);
        assert_eq!(bundle.js, "/pkg/khabar.js");
        assert_eq!(bundle.css, "/pkg/khabar.css");
        assert_eq!(bundle.wasm, "/pkg/khabar.wasm");
        assert!(bundle.split.is_none());
        let _ = std::fs::remove_dir_all(site);
    }
}
