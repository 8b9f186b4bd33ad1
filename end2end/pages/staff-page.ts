import { type Locator, type Page } from "@playwright/test";
import { SitePage } from "./site-page";

/**
 * The newsroom's staff page: who has which role, the form to change one,
 * and the newest role changes.
 */
export class StaffPage extends SitePage {
  readonly heading: Locator;
  readonly members: Locator;
  readonly changes: Locator;
  readonly form: Locator;
  readonly done: Locator;
  readonly error: Locator;

  constructor(page: Page) {
    super(page);
    this.heading = page.locator("main h1");
    this.members = page.locator(".newsroom-page ul.staff-list > li");
    this.changes = page.locator(".newsroom-page ul.audit-list > li");
    this.form = page.locator('form[data-form="set-role"]');
    this.done = this.form.locator(".form-done");
    this.error = this.form.locator(".form-error");
  }

  open(lang: string) {
    return this.goto(`/${lang}/newsroom/staff`);
  }

  member(email: string) {
    return this.members.filter({ hasText: email });
  }

  async giveRole(email: string, role: string, password: string) {
    await this.form.locator('input[name="email"]').fill(email);
    await this.form.locator('select[name="role"]').selectOption(role);
    await this.form.locator('input[name="current_password"]').fill(password);
    await this.form.locator('button[type="submit"]').click();
  }
}
