import { test, expect } from "../fixtures";
import type { Page } from "@playwright/test";
import { ArticlePage } from "../pages/article-page";
import { OfflinePage } from "../pages/offline-page";
import { ReaderPage } from "../pages/reader-page";
import { SearchPage } from "../pages/search-page";

// The app's WebAssembly is split: the main chunk holds what every page
// needs; the account pages, the sign-in dialog's form, the reading list,
// the search page and the edition download are chunks fetched on demand.

const ARTICLE = ArticlePage.path("en", "wheat-sowing-north");

/** Every `.wasm` file the page itself requests, in order. */
function wasmRequests(page: Page): string[] {
  const files: string[] = [];
  page.on("request", (request) => {
    const path = new URL(request.url()).pathname;
    if (path.endsWith(".wasm")) files.push(path);
  });
  return files;
}

/** Marks the document, so a full page load (which drops the mark) shows. */
async function markDocument(page: Page) {
  await page.evaluate(() => document.documentElement.setAttribute("data-test-same-document", ""));
}

async function expectSameDocument(page: Page) {
  await expect(page.locator("html[data-test-same-document]")).toHaveCount(1);
}

test("an article's first load fetches the main chunk only, and the worker keeps no page's code it did not run", async ({
  page,
  context,
}) => {
  const fetched = wasmRequests(page);
  const everywhere: string[] = [];
  // The worker's own fetches (its install) show on the context.
  context.on("request", (request) => {
    const path = new URL(request.url()).pathname;
    if (path.endsWith(".wasm")) everywhere.push(path);
  });
  const article = new OfflinePage(page);
  await article.goto(ARTICLE);
  await article.workerReady();
  await page.waitForLoadState("networkidle");
  expect(fetched).toHaveLength(1);
  const main = fetched[0];
  // The main chunk, the one the page's start script names. The page
  // preloads no code: the app is fetched once the browser is idle, so it
  // never competes with what the reader sees first.
  const scripts = await page
    .locator('script[type="module"]')
    .evaluateAll((elements) => elements.map((element) => element.textContent ?? ""));
  expect(scripts.filter((text) => text.includes(main))).toHaveLength(1);
  // Read in the HTML as sent: once the app runs, the head's links are its own.
  const html = await (await page.request.get(ARTICLE)).text();
  expect(html).toContain(main);
  expect(html).not.toMatch(/<link[^>]*rel="(preload|modulepreload)"/);
  expect(new Set(everywhere)).toEqual(new Set([main]));
});

test("lazy pages load their chunks on the way and work: reading list, search, sign-in, account pages", async ({
  page,
}) => {
  const fetched = wasmRequests(page);
  const reader = new ReaderPage(page);
  await reader.goto(ARTICLE);
  await reader.hydrated();
  await markDocument(page);
  expect(fetched).toHaveLength(1);

  // The reading list, by the header's link: client-side, with its chunk.
  await reader.readingListLink.click();
  await expect(page).toHaveURL(/\/en\/reading-list$/);
  await expect(page.locator("main h1")).toBeVisible();
  await expectSameDocument(page);
  const afterList = fetched.length;
  expect(afterList).toBeGreaterThan(1);

  // The sign-in dialog's form arrives in its own chunk when opened.
  await reader.signInLink.click();
  await expect(reader.dialog.locator('input[name="email"]')).toBeVisible();
  const afterDialog = fetched.length;
  expect(afterDialog).toBeGreaterThan(afterList);
  await reader.dialog.locator("button.dialog-close").click();

  // Nothing was fetched twice on the way.
  expect(new Set(fetched).size).toBe(fetched.length);

  // The search page, from the header's box (a plain GET form): the page
  // loads in full and hydrates once its chunk has arrived.
  await reader.searchBox.fill("wheat");
  await reader.searchBox.press("Enter");
  await expect(page).toHaveURL(/\/en\/search\?q=wheat/);
  await reader.hydrated();
  await expect(new SearchPage(page).hits.first()).toBeVisible();
  expect(fetched.length).toBeGreaterThan(afterDialog + 1);

  // The sign-in page and, from it, the registration page.
  await page.goto("/en/sign-in");
  await reader.hydrated();
  await markDocument(page);
  await page.locator("main .form-links a").last().click();
  await expect(page).toHaveURL(/\/en\/register$/);
  await expect(page.locator('main form[data-form="register"]')).toBeVisible();
  await expectSameDocument(page);
});

test.describe("offline", () => {
  test.use({ allowedErrors: /ERR_INTERNET_DISCONNECTED/ });

  test("a lazy page read online hydrates offline from the chunk the worker kept", async ({ page, context }) => {
    const reader = new OfflinePage(page);
    await reader.openControlled(ARTICLE);
    await reader.readingListLink.click();
    await expect(page).toHaveURL(/\/en\/reading-list$/);
    await expect(page.locator("main h1")).toBeVisible();
    // Loaded in full once online, so the worker keeps the page as well.
    await page.reload();
    await reader.hydrated();
    const listHeading = await page.locator("main h1").textContent();

    await context.setOffline(true);
    await page.reload();
    await expect(page.locator("main h1")).toHaveText(listHeading!);
    await reader.hydrated();
    // The app runs: it noticed the lost connection.
    await expect(reader.banner).toBeVisible();
  });
});
