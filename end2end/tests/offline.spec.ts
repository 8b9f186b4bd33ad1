import { test, expect, collectErrors } from "../fixtures";
import { chromium } from "@playwright/test";
import type { BrowserContext, Page } from "@playwright/test";
import { OfflinePage } from "../pages/offline-page";
import { ArticlePage } from "../pages/article-page";
import { readerContext, texts, uniqueEmail } from "../support/readers";
import { OwnServer } from "../support/server";
import { appendFileSync, mkdtempSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

// Offline, the browser logs each request that cannot reach the network
// (the worker's update check, a picture that was not kept). Nothing else
// may fail.
test.use({ allowedErrors: /ERR_INTERNET_DISCONNECTED/ });

/** The stories `lang`'s edition holds, newest first (the server's list). */
async function editionStories(page: Page, lang: string): Promise<string[]> {
  const response = await page.request.get(`/${lang}/edition.json`);
  expect(response.ok()).toBe(true);
  const { pages } = await response.json();
  return (pages as string[]).filter((p) => p.includes("/article/"));
}

/** Every story of `lang` in its feed (the newest 30), newest first. */
async function feedStories(page: Page, lang: string): Promise<string[]> {
  const response = await page.request.get(`/${lang}/feed.xml`);
  const links = [...(await response.text()).matchAll(/<link>[^<]*?(\/[a-z]{2}\/article\/[^<]+)<\/link>/g)];
  return links.map((m) => m[1]);
}

/** Reads an article offline: its title, its body and its hero picture. */
async function expectReadable(page: Page, path: string) {
  const article = new ArticlePage(page);
  await page.goto(path);
  await expect(article.title).toBeVisible();
  await expect(article.body).not.toBeEmpty();
  const hero = page.locator(".hero img").first();
  if (await hero.count()) {
    // The picture itself was kept (not the empty frame shown for one that
    // was not), and it shows.
    const src = (await hero.getAttribute("src"))!;
    expect(await new OfflinePage(page).holds("khabar-media", src)).toBe(true);
    await expect.poll(() => hero.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 16)).toBe(true);
  }
}

async function offline(context: BrowserContext, on: boolean) {
  await context.setOffline(on);
}

for (const lang of ["en", "fa", "ps"]) {
  test(`[${lang}] installable: the manifest of the language, no installability errors`, async ({}, info) => {
    // Chrome installs nothing from a private window, which every test
    // context is: this test gets a browser profile of its own.
    const profile = mkdtempSync(path.join(os.tmpdir(), "khabar-profile-"));
    const context = await chromium.launchPersistentContext(profile, {
      ...info.project.use,
      ...info.project.use.launchOptions,
    });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      const errors = collectErrors(page);
      const site = new OfflinePage(page);
      const t = texts(lang);
      await site.openControlled(`/${lang}/`);
      await expect(page.locator('link[rel="manifest"]')).toHaveAttribute("href", `/${lang}/manifest.webmanifest`);
      const manifest = await (await page.request.get(`/${lang}/manifest.webmanifest`)).json();
      expect(manifest.name).toBe(t.site_name);
      expect(manifest.short_name).toBe(t.app_short_name);
      expect(manifest.lang).toBe(lang);
      expect(manifest.dir).toBe(lang === "en" ? "ltr" : "rtl");
      const cdp = await context.newCDPSession(page);
      const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
      expect(installabilityErrors).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
}

test("the worker controls the page after one reload", async ({ page }) => {
  const site = new OfflinePage(page);
  await site.goto("/en/");
  await site.workerReady();
  expect(await site.controlled()).toBe(false);
  await page.reload();
  await expect.poll(() => site.controlled()).toBe(true);
});

for (const lang of ["en", "ar"]) {
  const t = texts(lang);

  test(`[${lang}] a saved story reads offline, and the reading list works offline`, async ({ page, context }) => {
    const site = new OfflinePage(page);
    const [first, second] = (await editionStories(page, lang)).map((p) => p.split("/").pop()!);
    await site.openControlled(`/${lang}/`);
    // Saved from their cards: neither story has been opened.
    await site.cardBookmark(first).click();
    await site.cardBookmark(second).click();
    await site.goto(`/${lang}/reading-list`);
    await site.hydrated();
    for (const slug of [first, second]) {
      await expect(site.savedItem(slug).locator(".offline-kept")).toHaveText(t.available_offline);
    }

    await offline(context, true);
    await page.reload();
    await expect(site.banner).toHaveText(t.offline_banner);
    await expect(site.savedItems).toHaveCount(2);
    await expect(site.savedItem(first).locator(".offline-kept")).toHaveText(t.available_offline);
    // Following the link offline loads the kept copy.
    await site.savedItem(second).locator("a").first().click();
    await expect(new ArticlePage(page).title).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`/${lang}/article/${second}$`));
    await expectReadable(page, `/${lang}/article/${first}`);
    await expect(site.banner).toHaveText(t.offline_banner);
  });
}

test("on a shared phone, nothing kept offline shows who read it, and a session that ends takes its copies along", async ({ browser }, info) => {
  test.slow();
  const context = await readerContext(browser, info);
  const page = await context.newPage();
  const errors = collectErrors(page, /ERR_INTERNET_DISCONNECTED/);
  const site = new OfflinePage(page);
  const name = "Shared Phone Owner";
  const email = uniqueEmail(info, "shared-phone");
  const [slug] = (await editionStories(page, "en")).map((p) => p.split("/").pop()!);
  const shows = async (text: string) => (await page.content()).includes(text);

  await site.openControlled("/en/register");
  await site.fill("register", { display_name: name, email, password: "walnut river lantern" });
  await expect(site.accountLink).toHaveText(name);
  await site.goto(`/en/article/${slug}`);
  await site.hydrated();
  await site.articleBookmark.click();
  await expect.poll(() => site.holds("khabar-saved", `/en/article/${slug}`)).toBe(true);
  // Read while signed in: pages that name the reader are never kept.
  await site.goto("/en/about");
  await site.hydrated();
  await site.goto("/en/account");
  await expect(page.locator(".signed-in-as .email")).toHaveText(email);

  // Offline and still signed in, the saved story and the list read on.
  await offline(context, true);
  await page.goto(`/en/article/${slug}`);
  await expect(new ArticlePage(page).title).toBeVisible();
  expect(await shows(name)).toBe(false);
  await page.goto("/en/reading-list");
  await site.hydrated();
  await expect(site.savedItem(slug)).toHaveCount(1);
  for (const path of ["/en/about", "/en/account", "/en/"]) {
    await page.goto(path);
    expect(await shows(name), path).toBe(false);
    expect(await shows(email), path).toBe(false);
  }

  // The session cookie goes (expired, or signed out elsewhere): the next
  // page from the network tells the worker, and the copies go too.
  await offline(context, false);
  await context.clearCookies();
  await site.goto("/en/about");
  await site.hydrated();
  await expect.poll(() => site.holds("khabar-saved", `/en/article/${slug}`)).toBe(false);
  expect(await page.evaluate(() => localStorage.getItem("khabar.account-list"))).toBeNull();
  await offline(context, true);
  await page.goto("/en/reading-list");
  await expect(site.savedItems).toHaveCount(0);
  expect(await shows(name)).toBe(false);
  expect(await shows(email)).toBe(false);
  expect(errors).toEqual([]);
  await context.close();
});

test("a story removed from the list is dropped once Undo has passed", async ({ page, context }) => {
  // The page's clock, moved on by hand, times the Undo window.
  await page.clock.install();
  const site = new OfflinePage(page);
  const [slug] = (await editionStories(page, "en")).map((p) => p.split("/").pop()!);
  await site.openControlled("/en/");
  await site.cardBookmark(slug).click();
  await expect.poll(() => site.holds("khabar-saved", `/en/article/${slug}`)).toBe(true);
  await site.cardBookmark(slug).click();
  await expect(site.toast).toBeVisible();
  // Still kept while Undo could bring it back (8 s)…
  await page.clock.runFor(6_500);
  expect(await site.holds("khabar-saved", `/en/article/${slug}`)).toBe(true);
  // …and gone after.
  await page.clock.runFor(3_000);
  await expect.poll(() => site.holds("khabar-saved", `/en/article/${slug}`)).toBe(false);
  await offline(context, true);
  await page.goto(`/en/article/${slug}`);
  await expect(site.offlineTitle).toHaveText(texts("en").offline_title);
});

for (const lang of ["en", "fa"]) {
  const t = texts(lang);

  test(`[${lang}] download this edition, then read three of its stories offline`, async ({ page, context }) => {
    const site = new OfflinePage(page);
    const stories = await editionStories(page, lang);
    await site.openControlled(`/${lang}/`);
    // Every story the home page links to, and nothing else.
    const linked = await page
      .locator("main a.card-link")
      .evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
    expect([...stories].sort()).toEqual([...new Set(linked)].sort());
    expect(stories.length).toBeGreaterThanOrEqual(20);
    await expect(site.editionButton).toHaveText(t.edition_download);
    await site.editionButton.click();
    // Progress, then the result with the space used on the device.
    await expect(site.editionStatus.locator(".edition-ready")).toBeVisible({ timeout: 20_000 });
    await expect(site.editionStatus).toContainText(t.edition_space.split("{size}")[0].trim());
    await expect(site.editionButton).toHaveText(t.edition_again);

    await offline(context, true);
    await page.goto(`/${lang}/`);
    await expect(site.banner).toHaveText(t.offline_banner);
    await expect(site.editionButton).toBeDisabled();
    // A card of the edition opens from the home page without a connection.
    const [first, ...rest] = stories;
    await site.card(first.split("/").pop()!).locator("a.card-link").click();
    await expect(page).toHaveURL(new RegExp(`${first}$`));
    await expect(new ArticlePage(page).title).toBeVisible();
    // The oldest stories the page links to (a section's last card) too.
    for (const path of [...rest.slice(0, 1), ...rest.slice(-2)]) {
      await expectReadable(page, path);
    }
  });
}

test("progress is shown while the edition downloads", async ({ page, context }) => {
  const site = new OfflinePage(page);
  await site.openControlled("/en/");
  // Slow pages down so the progress can be seen.
  await context.route("**/en/article/**", async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 400));
    await route.continue();
  });
  await site.editionButton.click();
  // The worker reports each page as it is kept.
  const progress = site.editionStatus.locator("progress");
  await expect
    .poll(() => progress.evaluate((p: HTMLProgressElement) => p.value > 0 && p.value < p.max), { intervals: [50] })
    .toBe(true);
  await expect(site.editionStatus).toContainText(texts("en").edition_progress.split("{done}")[0].trim());
  await expect(site.editionStatus.locator(".edition-ready")).toBeVisible({ timeout: 30_000 });
  await expect(site.editionStatus.locator("progress")).toHaveCount(0);
});

for (const lang of ["fa", "de"]) {
  const t = texts(lang);

  test(`[${lang}] offline, a story that was not kept shows the offline page in the reader's language`, async ({ page, context }) => {
    const site = new OfflinePage(page);
    // The oldest story of the feed: never opened in this test.
    const older = (await feedStories(page, lang)).pop()!;
    await site.openControlled(`/${lang}/category/afghanistan`);
    await offline(context, true);
    await page.reload();
    // Cards of stories that were not kept are marked.
    const marked = page.locator("article.card.unavailable");
    await expect(marked.first()).toBeVisible();
    await expect(marked.first().locator(".offline-missing")).toHaveText(t.not_available_offline);

    await page.goto(older);
    await expect(site.offlineTitle).toHaveText(t.offline_title);
    await expect(page.locator("html")).toHaveAttribute("lang", lang);
    await expect(page.locator("html")).toHaveAttribute("dir", lang === "fa" ? "rtl" : "ltr");
    await expect(page.getByRole("link", { name: t.offline_try_again })).toBeVisible();

    // Back online, "Try again" opens the story.
    await offline(context, false);
    await page.getByRole("link", { name: t.offline_try_again }).click();
    await expect(new ArticlePage(page).title).toBeVisible();
  });
}

test("a new version waits for the reader, then replaces the old caches", async ({ page }, info) => {
  // Two server starts, a reload into a new worker and the wait for the old
  // one to finish its work: more than the usual time.
  test.setTimeout(150_000);
  // Its own server, so that a new release can replace it at the same address.
  const server = new OwnServer(3390 + info.parallelIndex);
  await server.start();
  await page.clock.install();
  try {
    const site = new OfflinePage(page);
    const t = texts("en");
    await site.openControlled(`${server.baseURL}/en/`);
    const before = await site.cacheNames();
    const shell = before.find((name) => name.startsWith("khabar-shell-"))!;
    const pages = before.find((name) => name.startsWith("khabar-pages-"))!;
    expect(shell).toBeTruthy();
    expect(pages).toBeTruthy();

    // The next release changes the site's icon and restarts the server.
    await server.stop();
    appendFileSync(path.join(server.siteRoot, "favicon.svg"), "\n<!-- next release -->\n");
    await server.start();

    await page.evaluate(() => {
      (window as unknown as { stillHere: boolean }).stillHere = true;
    });
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()));
    const toast = site.toast.filter({ hasText: t.update_available });
    await expect(toast).toBeVisible();
    // Nothing reloads by itself while someone reads: a minute of the page's
    // time passes, and the offer (no timer of its own) stays.
    await page.clock.runFor(60_000);
    await expect(toast).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);

    // Reload: the new worker takes over and the page loads again.
    // The page's clock is the test's: when the old worker is still busy
    // (under load, a page it is keeping), the app's fallback reload after
    // three seconds of that clock is what brings the new version, so let
    // that time pass (the page may already be reloading).
    const reloaded = page.waitForEvent("load");
    await toast.getByRole("button", { name: t.update_reload }).click();
    await page.clock.runFor(3_500).catch(() => undefined);
    await reloaded;
    await site.hydrated();
    expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBeUndefined();
    // The new worker has its own caches and the old ones are gone (once
    // it has taken over: when the old worker was busy, after the reload).
    // Chromium activates the new worker only when the old one has no event
    // left in flight, and every page load and message it answers is one:
    // on a loaded CI machine that once took longer than expect's usual
    // 5 s, so this waits for most of the test's own time.
    await expect
      .poll(
        async () => {
          const after = await site.cacheNames();
          return {
            newShell: after.some((name) => name.startsWith("khabar-shell-") && name !== shell),
            oldLeft: after.filter((name) => name === shell || name === pages),
          };
        },
        { timeout: 100_000 },
      )
      .toEqual({ newShell: true, oldLeft: [] });
  } finally {
    await server.stop();
  }
});

test("sharing uses the system share sheet where the browser has one", async ({ page }) => {
  await page.addInitScript(() => {
    const shared: ShareData[] = [];
    (window as unknown as { shared: ShareData[] }).shared = shared;
    Object.defineProperty(navigator, "share", {
      value: (data: ShareData) => {
        shared.push(data);
        return Promise.resolve();
      },
    });
  });
  const article = new ArticlePage(page);
  await article.goto("/fa/article/wheat-sowing-north");
  await article.hydrated();
  const button = article.share.getByRole("button", { name: texts("fa").share_button });
  await expect(button).toBeVisible();
  await expect(article.share.getByRole("link")).toHaveCount(0);
  await button.click();
  const shared = await page.evaluate(() => (window as unknown as { shared: ShareData[] }).shared);
  expect(shared).toHaveLength(1);
  expect(shared[0].url).toMatch(/\/fa\/article\/wheat-sowing-north$/);
  expect(shared[0].title).toBe(await article.title.textContent());
});

test("without a share sheet, the links and a Copied toast", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const article = new ArticlePage(page);
  const site = new OfflinePage(page);
  const t = texts("ar");
  await article.goto("/ar/article/wheat-sowing-north");
  await article.hydrated();
  await expect(article.share.getByRole("link", { name: t.share_telegram })).toBeVisible();
  await article.share.getByRole("button", { name: t.copy_link }).click();
  await expect(site.toast).toContainText(t.link_copied);
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toMatch(/\/ar\/article\/wheat-sowing-north$/);
});
