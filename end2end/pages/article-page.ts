import type { Locator, Page } from "@playwright/test";
import { SitePage } from "./site-page";

/** An article: breadcrumb, title, dateline, body, translations, related. */
export class ArticlePage extends SitePage {
  readonly title: Locator;
  readonly breadcrumb: Locator;
  readonly dateline: Locator;
  readonly publishedDate: Locator;
  readonly body: Locator;
  readonly alsoIn: Locator;
  readonly related: Locator;
  readonly share: Locator;
  readonly adSlot: Locator;

  constructor(page: Page) {
    super(page);
    this.title = page.locator("article.article h1");
    this.breadcrumb = page.locator("nav.breadcrumb");
    this.dateline = page.locator(".dateline");
    this.publishedDate = this.dateline.locator("time").first();
    this.body = page.locator(".article-body");
    this.alsoIn = page.locator("nav.also-in");
    this.related = page.locator("section.related");
    this.share = page.locator("section.share");
    this.adSlot = page.locator("aside.ad-slot");
  }

  static path(lang: string, slug: string) {
    return `/${lang}/article/${slug}`;
  }
}
