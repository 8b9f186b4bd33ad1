import { test as base, expect } from "@playwright/test";

/**
 * Every test fails if the page logs a console error or throws: hydration
 * mismatches and panics in the WebAssembly bundle show up there.
 * Expected 404 responses are the only errors allowed (the browser logs a
 * failed resource load for them).
 */
export const test = base.extend<{ pageErrors: string[] }>({
  pageErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on("pageerror", (err) => errors.push(`pageerror: ${err.message}`));
      page.on("console", (msg) => {
        if (msg.type() !== "error") return;
        const text = msg.text();
        if (/status of 404/.test(text)) return;
        errors.push(`console: ${text}`);
      });
      await use(errors);
      expect(errors, "console errors or page errors").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
