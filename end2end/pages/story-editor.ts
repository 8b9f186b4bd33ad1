import { type Locator, type Page } from "@playwright/test";
import { SitePage } from "./site-page";

/** The newsroom's story editor: its fields, save state, preview and decisions. */
export class StoryEditor extends SitePage {
  readonly heading: Locator;
  readonly form: Locator;
  readonly headline: Locator;
  readonly dek: Locator;
  readonly slug: Locator;
  readonly body: Locator;
  readonly saveState: Locator;
  readonly preview: Locator;
  readonly error: Locator;
  readonly revisions: Locator;

  constructor(page: Page) {
    super(page);
    this.heading = page.locator("main h1");
    this.form = page.locator("form.story-form");
    this.headline = page.locator("#story-title");
    this.dek = page.locator("#story-dek");
    this.slug = page.locator("#story-slug");
    this.body = page.locator("#story-body");
    this.saveState = page.locator(".save-state");
    this.preview = page.locator(".story-preview .article-body");
    this.error = page.locator(".story-editor .form-error");
    this.revisions = page.locator(".story-revisions li");
  }

  /** A blank story, or story `id`. */
  open(lang: string, id?: string) {
    return this.goto(id ? `/${lang}/newsroom/story?id=${id}` : `/${lang}/newsroom/story`);
  }

  /** A toolbar button, by its label. */
  tool(label: string) {
    return this.page.locator(".toolbar button", { hasText: label });
  }

  /** The form that takes decision `action` (submit, publish, schedule, …). */
  decision(action: string) {
    return this.page.locator(`form.decision[data-action="${action}"]`);
  }

  async decide(action: string) {
    await this.decision(action).locator('button[type="submit"]').click();
  }

  /** The story's id, from the address once it was first saved. */
  storyId() {
    return new URL(this.page.url()).searchParams.get("id");
  }
}
