import { expect, type Locator, type Page } from "@playwright/test";
import { ReaderPage } from "./reader-page";

/**
 * The offline side of any page: the service worker that serves it, the
 * offline banner, the edition box on the home page, and the caches the
 * worker keeps (read in the page, as the app itself would).
 */
export class OfflinePage extends ReaderPage {
  readonly banner: Locator;
  readonly edition: Locator;
  readonly editionButton: Locator;
  readonly editionStatus: Locator;
  readonly offlineTitle: Locator;

  constructor(page: Page) {
    super(page);
    this.banner = page.locator(".offline-banner");
    this.edition = page.locator("section.edition");
    this.editionButton = this.edition.locator("button.edition-button");
    this.editionStatus = this.edition.locator(".edition-status");
    this.offlineTitle = page.locator("section.offline-page h1");
  }

  /** Waits until a service worker is active for the site. */
  async workerReady() {
    await this.page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    // The app shows offline features once it has heard from the worker.
    await this.hydrated();
  }

  /** Opens `path`, then loads it again so the worker serves it. */
  async openControlled(path: string) {
    await this.goto(path);
    await this.workerReady();
    await this.page.reload();
    await this.hydrated();
    await expect.poll(() => this.controlled()).toBe(true);
  }

  controlled() {
    return this.page.evaluate(() => navigator.serviceWorker.controller !== null);
  }

  cacheNames() {
    return this.page.evaluate(() => caches.keys());
  }

  /** Whether the cache `name` holds the page at `path`. */
  holds(name: string, path: string) {
    return this.page.evaluate(
      async ([cacheName, url]) => (await caches.match(url, { cacheName })) !== undefined,
      [name, path] as const,
    );
  }

  savedItem(slug: string) {
    return this.savedItems.filter({ has: this.page.locator(`a[href$="/article/${slug}"]`) });
  }

  card(slug: string) {
    return this.page.locator(`article.card:has(a[href$="/article/${slug}"])`).first();
  }
}
