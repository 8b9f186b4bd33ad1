import type { Locator, Page } from "@playwright/test";
import { SitePage } from "./site-page";

/** `/{lang}/search?q=`: the results list with marked words. */
export class SearchPage extends SitePage {
  readonly hits: Locator;
  readonly message: Locator;
  readonly form: Locator;

  constructor(page: Page) {
    super(page);
    this.hits = page.locator("li.search-hit");
    this.message = page.locator(".search-message");
    this.form = page.locator("form.search-form");
  }

  static path(lang: string, query: string) {
    return `/${lang}/search?q=${encodeURIComponent(query)}`;
  }
}
