import { test, expect } from "../fixtures";
import type { Page } from "@playwright/test";
import { ArticlePage } from "../pages/article-page";
import { ReaderPage } from "../pages/reader-page";
import { SitePage } from "../pages/site-page";
import { texts } from "../support/readers";

const STORY = "wheat-sowing-north";

/** The path of every request the page makes from now on. */
function requestedPaths(page: Page): string[] {
  const paths: string[] = [];
  page.on("request", (request) => paths.push(new URL(request.url()).pathname));
  return paths;
}
const NATIVE_NAMES = ["العربية", "English", "Français", "Deutsch", "پښتو", "فارسی", "Русский", "Español", "Тоҷикӣ"];

test("the switcher lists every language in its own name", async ({ page }) => {
  const site = new SitePage(page);
  await site.goto("/en/");
  await site.openMenuIfCollapsed();
  await expect(site.languageSwitcher.getByRole("link")).toHaveText(NATIVE_NAMES);
});

test("switching language on an article keeps the story", async ({ page }) => {
  const article = new ArticlePage(page);
  await article.goto(ArticlePage.path("en", STORY));
  await article.hydrated();
  await article.switchLanguage("فارسی");
  await expect(page).toHaveURL(ArticlePage.path("fa", STORY));
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await expect(page.locator("html")).toHaveAttribute("lang", "fa");
  await expect(article.title).toHaveText(/[\u0600-\u06FF]/);

  await article.switchLanguage("Тоҷикӣ");
  await expect(page).toHaveURL(ArticlePage.path("tg", STORY));
  await expect(page.locator("html")).toHaveAttribute("dir", "ltr");
  await expect(article.title).toHaveText(/[\u0400-\u04FF]/);
});

test("switching language in the app brings that language's strings, without a reload", async ({ page }) => {
  const fetched = requestedPaths(page);
  const article = new ArticlePage(page);
  await article.goto(ArticlePage.path("en", STORY));
  await article.hydrated();
  // English is in the bundle, so an English page carries no strings block.
  await expect(page.locator("script#khabar-texts")).toHaveCount(0);
  await page.evaluate(() => document.documentElement.setAttribute("data-test-same-document", ""));

  const fa = texts("fa");
  await article.switchLanguage(fa.lang_name);
  await expect(page).toHaveURL(ArticlePage.path("fa", STORY));
  await expect(page.locator(".skip-link")).toHaveText(fa.skip_to_content);
  await expect(article.footer).toContainText(fa.footer_languages);
  expect(fetched).toContain("/texts/fa.json");

  // Back to English and forward again: the strings are here already.
  const requests = fetched.length;
  await page.goBack();
  await expect(page).toHaveURL(ArticlePage.path("en", STORY));
  await expect(page.locator(".skip-link")).toHaveText(texts("en").skip_to_content);
  await page.goForward();
  await expect(page.locator(".skip-link")).toHaveText(fa.skip_to_content);
  expect(fetched.slice(requests).filter((p) => p.startsWith("/texts/"))).toEqual([]);
  await expect(page.locator("html[data-test-same-document]")).toHaveCount(1);
});

test("a page in another language brings its own strings, and only those", async ({ page }) => {
  const fetched = requestedPaths(page);
  const reader = new ReaderPage(page);
  await reader.goto(ArticlePage.path("ps", STORY));
  await reader.hydrated();
  await expect(page.locator("script#khabar-texts")).toHaveAttribute("data-lang", "ps");
  // What the app writes after hydration is Pashto, not the bundle's English.
  await reader.articleBookmark.click();
  await expect(reader.articleBookmark).toHaveText(texts("ps").unsave_story);
  await expect(reader.toast).toContainText(texts("ps").saved_toast);
  expect(fetched.filter((p) => p.startsWith("/texts/"))).toEqual([]);
});

test("a story without a translation switches to that language's home", async ({ page }) => {
  const article = new ArticlePage(page);
  // English-only stories have no "Also in" list; find one from the World section.
  await page.goto("/en/category/history");
  const hrefs = await page.locator("section.listing a.card-link").evaluateAll((links) =>
    links.map((a) => a.getAttribute("href")!),
  );
  let englishOnly: string | undefined;
  for (const href of hrefs) {
    await page.goto(href);
    if ((await article.alsoIn.count()) === 0) {
      englishOnly = href;
      break;
    }
  }
  expect(englishOnly, "an English-only story in History").toBeDefined();
  await article.hydrated();
  await article.switchLanguage("پښتو");
  await expect(page).toHaveURL("/ps/");
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
});

test("the article links its translations for readers and search engines", async ({ page }) => {
  const article = new ArticlePage(page);
  await article.goto(ArticlePage.path("en", STORY));
  for (const lang of ["fa", "ps", "ar", "tg", "ru", "fr", "de", "es"]) {
    await expect(page.locator(`link[rel="alternate"][hreflang="${lang}"]`)).toHaveAttribute(
      "href",
      new RegExp(`/${lang}/article/${STORY}$`),
    );
    await expect(article.alsoIn.locator(`a[hreflang="${lang}"]`)).toHaveCount(1);
  }
  await expect(page.locator('link[rel="alternate"][hreflang="x-default"]')).toHaveAttribute(
    "href",
    new RegExp(`/en/article/${STORY}$`),
  );
});

test("Dari dates use the Solar Hijri calendar, Afghan months and Persian digits", async ({ page }) => {
  const article = new ArticlePage(page);
  await article.goto(ArticlePage.path("fa", STORY));
  const date = (await article.publishedDate.textContent())!;
  expect(date).toMatch(/حمل|ثور|جوزا|سرطان|اسد|سنبله|میزان|عقرب|قوس|جدی|دلو|حوت/);
  expect(date).toMatch(/[۰-۹]/);
  expect(date).not.toMatch(/[0-9]/);
  expect(date).toContain("۱۴۰۵");
});

test("Pashto dates use the Solar Hijri calendar with Pashto month names", async ({ page }) => {
  const article = new ArticlePage(page);
  await article.goto(ArticlePage.path("ps", STORY));
  const date = (await article.publishedDate.textContent())!;
  expect(date).toContain("۱۴۰۵");
  expect(date).not.toMatch(/[0-9]/);
});

test("right-to-left pages mirror the header", async ({ page }) => {
  const site = new SitePage(page);
  const width = page.viewportSize()!.width;
  await site.goto("/en/");
  const ltr = (await site.siteName.boundingBox())!;
  expect(ltr.x + ltr.width / 2).toBeLessThan(width / 2);
  await site.goto("/fa/");
  expect(await site.htmlDir()).toBe("rtl");
  const rtl = (await site.siteName.boundingBox())!;
  expect(rtl.x + rtl.width / 2).toBeGreaterThan(width / 2);
});

test("Tajik pages are in Tajik Cyrillic with no English chrome", async ({ page }) => {
  const site = new SitePage(page);
  await site.goto("/tg/");
  expect(await site.htmlLang()).toBe("tg");
  await site.openMenuIfCollapsed();
  const labels = await site.sectionNav.getByRole("link").allTextContents();
  expect(labels).toHaveLength(11);
  for (const label of labels) expect(label).toMatch(/^[\u0400-\u04FF\s&,.-]+$/);
  await expect(site.footer).not.toContainText("All rights reserved");
});

// Tagged @phone: only the mobile project runs it (the menu collapses only on small screens).
test("the phone menu opens and closes from the keyboard @phone", async ({ page }) => {
  const site = new SitePage(page);
  await site.goto("/ar/");
  await site.hydrated();
  await expect(site.sectionNav).toBeHidden();
  await expect(site.menuButton).toHaveAttribute("aria-expanded", "false");
  await site.menuButton.focus();
  await page.keyboard.press("Enter");
  await expect(site.menuButton).toHaveAttribute("aria-expanded", "true");
  await expect(site.sectionNav).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(site.sectionNav).toBeHidden();
});
