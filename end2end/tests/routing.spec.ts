import { test, expect } from "../fixtures";
import { SitePage } from "../pages/site-page";

// `/` picks the reader's language: saved cookie, then Accept-Language, then English.
test.describe("root redirect", () => {
  for (const [acceptLanguage, lang] of [
    ["fa-AF,fa;q=0.9", "fa"],
    ["ps-AF", "ps"],
    ["ar-SA,ar;q=0.9,en;q=0.5", "ar"],
    ["ja-JP", "en"],
  ]) {
    test(`Accept-Language ${acceptLanguage} lands on /${lang}/`, async ({ request }) => {
      const response = await request.get("/", {
        headers: { "Accept-Language": acceptLanguage },
        maxRedirects: 0,
      });
      expect(response.status()).toBe(302);
      expect(response.headers()["location"]).toBe(`/${lang}/`);
    });
  }

  test("the language cookie wins over Accept-Language", async ({ request }) => {
    const response = await request.get("/", {
      headers: { "Accept-Language": "fa-AF", Cookie: "lang=tg" },
      maxRedirects: 0,
    });
    expect(response.headers()["location"]).toBe("/tg/");
  });

  test("a page visit remembers its language for the next visit to /", async ({ page }) => {
    // The page itself writes the cookie once the app runs: the server sets
    // none, so shared caches may keep its pages.
    const site = new SitePage(page);
    const response = await site.goto("/ru/");
    expect(response?.headers()["set-cookie"]).toBeUndefined();
    await site.hydrated();
    await page.goto("/");
    await expect(page).toHaveURL(/\/ru\/$/);
  });
});

test.describe("missing pages answer 404 in the reader's language", () => {
  for (const [path, heading] of [
    ["/en/article/no-such-story", "Page not found"],
    ["/xx/", "Page not found"],
    ["/en/category/no-such-section", "Page not found"],
    ["/en/category/world?page=999", "Page not found"],
    ["/en/category/world?page=abc", "Page not found"],
    ["/en/nothing/here", "Page not found"],
  ]) {
    test(`${path}`, async ({ page }) => {
      const response = await page.goto(path);
      expect(response?.status()).toBe(404);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
      await expect(page.getByRole("link", { name: "Go to the home page" })).toBeVisible();
    });
  }

  test("a Dari 404 is in Dari and right-to-left", async ({ page }) => {
    const response = await page.goto("/fa/article/no-such-story");
    expect(response?.status()).toBe(404);
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    const heading = await page.getByRole("heading", { level: 1 }).textContent();
    expect(heading).not.toContain("Page not found");
    expect(heading).toMatch(/[\u0600-\u06FF]/);
  });

  test("health check answers", async ({ request }) => {
    const response = await request.get("/healthz");
    expect(response.status()).toBe(200);
  });
});
