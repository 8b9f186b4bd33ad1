import { expect, type Locator, type Page } from "@playwright/test";
import { SitePage } from "./site-page";
import { digits } from "../support/readers";

/** The header's reader entries, the toast region and the sign-in dialog. */
export class ReaderPage extends SitePage {
  readonly readingListLink: Locator;
  readonly savedCount: Locator;
  readonly signInLink: Locator;
  readonly accountLink: Locator;
  readonly toast: Locator;
  readonly toastRegion: Locator;
  readonly dialog: Locator;
  readonly savedItems: Locator;
  readonly articleBookmark: Locator;

  constructor(page: Page) {
    super(page);
    this.readingListLink = page.locator(".account-menu .reading-list-link");
    this.savedCount = this.readingListLink.locator(".count");
    this.signInLink = page.locator(".account-menu .sign-in-link");
    this.accountLink = page.locator(".account-menu .account-link");
    this.toastRegion = page.locator(".toast-region");
    this.toast = this.toastRegion.locator(".toast");
    this.dialog = page.locator("dialog.sign-in-dialog");
    this.savedItems = page.locator("li.saved-item");
    this.articleBookmark = page.locator("article.article .article-header .bookmark-button");
  }

  cardBookmark(slug: string) {
    return this.page.locator(`article.card:has(a[href$="/article/${slug}"]) .bookmark-button`).first();
  }

  itemBookmark(index: number) {
    return this.savedItems.nth(index).locator(".bookmark-button");
  }

  async expectCount(n: number) {
    if (n === 0) {
      await expect(this.savedCount).toHaveCount(0);
    } else {
      // In the page's own digits (Persian on fa and ps pages).
      const lang = (await this.page.locator("html").getAttribute("lang")) ?? "en";
      await expect(this.savedCount).toHaveText(digits(lang, n));
    }
  }

  /** Fills one of the account forms (found by its data-form name). */
  async fill(form: string, fields: Record<string, string>) {
    const scope = this.page.locator(`form[data-form="${form}"]`);
    for (const [name, value] of Object.entries(fields)) {
      await scope.locator(`input[name="${name}"]`).fill(value);
    }
    await scope.locator('button[type="submit"]').click();
  }

  formError(form: string) {
    return this.page.locator(`form[data-form="${form}"] .form-error`);
  }
}
