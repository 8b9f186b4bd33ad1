import type { Page } from "@playwright/test";
import { test, expect } from "../fixtures";
import { ReaderPage } from "../pages/reader-page";
import { SearchPage } from "../pages/search-page";
import { readerContext, uniqueEmail } from "../support/readers";

const STORY = "wheat-sowing-north";
const PASSWORD = "walnut river lantern";

/** Where on screen the first occurrence of `text` inside `selector` starts. */
async function leftOf(page: Page, selector: string, text: string): Promise<number> {
  return page.locator(selector).evaluate((element, text) => {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent!.indexOf(text);
      if (at >= 0) {
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + text.length);
        return range.getBoundingClientRect().left;
      }
    }
    throw new Error(`no "${text}"`);
  }, text);
}

test("a Latin query on a Dari page is shown in its own order", async ({ page }) => {
  const search = new SearchPage(page);
  await search.goto("/fa/");
  await search.hydrated();
  await search.typeSearch("kabul 2026.");
  await search.searchBox.press("Enter");
  await expect(page).toHaveURL(/\/fa\/search\?q=kabul/);
  // Left to right as typed: the word, the year, then the full stop (without
  // isolation the full stop jumps to the left of "kabul").
  const heading = "main h1";
  await expect(page.locator(heading)).toContainText("kabul 2026.");
  const word = await leftOf(page, heading, "kabul");
  const year = await leftOf(page, heading, "2026");
  const stop = await leftOf(page, heading, ".");
  expect(word).toBeLessThan(year);
  expect(year).toBeLessThan(stop);
  // The search field shows it the same way.
  await expect(page.locator("#search-page-q")).toHaveAttribute("dir", "auto");
});

for (const lang of ["ar", "fa", "ps"]) {
  test(`[${lang}] the reading list's saved date is the server's after hydration`, async ({ browser }, info) => {
    const context = await readerContext(browser, info);
    const page = await context.newPage();
    const reader = new ReaderPage(page);
    await reader.goto(`/${lang}/register`);
    await reader.hydrated();
    await reader.fill("register", {
      display_name: "Date Reader",
      email: uniqueEmail(info, `dates-${lang}`),
      password: PASSWORD,
    });
    await expect(reader.accountLink).toHaveText("Date Reader");
    await reader.goto(`/${lang}/article/${STORY}`);
    await reader.hydrated();
    await reader.articleBookmark.click();
    await reader.expectCount(1);

    // What the server writes (the page as fetched, before any script)…
    const html = await (await page.request.get(`/${lang}/reading-list`)).text();
    const served = html.match(/<span class="saved-on">([^<]+)<\/span>/)?.[1];
    expect(served, "the server renders the saved date").toBeTruthy();
    // …is what the page shows once the app has taken over.
    await reader.goto(`/${lang}/reading-list`);
    await reader.hydrated();
    await expect(page.locator(".saved-on").first()).toHaveText(served!);
    // And it is in the page's digits.
    expect(served!).toMatch(lang === "ar" ? /^[^\u06F0-\u06F9\u0660-\u0669]+$/ : /^[^0-9]+$/);
    await context.close();
  });
}
