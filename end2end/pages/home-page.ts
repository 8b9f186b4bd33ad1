import type { Locator, Page } from "@playwright/test";
import { SitePage } from "./site-page";

/** Home: the lead story, the latest cards and one section per category. */
export class HomePage extends SitePage {
  readonly lead: Locator;
  readonly cards: Locator;
  readonly sections: Locator;

  constructor(page: Page) {
    super(page);
    this.lead = page.locator("article.card.lead");
    this.cards = page.locator("article.card");
    this.sections = page.locator("section.home-section");
  }

  static path(lang: string) {
    return `/${lang}/`;
  }
}
