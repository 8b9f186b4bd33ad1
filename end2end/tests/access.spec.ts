import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { test, expect } from "../fixtures";
import { ReaderPage } from "../pages/reader-page";
import { readerContext, uniqueEmail } from "../support/readers";

const LANGS = ["ar", "en", "fr", "de", "ps", "fa", "ru", "es", "tg"];
const PASSWORD = "quiet river lantern 42";

/**
 * axe's serious and critical findings on the page as it is once the app
 * has hydrated (WCAG 2.1 A and AA rules), each named with the elements it
 * found, so that a failure says what to fix.
 */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** Latin digits, Persian digits and Eastern Arabic digits. */
const SYSTEMS: Record<string, RegExp> = {
  latin: /[0-9]/,
  persian: /[\u06F0-\u06F9]/,
  easternArabic: /[\u0660-\u0669]/,
};

/**
 * The words on screen holding a digit of another system than `lang`'s
 * (Persian for fa and ps, Latin for the rest, Arabic included); addresses
 * and emails, which are not the page's text, are left out.
 */
async function foreignDigits(page: Page, lang: string): Promise<string[]> {
  const own = lang === "fa" || lang === "ps" ? "persian" : "latin";
  const words = (await page.locator("body").innerText()).split(/\s+/);
  return words.filter(
    (w) =>
      !/@|:\/\/|^\//.test(w) &&
      Object.entries(SYSTEMS).some(([name, digits]) => name !== own && digits.test(w)),
  );
}

/** A word from the home page's lead story, which search must find. */
async function searchableWord(page: Page): Promise<string> {
  const title = (await page.locator("main .card-title").first().innerText()).trim();
  return title.split(/\s+/).find((w) => [...w].length >= 4) ?? title;
}

for (const lang of LANGS) {
  test(`[${lang}] every kind of page: no serious accessibility problem, only its own digits`, async ({ browser }, info) => {
    test.slow();
    const context = await readerContext(browser, info);
    const page = await context.newPage();
    const reader = new ReaderPage(page);
    // The offline notice is a page of its own that never runs the app.
    const check = async (path: string, { app = true } = {}) => {
      const response = await reader.goto(path);
      expect(response?.status(), path).toBe(200);
      if (app) await reader.hydrated();
      expect(await seriousViolations(page), `${path}`).toEqual([]);
      expect(await foreignDigits(page, lang), `${path}: digits of another language`).toEqual([]);
    };

    await check(`/${lang}/`);
    const article = new URL(await page.locator("main a.card-link").first().getAttribute("href") ?? "", "http://x").pathname;
    const word = await searchableWord(page);
    await check(`/${lang}/category/afghanistan`);
    await check(`/${lang}/videos`);
    await check(`/${lang}/photos`);
    await check(`/${lang}/about`);
    await check(article);
    // With a story on it, the reading list shows its list, not its empty state.
    await reader.articleBookmark.click();
    await reader.expectCount(1);
    await check(`/${lang}/reading-list`);
    await check(`/${lang}/search?q=${encodeURIComponent(word)}`);
    await expect(page.locator(".search-hit").first()).toBeVisible();
    await check(`/${lang}/offline`, { app: false });
    await check(`/${lang}/sign-in`);
    await check(`/${lang}/register`);
    await reader.fill("register", {
      display_name: "Access Reader",
      email: uniqueEmail(info, `access-${lang}`),
      password: PASSWORD,
    });
    await expect(reader.accountLink).toHaveText("Access Reader");
    await check(`/${lang}/account`);
    await context.close();
  });
}
