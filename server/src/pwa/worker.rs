//! `/sw.js`: the service worker. Its code is `sw.js`; the server puts the
//! build's facts in front of it (version, the app shell's file names, the
//! offline pages), so a new build is a new worker and browsers update.

use std::path::Path;
use std::sync::Arc;

use app::domain::Lang;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use leptos::config::LeptosOptions;
use serde_json::json;
use sha2::{Digest, Sha256};

use super::EDITION_DAYS;

const CODE: &str = include_str!("sw.js");

/// How long a page request may take before a kept copy is shown instead.
const NETWORK_TIMEOUT_MS: u32 = 4_000;

/// The worker's fetches: its own origin only, no scripts, no frames.
const WORKER_POLICY: &str = "default-src 'none'; connect-src 'self'";

pub struct ServiceWorker {
    script: String,
    version: String,
}

impl ServiceWorker {
    /// Reads the build's files once, at start-up.
    pub fn build(options: &LeptosOptions) -> Arc<ServiceWorker> {
        let root = Path::new(options.site_root.as_ref());
        let shell = shell_files(options);
        // Icons and fonts keep their names from build to build: their bytes
        // are part of the version, so a changed file reaches the readers.
        let mut contents = Sha256::new();
        for url in &shell.files {
            contents.update(url);
            contents
                .update(std::fs::read(root.join(url.trim_start_matches('/'))).unwrap_or_default());
        }
        Arc::new(ServiceWorker::from_shell(shell, &hex(&contents.finalize())))
    }

    fn from_shell(shell: Shell, contents: &str) -> ServiceWorker {
        let langs: Vec<&str> = Lang::ALL.iter().map(|l| l.code()).collect();
        let offline: serde_json::Map<String, serde_json::Value> = Lang::ALL
            .iter()
            .map(|l| (l.code().to_owned(), app::routes::offline(*l).into()))
            .collect();
        let manifests: Vec<String> = Lang::ALL
            .iter()
            .map(|l| app::routes::manifest(*l))
            .collect();
        let mut facts = json!({
            "langs": langs,
            "defaultLang": Lang::DEFAULT.code(),
            "shell": shell.files.iter().chain(&manifests).collect::<Vec<_>>(),
            "chunks": shell.chunks,
            "offline": offline,
            "editionDays": EDITION_DAYS,
            "networkTimeoutMs": NETWORK_TIMEOUT_MS,
        });
        // The version is a digest of everything the worker is made of: the
        // same build always gives the same worker, any change a new one.
        let mut digest = Sha256::new();
        digest.update(facts.to_string());
        digest.update(contents);
        digest.update(CODE);
        let version = hex(&digest.finalize()[..8]);
        facts["version"] = version.clone().into();
        let script =
            format!("// Khabar service worker, build {version}.\nconst BUILD = {facts};\n{CODE}");
        ServiceWorker { script, version }
    }

    pub fn version(&self) -> &str {
        &self.version
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The app shell: this build's hashed bundle (JS, WASM, CSS), its lazily
/// loaded WASM chunks, the fonts and the icons.
struct Shell {
    files: Vec<String>,
    /// The split chunks among `files`: kept when first used, not at install,
    /// so no reader downloads the code of a page they never open.
    chunks: Vec<String>,
}

fn shell_files(options: &LeptosOptions) -> Shell {
    let root = Path::new(options.site_root.as_ref());
    let pkg_dir = options.site_pkg_dir.as_ref();
    let pkg = root.join(pkg_dir);
    let hashes = app::ssr::bundle::build_hashes(options);
    let chunks: Vec<String> = split_loader(&pkg, &hashes)
        .map(|loader| wasm_names(&loader))
        .unwrap_or_default()
        .into_iter()
        .filter(|name| pkg.join(name).is_file())
        .map(|name| format!("/{pkg_dir}/{name}"))
        .collect();
    let mut files: Vec<String> = list(&pkg)
        .into_iter()
        // With hashed names, only this build's files (old ones may linger).
        .filter(|name| hashes.is_empty() || hashes.iter().any(|(_, h)| name.contains(h.as_str())))
        .map(|name| format!("/{pkg_dir}/{name}"))
        .filter(|path| !chunks.contains(path))
        .chain(chunks.iter().cloned())
        .collect();
    for dir in ["fonts", "icons"] {
        files.extend(
            list(&root.join(dir))
                .into_iter()
                .filter(|name| !name.ends_with(".txt"))
                .map(|name| format!("/{dir}/{name}")),
        );
    }
    if root.join("favicon.svg").is_file() {
        files.push("/favicon.svg".to_owned());
    }
    files.sort();
    Shell { files, chunks }
}

/// The text of this build's wasm-split loader, the script that fetches the
/// lazily loaded chunks; `None` when the build is not split.
fn split_loader(pkg: &Path, hashes: &[(String, String)]) -> Option<String> {
    let name = match hashes.iter().find(|(kind, _)| kind == "split") {
        Some((_, hash)) => format!("__wasm_split.{hash}.js"),
        None if hashes.is_empty() => list(pkg)
            .into_iter()
            .find(|name| name.starts_with("__wasm_split.") && name.ends_with(".js"))?,
        None => return None,
    };
    std::fs::read_to_string(pkg.join(name)).ok()
}

/// The `.wasm` file names a script mentions, each once.
fn wasm_names(script: &str) -> Vec<String> {
    let is_name_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.');
    let mut names: Vec<String> = script
        .split(|c: char| !is_name_char(c))
        .filter(|token| token.len() > ".wasm".len() && token.ends_with(".wasm"))
        .map(str::to_owned)
        .collect();
    names.sort();
    names.dedup();
    names
}

/// File names in `dir`, without the precompressed twins (the server picks
/// those itself by Accept-Encoding).
fn list(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|name| !name.ends_with(".br") && !name.ends_with(".gz"))
        .collect()
}

pub async fn service_worker(State(worker): State<Arc<ServiceWorker>>) -> Response {
    let mut response = worker.script.clone().into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/javascript; charset=utf-8"),
    );
    // Browsers check for a new worker on every visit: never a stale copy.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(WORKER_POLICY),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shell(files: &[&str]) -> Shell {
        Shell {
            files: files.iter().map(|f| (*f).to_owned()).collect(),
            chunks: Vec::new(),
        }
    }

    #[test]
    fn the_version_follows_the_build() {
        let a = ServiceWorker::from_shell(shell(&["/pkg/khabar.aaa.js"]), "1");
        let again = ServiceWorker::from_shell(shell(&["/pkg/khabar.aaa.js"]), "1");
        let b = ServiceWorker::from_shell(shell(&["/pkg/khabar.bbb.js"]), "1");
        let new_icon = ServiceWorker::from_shell(shell(&["/pkg/khabar.aaa.js"]), "2");
        assert_eq!(a.version(), again.version());
        assert_ne!(a.version(), b.version());
        assert_ne!(a.version(), new_icon.version());
        assert!(
            a.script
                .contains(&format!("\"version\":\"{}\"", a.version()))
        );
    }

    #[test]
    fn the_shell_lists_assets_and_every_languages_offline_page() {
        let worker = ServiceWorker::from_shell(shell(&["/pkg/khabar.aaa.css"]), "1");
        for needle in [
            "\"/pkg/khabar.aaa.css\"",
            "\"/fa/offline\"",
            "\"/ps/manifest.webmanifest\"",
        ] {
            assert!(worker.script.contains(needle), "{needle}");
        }
    }

    #[test]
    fn split_chunks_are_in_the_shell_and_named_apart_from_the_bundle() {
        let worker = ServiceWorker::from_shell(
            Shell {
                files: vec![
                    "/pkg/chunk_3.abc.wasm".into(),
                    "/pkg/khabar.aaa.wasm".into(),
                ],
                chunks: vec!["/pkg/chunk_3.abc.wasm".into()],
            },
            "1",
        );
        assert!(
            worker
                .script
                .contains("\"chunks\":[\"/pkg/chunk_3.abc.wasm\"]")
        );
        assert!(worker.script.contains("\"/pkg/khabar.aaa.wasm\""));
    }

    #[test]
    fn the_loader_names_each_chunk_once() {
        let loader = r#"import { initSync } from "./khabar.Xy-1.js";
            const a = ["module_2_search.Ab_9.wasm", "chunk_1.Q-q.wasm"];
            fetch(new URL("./chunk_1.Q-q.wasm", import.meta.url)); // .wasm"#;
        assert_eq!(
            wasm_names(loader),
            ["chunk_1.Q-q.wasm", "module_2_search.Ab_9.wasm"]
        );
    }

    #[test]
    fn the_worker_handles_every_request_the_pages_send() {
        use app::browser::messages::ToWorker;
        let lang = || "en".to_owned();
        let requests = [
            ToWorker::Status { lang: lang() },
            ToWorker::Sync {
                lang: lang(),
                keep: Vec::new(),
                drop: Vec::new(),
                prune: false,
                account: true,
            },
            ToWorker::Edition { lang: lang() },
            ToWorker::Forget,
            ToWorker::SkipWaiting,
        ];
        for request in requests {
            // A new kind of request fails to compile here until it is listed.
            match &request {
                ToWorker::Status { .. }
                | ToWorker::Sync { .. }
                | ToWorker::Edition { .. }
                | ToWorker::Forget
                | ToWorker::SkipWaiting => {}
            }
            let value = serde_json::to_value(&request).unwrap_or_default();
            let kind = value["type"].as_str().unwrap_or_default().to_owned();
            assert!(CODE.contains(&format!("case \"{kind}\":")), "{kind}");
        }
    }

    #[test]
    fn the_worker_sends_every_report_the_pages_read() {
        use app::browser::messages::FromWorker;
        // The worker builds its messages by hand: each kind the pages
        // read must be one it sends.
        for (kind, sample) in [
            ("status", r#"{"type":"status","pages":[],"editions":{}}"#),
            (
                "edition-progress",
                r#"{"type":"edition-progress","lang":"en","done":0,"total":0}"#,
            ),
            ("signed-out", r#"{"type":"signed-out"}"#),
        ] {
            assert!(serde_json::from_str::<FromWorker>(sample).is_ok(), "{kind}");
            assert!(CODE.contains(&format!("type: \"{kind}\"")), "{kind}");
        }
    }
}
