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

/**
 * Every test fails if its page logs an error (see `collectErrors`). A file
 * whose tests cut the connection lists the failures that causes with
 * `test.use({ allowedErrors: /…/ })`.
 */
export const test = base.extend<{ pageErrors: string[]; allowedErrors: RegExp | undefined }>({
  allowedErrors: [undefined, { option: true }],
  pageErrors: [
    async ({ page, allowedErrors }, use) => {
      const errors = collectErrors(page, allowedErrors);
      await use(errors);
      expect(errors, "console errors or page errors").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
