import { test, expect } from "../fixtures";
import { SearchPage } from "../pages/search-page";
import { SitePage } from "../pages/site-page";

const STORY = "wheat-sowing-north";

test("a Dari search typed with Arabic ي and ك finds the Dari story", async ({ page }) => {
  const search = new SearchPage(page);
  // «كشت گندم زمستاني»: Arabic kaf and yeh where Dari writes ک and ی.
  await search.goto(SearchPage.path("fa", "كشت گندم زمستاني"));
  await expect(search.hits.first().locator("a")).toHaveAttribute("href", `/fa/article/${STORY}`);
  await expect(search.hits.first().locator("mark").first()).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
});

test("the search form works without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/en/");
  await page.locator("#site-search-q").fill("saffron");
  await page.locator("#site-search-q").press("Enter");
  await expect(page).toHaveURL(/\/en\/search\?q=saffron/);
  await expect(page.locator("li.search-hit").first()).toContainText(/saffron/i);
  await context.close();
});

test("bad queries get a helpful message, never an error", async ({ page }) => {
  const search = new SearchPage(page);
  for (const q of ['"*"', "<script>alert(1)</script>", "x".repeat(1200)]) {
    const response = await search.goto(SearchPage.path("en", q));
    expect(response?.status()).toBe(200);
    await expect(search.message.or(page.locator(".search-count"))).toBeVisible();
  }
});

test("suggestions appear while typing and work from the keyboard", async ({ page }) => {
  const site = new SitePage(page);
  await site.goto("/en/");
  await site.hydrated();
  await site.typeSearch("whea");
  const options = site.suggestions.getByRole("option");
  await expect(options.first()).toBeVisible();
  await expect(site.searchBox).toHaveAttribute("aria-expanded", "true");
  await page.keyboard.press("ArrowDown");
  await expect(options.first()).toHaveAttribute("aria-selected", "true");
  await expect(site.searchBox).toHaveAttribute("aria-activedescendant", "site-search-option-0");
  const href = await options.first().locator("a").getAttribute("href");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(href!);
  await expect(site.suggestions).toBeHidden();
});

test("Escape closes the suggestions", async ({ page }) => {
  const site = new SitePage(page);
  await site.goto("/ru/");
  await site.hydrated();
  await site.typeSearch("пшени");
  await expect(site.suggestions.getByRole("option").first()).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(site.suggestions).toBeHidden();
});

test("data-saver pages load no app bundle and every link still works", async ({ browser }) => {
  const context = await browser.newContext({ extraHTTPHeaders: { "Save-Data": "on" } });
  const page = await context.newPage();
  const requested: string[] = [];
  page.on("request", (request) => requested.push(request.url()));
  await page.goto(`/en/article/${STORY}`);
  await expect(page.locator("article.article h1")).toBeVisible();
  await expect(page.locator(".tap-to-load").first()).toBeVisible();
  await page.getByRole("link", { name: "World", exact: true }).first().click();
  await expect(page).toHaveURL(/\/en\/category\/world$/);
  await page.locator("section.listing a.card-link").first().click();
  await expect(page).toHaveURL(/\/en\/article\//);
  await page.locator("#site-search-q").fill("wheat");
  await page.locator("#site-search-q").press("Enter");
  await expect(page.locator("li.search-hit").first()).toBeVisible();
  const code = requested.filter((url) => /\.(wasm|js)(\?|$)/.test(url));
  expect(code).toEqual([]);
  await context.close();
});

test("the data-saver switch turns lite mode on and off", async ({ page }) => {
  await page.goto("/de/category/sport");
  await page.locator("form.data-saver button").click();
  await expect(page).toHaveURL(/\/de\/category\/sport$/);
  await expect(page.locator("html")).toHaveClass(/lite/);
  await expect(page.locator("form.data-saver p")).toBeVisible();
  await page.locator("form.data-saver button").click();
  await expect(page.locator("html")).not.toHaveClass(/lite/);
});
