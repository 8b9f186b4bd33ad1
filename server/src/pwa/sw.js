// The service worker's code. `BUILD` (defined just above by the server)
// holds this build's facts: version, languages, the app shell's files, the
// offline page of each language and the edition settings.
//
// Caches:
//   khabar-shell-<version>   the app shell and offline pages, cache-first:
//                            the bundle at install, the rest (the lazily
//                            loaded WASM chunks, fonts, icons, manifests,
//                            offline pages) once first needed, so no reader
//                            downloads a font, a language or a page's code
//                            they never see
//   khabar-pages-<version>   pages read recently, the fallback when offline
//   khabar-saved             stories on the reading list, and the list pages
//   khabar-edition-<lang>    a downloaded edition: home + newest stories
//   khabar-media             images of saved and edition stories
// Shell and pages caches belong to one version and go when it is replaced;
// the reader's own copies stay across versions.
//
// No copy shows who the reader is: pages for a signed-in reader come
// `no-store` and are never kept, and saved and edition copies are fetched
// without cookies. A saved list that belongs to an account is dropped as
// soon as a page from the network says the session is gone (signed out
// elsewhere, expired, refused), so the next person holding the phone finds
// nothing of it.
"use strict";

const SHELL = `khabar-shell-${BUILD.version}`;
const PAGES = `khabar-pages-${BUILD.version}`;
const SAVED = "khabar-saved";
const MEDIA = "khabar-media";
const EDITION_PREFIX = "khabar-edition-";
// Inside an edition cache: when it was downloaded and what it holds.
const EDITION_META = "/__khabar/edition-meta";
// Inside the saved cache: whose list it keeps ("account" or "device").
const SAVED_OWNER = "/__khabar/saved-owner";
// The server's word on a page: "live" when a session signed it.
const SESSION_HEADER = "x-khabar-session";
// On a kept page copy: the images it shows, so unused ones can be dropped
// without reading every page again.
const MEDIA_HEADER = "x-khabar-media";
const DAY_MS = 24 * 60 * 60 * 1000;
// Recently read pages kept for offline use, oldest dropped first.
const RECENT_PAGES = 60;
// Most stories a reading list holds (the server's limit too).
const MAX_SAVED = 500;
// Edition downloads at once: enough to hide latency on a slow link.
const PARALLEL = 3;

const EMPTY_PICTURE = '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="9"/>';

const LANGS = new Set(BUILD.langs);
// Pages that belong to one moment (forms, tokens), and the newsroom's
// (staff only, always current), are never kept.
const NEVER_KEPT = /^\/[a-z]{2}\/(sign-in|register|forgot-password|reset-password|account|offline|newsroom(\/.*)?)$/;
const STORY = /^\/([a-z]{2})\/article\/[^/?#]+$/;

// The page that registers the worker has just loaded the bundle, so these
// come from the browser's HTTP cache (the names are immutable).
self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(bundle())));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      if (self.registration.navigationPreload) {
        await self.registration.navigationPreload.enable();
      }
      const current = new Set([SHELL, PAGES, SAVED, MEDIA]);
      for (const name of await caches.keys()) {
        const ours = name.startsWith("khabar-");
        if (ours && !current.has(name) && !name.startsWith(EDITION_PREFIX)) {
          await caches.delete(name);
        }
      }
      await dropCopiesWithAccounts();
      await expireEditions();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || request.headers.has("range")) return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const path = url.pathname;
  // Server fns and the worker itself always go to the network.
  if (path.startsWith("/api/") || path === "/sw.js" || path === "/healthz") return;
  if (request.mode === "navigate") {
    event.respondWith(page(event, url));
  } else if (isShell(path)) {
    event.respondWith(shellFile(event, url));
  } else if (path.startsWith("/media/")) {
    event.respondWith(media(request));
  }
});

self.addEventListener("message", (event) => {
  const data = event.data || {};
  const reply = (message) => event.source && event.source.postMessage(message);
  switch (data.type) {
    case "skip-waiting":
      self.skipWaiting();
      break;
    case "status":
      if (LANGS.has(data.lang)) event.waitUntil(keepOfflinePage(data.lang));
      event.waitUntil(status().then(reply));
      break;
    case "sync":
      if (LANGS.has(data.lang) && Array.isArray(data.keep)) {
        const drop = Array.isArray(data.drop) ? data.drop : [];
        const owner = data.account === true ? "account" : "device";
        const sync = () => syncSaved(data.lang, data.keep, drop, data.prune === true, owner);
        event.waitUntil(serially(sync).then(broadcastStatus));
      }
      break;
    case "edition":
      if (LANGS.has(data.lang)) {
        event.waitUntil(serially(() => downloadEdition(data.lang)).then(broadcastStatus));
      }
      break;
    case "forget":
      event.waitUntil(serially(forgetReader).then(broadcastStatus));
      break;
  }
});

// ---------------------------------------------------------------- pages

/// Network first. When the network is slow, a kept copy is shown and the
/// network's answer still refreshes it; when it fails, the kept copy, else
/// the offline page in the page's language.
async function page(event, url) {
  const key = pageKey(url);
  const network = (async () => {
    const preloaded = event.preloadResponse && (await event.preloadResponse);
    return preloaded || (await fetch(event.request));
  })();
  // The worker stays alive until the answer is in and kept, even when a
  // kept copy was shown first. Registered first, so it copies the body
  // before the browser reads it.
  event.waitUntil(
    network
      .then(async (response) => {
        // Cloned before anything is awaited: the browser may read the
        // body as soon as this callback yields.
        const copy = keepable(url, response) ? response.clone() : null;
        await checkSession(url, response);
        if (!copy) return;
        await serially(() => rememberPage(key, copy));
        await keepOfflinePage(url.pathname.split("/")[1]);
      })
      .catch(() => {}),
  );
  let first;
  try {
    first = await Promise.race([network, delay(BUILD.networkTimeoutMs)]);
  } catch {
    return (await keptPage(key)) || offlinePage(url);
  }
  // A server error while a copy is kept: the copy reads better.
  if (first && first.status >= 500) return (await keptPage(key)) || first;
  if (first) return first;
  const kept = await keptPage(key);
  if (kept) return kept;
  try {
    return await network;
  } catch {
    return offlinePage(url);
  }
}

/// A page from the network says whether a session signed it. When none
/// did and the saved copies are an account's, that account's session has
/// ended (here or elsewhere): its copies go, and the pages are told.
async function checkSession(url, response) {
  const html = (response.headers.get("content-type") || "").startsWith("text/html");
  const ours = response.type === "basic" && LANGS.has(url.pathname.split("/")[1]);
  if (!html || !ours || response.status >= 500) return;
  if (response.headers.get(SESSION_HEADER) === "live") return;
  if ((await savedOwner()) !== "account") return;
  await serially(forgetReader);
  await broadcast({ type: "signed-out" });
  await broadcastStatus();
}

async function savedOwner() {
  const response = await caches.match(SAVED_OWNER, { cacheName: SAVED });
  return response ? response.text() : null;
}

/// Where a page is kept: its address without the install marker.
function pageKey(url) {
  const key = new URL(url.href);
  key.searchParams.delete("source");
  key.hash = "";
  return key.href;
}

function keepable(url, response) {
  const lang = url.pathname.split("/")[1];
  return (
    response.status === 200 &&
    response.type === "basic" &&
    LANGS.has(lang) &&
    !NEVER_KEPT.test(url.pathname) &&
    !/no-store/.test(response.headers.get("cache-control") || "")
  );
}

async function rememberPage(key, response) {
  const recent = await caches.open(PAGES);
  await recent.put(key, response.clone());
  const keys = await recent.keys();
  for (const old of keys.slice(0, Math.max(0, keys.length - RECENT_PAGES))) {
    await recent.delete(old);
  }
  // A saved or edition copy is refreshed whenever the page is read online.
  for (const name of await readerCacheNames()) {
    const cache = await caches.open(name);
    if (await cache.match(key)) await storeWithImages(cache, key, response.clone());
  }
}

async function keptPage(key) {
  await expireEditions();
  return caches.match(key, { ignoreVary: true });
}

/// The offline page in the page's language, else in any language kept.
async function offlinePage(url) {
  const lang = url.pathname.split("/")[1];
  const own = LANGS.has(lang) ? [BUILD.offline[lang]] : [];
  for (const page of [...own, ...Object.values(BUILD.offline)]) {
    const kept = await caches.match(page, { cacheName: SHELL });
    if (kept) return kept;
  }
  return new Response("Offline", { status: 503, headers: { "content-type": "text/plain" } });
}

/// Keeps `lang`'s offline page once the reader reads that language.
async function keepOfflinePage(lang) {
  const page = BUILD.offline[lang];
  const cache = await caches.open(SHELL);
  if (!page || (await cache.match(page))) return;
  try {
    // Without cookies: the page kept for everyone shows no account.
    const response = await fetch(page, { credentials: "omit" });
    if (response.ok) await cache.put(page, response);
  } catch {
    // Offline now: the next page read online tries again.
  }
}

// ---------------------------------------------------------- shell, media

function isShell(path) {
  return (
    path.startsWith("/pkg/") ||
    path.startsWith("/fonts/") ||
    path.startsWith("/icons/") ||
    path === "/favicon.svg" ||
    path.endsWith("/manifest.webmanifest")
  );
}

/// This build's bundle: what the worker keeps at install. The split chunks
/// are kept as pages load them: a page that was read online hydrates from
/// the kept chunk offline.
function bundle() {
  const chunks = new Set(BUILD.chunks);
  return BUILD.shell.filter((file) => file.startsWith("/pkg/") && !chunks.has(file));
}

/// Cache first, and kept on first use. A page kept under an older build
/// asks for that build's stylesheet: the current one is close enough to
/// read it by.
async function shellFile(event, url) {
  const request = event.request;
  const kept = await caches.match(request, { cacheName: SHELL, ignoreSearch: true });
  if (kept) return kept;
  let response;
  try {
    response = await fetch(request);
  } catch (error) {
    return (await currentStylesheet(url)) || Promise.reject(error);
  }
  if (!response.ok) return (await currentStylesheet(url)) || response;
  // Another build's bundle is not this version's to keep.
  const ours = !url.pathname.startsWith("/pkg/") || BUILD.shell.includes(url.pathname);
  if (response.type === "basic" && ours) {
    const copy = response.clone();
    event.waitUntil(caches.open(SHELL).then((cache) => cache.put(url.pathname, copy)).catch(() => {}));
  }
  return response;
}

/// This build's stylesheet, for a page of an older build asking for its own.
async function currentStylesheet(url) {
  if (!url.pathname.startsWith("/pkg/") || !url.pathname.endsWith(".css")) return undefined;
  const css = BUILD.shell.find((f) => f.startsWith("/pkg/") && f.endsWith(".css"));
  return css && (await caches.match(css, { cacheName: SHELL }));
}

/// Kept images first. Offline, a picture that was not kept becomes an
/// empty frame (the page's own background shows) instead of a broken image.
async function media(request) {
  const kept = await caches.match(request, { ignoreVary: true });
  if (kept) return kept;
  try {
    return await fetch(request);
  } catch (error) {
    if (request.destination !== "image") throw error;
    return new Response(EMPTY_PICTURE, { headers: { "content-type": "image/svg+xml" } });
  }
}

// ------------------------------------------------------- reader's copies

/// Makes the saved cache hold the stories in `keep` (and this language's
/// reading-list page, refreshed) and drop those in `drop`. With `prune` the
/// page vouches that `keep` is the whole list (it reads it from this
/// device), and every other story goes too; a signed-in reader's page may
/// be an old copy, so it names only what the reader removed.
async function syncSaved(lang, keep, drop, prune, owner) {
  const origin = self.location.origin;
  const stories = (paths) =>
    new Set(
      paths
        .filter((p) => typeof p === "string" && STORY.test(p))
        .slice(0, MAX_SAVED)
        .map((p) => new URL(p, origin).href),
    );
  const wanted = stories(keep);
  const unwanted = stories(drop);
  const cache = await caches.open(SAVED);
  // A page that names no reader (a kept copy shown while the network was
  // slow) cannot speak for an account's copies: only a page from the
  // network without the session ends them (`checkSession`).
  const before = await savedOwner();
  if (before === "account" && owner === "device") return;
  // Another owner's copies are not this list's to keep.
  if (before && before !== owner) {
    for (const request of await cache.keys()) await cache.delete(request);
  }
  await cache.put(SAVED_OWNER, new Response(owner, { headers: { "content-type": "text/plain" } }));
  for (const request of await cache.keys()) {
    if (request.url.endsWith(SAVED_OWNER)) continue;
    const listPage = /\/reading-list$/.test(new URL(request.url).pathname);
    const gone = prune ? !wanted.has(request.url) : unwanted.has(request.url);
    if (gone && !listPage) await cache.delete(request);
  }
  for (const url of wanted) {
    if (!(await cache.match(url))) await keepCopy(cache, url);
  }
  // Always fetched anew (without cookies, like every kept copy: the page
  // lists the stories from this device's own record of them).
  await keepCopy(cache, new URL(`/${lang}/reading-list`, origin).href, { fresh: true });
  await pruneMedia();
}

/// Downloads `lang`'s edition, telling every open page how far it got.
async function downloadEdition(lang) {
  const name = EDITION_PREFIX + lang;
  const tell = (message) => broadcast({ type: "edition-progress", lang, ...message });
  let pages;
  try {
    const response = await fetch(`/${lang}/edition.json`, { cache: "no-store" });
    if (!response.ok) throw new Error(`edition list: ${response.status}`);
    pages = (await response.json()).pages.filter((p) => typeof p === "string");
  } catch {
    tell({ done: 0, total: 0, finished: true, failed: true });
    return;
  }
  const origin = self.location.origin;
  const urls = pages.map((p) => new URL(p, origin).href);
  const cache = await caches.open(name);
  let done = 0;
  let stored = 0;
  tell({ done, total: urls.length });
  const queue = [...urls];
  const worker = async () => {
    for (let url = queue.shift(); url; url = queue.shift()) {
      // The home page changes by the hour: always this moment's. A story
      // read a moment ago is taken from the recent pages.
      if (await keepCopy(cache, url, { fresh: url === urls[0] })) stored += 1;
      done += 1;
      tell({ done, total: urls.length });
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  const failed = stored < urls.length;
  if (stored > 0) {
    // Pages that left the edition go; the rest is this download.
    for (const request of await cache.keys()) {
      if (!urls.includes(request.url) && !request.url.endsWith(EDITION_META)) {
        await cache.delete(request);
      }
    }
    const meta = { at: Date.now(), count: stored - 1, pages: urls, anonymous: true };
    await cache.put(EDITION_META, new Response(JSON.stringify(meta), { headers: { "content-type": "application/json" } }));
  }
  await pruneMedia();
  tell({ done, total: urls.length, finished: true, failed });
}

/// Fetches a page into `cache` with the images it shows, without cookies:
/// the copy is the page anyone would get, naming no reader. False when the
/// page could not be fetched (offline, or gone).
async function keepCopy(cache, url, { fresh = false } = {}) {
  try {
    // A page just read is already here (recent pages are anonymous too).
    const recent = !fresh && (await caches.match(url, { cacheName: PAGES, ignoreVary: true }));
    const response = recent || (await fetch(url, { credentials: "omit" }));
    if (!response.ok) return false;
    await storeWithImages(cache, url, response);
    return true;
  } catch {
    return false;
  }
}

/// Puts a page copy in `cache` under `key`, with the images it shows.
async function storeWithImages(cache, key, response) {
  const copy = await withMedia(response);
  const media = (copy.headers.get(MEDIA_HEADER) || "").split(" ").filter(Boolean);
  const images = await caches.open(MEDIA);
  for (const src of media) {
    if (await images.match(src)) continue;
    try {
      const image = await fetch(src);
      if (image.ok) await images.put(src, image);
    } catch {
      // The story reads without a missing picture; the next copy retries.
    }
  }
  await cache.put(key, copy);
}

/// A copy of a page response that names, in a header, the images it shows.
async function withMedia(response) {
  const html = await response.text();
  const media = new Set();
  for (const match of html.matchAll(/(?:src|srcset|poster)="([^"]+)"/g)) {
    for (const part of match[1].split(",")) {
      const src = part.trim().split(/\s+/)[0].replace(/&amp;/g, "&");
      if (src.startsWith("/media/") && !/\.(webm|mp4)$/.test(src)) media.add(src);
    }
  }
  const headers = new Headers(response.headers);
  headers.set(MEDIA_HEADER, [...media].join(" "));
  return new Response(html, { status: response.status, statusText: response.statusText, headers });
}

/// Drops images no kept copy shows any more.
async function pruneMedia() {
  const used = new Set();
  for (const name of await readerCacheNames()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      const media = (response && response.headers.get(MEDIA_HEADER)) || "";
      for (const src of media.split(" ").filter(Boolean)) {
        used.add(new URL(src, self.location.origin).href);
      }
    }
  }
  const images = await caches.open(MEDIA);
  for (const request of await images.keys()) {
    if (!used.has(request.url)) await images.delete(request);
  }
}

async function readerCacheNames() {
  const names = await caches.keys();
  return names.filter((n) => n === SAVED || n.startsWith(EDITION_PREFIX));
}

/// After 7 days an edition is old news: it goes unless downloaded again.
async function expireEditions() {
  let expired = false;
  for (const name of await caches.keys()) {
    if (!name.startsWith(EDITION_PREFIX)) continue;
    const meta = await editionMeta(name);
    if (!meta || Date.now() - meta.at > BUILD.editionDays * DAY_MS) {
      await caches.delete(name);
      expired = true;
    }
  }
  if (expired) await pruneMedia();
}

async function editionMeta(name) {
  const cache = await caches.open(name);
  const response = await cache.match(EDITION_META);
  try {
    return response ? await response.json() : null;
  } catch {
    return null;
  }
}

/// Copies kept by versions before this one were fetched with the reader's
/// cookies and may name them: they go once (the saved list is fetched again
/// at the next sync, an edition at its next download).
async function dropCopiesWithAccounts() {
  let dropped = false;
  if ((await caches.has(SAVED)) && !(await savedOwner())) {
    await caches.delete(SAVED);
    dropped = true;
  }
  for (const name of await caches.keys()) {
    if (!name.startsWith(EDITION_PREFIX)) continue;
    const meta = await editionMeta(name);
    if (!meta || meta.anonymous !== true) {
      await caches.delete(name);
      dropped = true;
    }
  }
  if (dropped) await pruneMedia();
}

/// Signing out leaves nothing of the reader's behind on the device.
async function forgetReader() {
  for (const name of await caches.keys()) {
    if (name === PAGES || name === SAVED || name === MEDIA || name.startsWith(EDITION_PREFIX)) {
      await caches.delete(name);
    }
  }
}

// --------------------------------------------------------------- status

/// What can be read offline now, for the pages to show.
async function status() {
  await expireEditions();
  const pages = new Set();
  const saved = [];
  const editions = {};
  for (const name of await caches.keys()) {
    const reader = name === SAVED || name.startsWith(EDITION_PREFIX);
    if (!reader && name !== PAGES) continue;
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const path = readablePath(request.url);
      if (path === EDITION_META || path === SAVED_OWNER) continue;
      pages.add(path);
      if (name === SAVED) saved.push(path);
    }
    if (name.startsWith(EDITION_PREFIX)) {
      const meta = await editionMeta(name);
      if (meta) {
        editions[name.slice(EDITION_PREFIX.length)] = {
          at: meta.at,
          until: meta.at + BUILD.editionDays * DAY_MS,
          count: meta.count,
        };
      }
    }
  }
  const account = (await savedOwner()) === "account";
  return { type: "status", version: BUILD.version, pages: [...pages], saved, editions, account };
}

async function broadcastStatus() {
  broadcast(await status());
}

async function broadcast(message) {
  for (const client of await self.clients.matchAll({ includeUncontrolled: true })) {
    client.postMessage(message);
  }
}

// ------------------------------------------------------------- plumbing

let chain = Promise.resolve();

/// Runs cache changes one after another, so a sync and a download never
/// work on the same cache at once.
function serially(task) {
  const run = chain.then(task, task);
  chain = run.catch(() => {});
  return run;
}

/// A kept page's path as the app writes it (slugs unescaped).
function readablePath(url) {
  const path = new URL(url).pathname;
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}

function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
