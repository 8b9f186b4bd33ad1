import { test, expect } from "../fixtures";
import { ArticlePage } from "../pages/article-page";
import { HomePage } from "../pages/home-page";

const STORY = "wheat-sowing-north";

test("the server's HTML already holds the whole article", async ({ request }) => {
  const response = await request.get(ArticlePage.path("en", STORY));
  expect(response.status()).toBe(200);
  const html = await response.text();
  expect(html).toMatch(/<html[^>]*lang="en"[^>]*dir="ltr"|<html[^>]*dir="ltr"[^>]*lang="en"/);
  expect(html).toContain('class="article-body"');
  expect(html).toMatch(/<h1>[^<]*wheat[^<]*<\/h1>/i);
  expect(html).toContain('rel="canonical"');
  expect(html).toContain('hreflang="x-default"');
  expect(html).toContain('"@type":"NewsArticle"');
  expect(html).toContain('"inLanguage":"en"');
  expect(html).toContain('property="og:title"');
});

test("home shows a lead story and a section per category", async ({ page }) => {
  const home = new HomePage(page);
  await home.goto(HomePage.path("en"));
  await expect(home.lead).toHaveCount(1);
  await expect(home.lead.locator("img")).toBeVisible();
  await expect(home.sections).toHaveCount(9);
  await expect(page).toHaveTitle("RASC News");
});

test("navigation after hydration happens in the browser", async ({ page }) => {
  const home = new HomePage(page);
  await home.goto(HomePage.path("en"));
  await home.hydrated();
  // A full page load would wipe this marker.
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
  const first = home.lead.locator("a.card-link");
  const title = (await first.locator(".card-title").textContent())!.trim();
  await first.click();
  const article = new ArticlePage(page);
  await expect(article.title).toHaveText(title);
  await expect(page).toHaveURL(/\/en\/article\//);
  expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);

  await article.goToSection("World");
  await expect(page).toHaveURL(/\/en\/category\/world$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("World");
  expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
});

test("an article shows everything a reader expects", async ({ page }) => {
  const article = new ArticlePage(page);
  await article.goto(ArticlePage.path("en", STORY));
  await expect(article.breadcrumb.getByRole("link")).toHaveText(["RASC News", "Afghanistan"]);
  await expect(article.publishedDate).toHaveText(/\d{1,2} [A-Z][a-z]+ 20\d\d/);
  await expect(article.body.locator("p").first()).toBeVisible();
  for (const name of ["Share on Facebook", "Share on X", "Share on WhatsApp", "Share on Telegram", "Share by email"]) {
    await expect(article.share.getByRole("link", { name })).toHaveAttribute("href", /wheat-sowing-north/);
  }
  await expect(article.share.getByRole("button", { name: "Copy link" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Follow us" })).toBeVisible();
  await expect(article.related.locator("time").first()).toBeVisible();
  await expect(article.adSlot).toContainText("Advertisement");
  // The ad reserves its box before anything fills it.
  const box = await article.adSlot.locator(".ad-box").boundingBox();
  expect(box!.height).toBeGreaterThan(100);
  await expect(article.alsoIn.getByRole("link")).not.toHaveCount(0);
});

test("category pages page through their stories", async ({ page }) => {
  await page.goto("/en/category/afghanistan");
  const cards = page.locator("section.listing article.card");
  await expect(cards).not.toHaveCount(0);
  const older = page.getByRole("link", { name: "Older stories" });
  if (await older.count()) {
    await older.click();
    await expect(page).toHaveURL(/page=2/);
    await expect(page.getByRole("link", { name: "Newer stories" })).toBeVisible();
  }
});

test("videos and photos have their own media pages", async ({ page }) => {
  await page.goto("/en/videos");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Videos");
  await page.locator("section.listing article.card a").first().click();
  await expect(page.locator("video source")).toHaveAttribute("src", /\.webm$/);
  await expect(page.locator("video")).toHaveAttribute("poster", /\.svg$/);

  await page.goto("/en/photos");
  await page.locator("section.listing article.card a").first().click();
  await expect(page.locator("section.gallery figure")).not.toHaveCount(0);
  await expect(page.locator("section.gallery figcaption").first()).toContainText("Photo 1 of");
});

test("the about page is translated", async ({ page }) => {
  await page.goto("/de/about");
  await expect(page.getByRole("heading", { level: 1 })).not.toHaveText("About RASC News");
  await expect(page.locator("html")).toHaveAttribute("lang", "de");
});
