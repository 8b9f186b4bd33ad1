// `make bench`: what a reader's browser fetches on a first visit with a
// cold cache, until the page has hydrated and the network is idle, as
// transferred (brotli where offered). A report, not a test.
//   usage: node bench/first-load.mjs BASE_URL PATH...
import { chromium } from "@playwright/test";

const [base, ...paths] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
});
for (const path of paths) {
  const context = await browser.newContext();
  const page = await context.newPage();
  // The page's own requests only: the service worker's install reads the
  // bundle from the HTTP cache, not from the network.
  const responses = [];
  page.on("response", (response) => responses.push(response));
  await page.goto(base + path);
  await page.locator("body[data-hydrated]").waitFor({ state: "attached" });
  await page.waitForLoadState("networkidle");
  let total = 0;
  console.log(`\n== First load of ${path} (bytes on the wire: headers + body)`);
  for (const response of responses) {
    const sizes = await response.request().sizes();
    const bytes = sizes.responseHeadersSize + sizes.responseBodySize;
    total += bytes;
    const url = new URL(response.url());
    console.log(`  ${(url.pathname + url.search).padEnd(72)} ${String(bytes).padStart(8)}`);
  }
  console.log(`  ${"TOTAL".padEnd(72)} ${String(total).padStart(8)}  (${(total / 1024).toFixed(1)} KB; budget 200 KB, stretch 150 KB)`);
  await context.close();
}
await browser.close();
