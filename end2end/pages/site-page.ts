import { expect, type Locator, type Page } from "@playwright/test";

/** What every page has: header, section navigation, language switcher, footer. */
export class SitePage {
  readonly page: Page;
  readonly header: Locator;
  readonly siteName: Locator;
  readonly menuButton: Locator;
  readonly sectionNav: Locator;
  readonly languageSwitcher: Locator;
  readonly footer: Locator;
  readonly main: Locator;
  readonly searchBox: Locator;
  readonly suggestions: Locator;

  constructor(page: Page) {
    this.page = page;
    this.header = page.locator("header.site-header");
    this.siteName = this.header.locator(".site-name");
    this.menuButton = this.header.locator("button.menu-toggle");
    this.sectionNav = page.locator("nav.category-nav");
    this.languageSwitcher = page.locator("nav.language-switcher");
    this.footer = page.locator("footer.site-footer");
    this.main = page.locator("main");
    this.searchBox = page.locator("#site-search-q");
    this.suggestions = page.locator("#site-search-list");
  }

  /** Types into the header search box, as a reader would, key by key. */
  async typeSearch(text: string) {
    await this.searchBox.click();
    await this.searchBox.pressSequentially(text, { delay: 40 });
  }

  async goto(path: string) {
    const response = await this.page.goto(path);
    return response;
  }

  /** Waits until the WebAssembly bundle has hydrated the page. */
  async hydrated() {
    await this.page.locator("body[data-hydrated]").waitFor({ state: "attached" });
  }

  /**
   * Opens the phone menu when the navigation is collapsed. The menu button
   * is the app's: a tap before the page has hydrated does nothing, so wait
   * for the app first.
   */
  async openMenuIfCollapsed() {
    if (await this.menuButton.isVisible()) {
      await this.hydrated();
      if ((await this.menuButton.getAttribute("aria-expanded")) !== "true") {
        await this.menuButton.click();
      }
      await expect(this.sectionNav).toBeVisible();
    }
  }

  async switchLanguage(nativeName: string) {
    await this.openMenuIfCollapsed();
    await this.languageSwitcher.getByRole("link", { name: nativeName, exact: true }).click();
  }

  async goToSection(name: string) {
    await this.openMenuIfCollapsed();
    await this.sectionNav.getByRole("link", { name, exact: true }).click();
  }

  htmlLang() {
    return this.page.locator("html").getAttribute("lang");
  }

  htmlDir() {
    return this.page.locator("html").getAttribute("dir");
  }
}
