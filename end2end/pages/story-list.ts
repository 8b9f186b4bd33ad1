import { type Locator, type Page } from "@playwright/test";
import { SitePage } from "./site-page";

/** The newsroom's story list: its filters and the stories they find. */
export class StoryList extends SitePage {
  readonly heading: Locator;
  readonly filters: Locator;
  readonly stories: Locator;
  readonly empty: Locator;

  constructor(page: Page) {
    super(page);
    this.heading = page.locator("main h1");
    this.filters = page.locator("form.story-filters");
    this.stories = page.locator(".newsroom-page ul.story-list > li");
    this.empty = page.locator(".newsroom-page .empty-state");
  }

  open(lang: string, query = "") {
    return this.goto(`/${lang}/newsroom${query}`);
  }

  /** Sets the filters named (language `in`, `section`, `status`, `author`, words `q`) and shows the list. */
  async filter(choices: Record<string, string>) {
    for (const [name, value] of Object.entries(choices)) {
      const field = this.filters.locator(`[name="${name}"]`);
      if (name === "q") await field.fill(value);
      else await field.selectOption(value);
    }
    await this.filters.locator('button[type="submit"]').click();
  }

  /** The headline of each listed story. */
  headlines() {
    return this.stories.locator(".saved-text > :first-child");
  }
}
