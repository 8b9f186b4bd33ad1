import { test as base, expect, type Page } from "@playwright/test";

/**
 * Records console errors and uncaught exceptions of `page`: hydration
 * mismatches, panics in the WebAssembly bundle and Content-Security-Policy
 * violations show up there. Expected 404 responses are the only errors
 * allowed (the browser logs a failed resource load for them).
 */
export function collectErrors(page: Page, allowed?: RegExp): string[] {
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(`pageerror: ${err.message}`));
  page.on("console", (msg) => {
    if (msg.type() !== "error") return;
    const text = msg.text();
    if (/status of 404/.test(text) || allowed?.test(text)) return;
    errors.push(`console: ${text}`);
  });
  return errors;
}

/** Every test fails if its page logs an error (see `collectErrors`). */
export const test = base.extend<{ pageErrors: string[] }>({
  pageErrors: [
    async ({ page }, use) => {
      const errors = collectErrors(page);
      await use(errors);
      expect(errors, "console errors or page errors").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
