import { test, expect } from "../fixtures";
import type { Page } from "@playwright/test";
import { SitePage } from "../pages/site-page";

const STORY = "wheat-sowing-north";
const FONT = "/fonts/vazirmatn-arabic-wght-normal.woff2";

/** Records every layout shift not caused by the reader, from the first paint on. */
async function watchLayoutShifts(page: Page) {
  await page.addInitScript(() => {
    const shifts: number[] = [];
    (window as unknown as { khabarShifts: number[] }).khabarShifts = shifts;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[]) {
        if (!entry.hadRecentInput) shifts.push(entry.value);
      }
    }).observe({ type: "layout-shift", buffered: true });
  });
}

async function layoutShifts(page: Page): Promise<number[]> {
  return page.evaluate(() => (window as unknown as { khabarShifts: number[] }).khabarShifts);
}

/** The path of every request the page makes from now on. */
function requestedPaths(page: Page): string[] {
  const paths: string[] = [];
  page.on("request", (request) => paths.push(new URL(request.url()).pathname));
  return paths;
}

for (const lang of ["fa", "ps", "ar"]) {
  for (const path of [`/${lang}/`, `/${lang}/article/${STORY}`]) {
    test(`nothing moves while ${path} loads and hydrates, with its font asked for at once`, async ({ page }) => {
      await watchLayoutShifts(page);
      // As on a phone's network: the font arrives well after the text.
      await page.route(FONT, async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 800));
        await route.continue();
      });
      const requested = requestedPaths(page);
      const site = new SitePage(page);
      await site.goto(path);
      await site.hydrated();
      await page.waitForLoadState("networkidle");
      await page.waitForTimeout(1000);
      expect(await layoutShifts(page)).toEqual([]);
      expect(requested).toContain(FONT);
      await expect(page.locator(`link[rel="preload"][href="${FONT}"]`)).toHaveCount(1);
    });
  }
}

for (const path of ["/en/", `/ru/article/${STORY}`]) {
  test(`${path} neither asks for the Arabic-script font nor moves`, async ({ page }) => {
    await watchLayoutShifts(page);
    const requested = requestedPaths(page);
    const site = new SitePage(page);
    await site.goto(path);
    await site.hydrated();
    await page.waitForLoadState("networkidle");
    expect(await layoutShifts(page)).toEqual([]);
    expect(requested).not.toContain(FONT);
  });
}
