import { defineConfig, devices } from "@playwright/test";
import * as os from "node:os";
import * as path from "node:path";

// The suite runs against the release build: `make e2e` passes the server
// binary and site root. Each run starts the server on its own port with a
// fresh SQLite database, so tests see exactly the demo content.
const port = Number(process.env.KHABAR_E2E_PORT ?? 3300);
// The service worker's own requests then pass through Playwright's network
// layer: `context.setOffline` cuts them off too, and `context.route` can
// serve its script (needed to test offline reading and updates).
process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = "1";
const baseURL = `http://127.0.0.1:${port}`;
// Worker processes load this file again: the first value, kept in the
// environment they inherit, names the one database the server uses (tests
// read its mail outbox through the server binary).
const database = (process.env.KHABAR_E2E_DATABASE ??= path.join(
  os.tmpdir(),
  `khabar-e2e-${port}-${Date.now()}.db`,
));
// The newsroom's tests publish, unpublish and change stories: they run
// against a site of their own, so the readers' tests keep seeing exactly
// the demo content (its lead story, its digits) whatever runs beside them.
const newsroomPort = port + 1;
const newsroomURL = `http://127.0.0.1:${newsroomPort}`;
const newsroomDatabase = (process.env.KHABAR_E2E_NEWSROOM_DATABASE ??= path.join(
  os.tmpdir(),
  `khabar-e2e-newsroom-${newsroomPort}-${Date.now()}.db`,
));
const serverBin = (process.env.KHABAR_SERVER_BIN ??= "../target/release/khabar-server");
const siteRoot = process.env.KHABAR_SITE_ROOT ?? "../target/site";

/** Tests that change the site's published stories. */
const NEWSROOM_TESTS = /newsroom\.spec\.ts/;

// Debian's Chromium (browsers cannot be downloaded here); the flags keep it
// from reaching for the network on its own.
const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
  ],
};

export default defineConfig({
  testDir: "./tests",
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: chromium,
  },
  projects: [
    {
      name: "desktop",
      use: { ...devices["Desktop Chrome"], channel: undefined, launchOptions: chromium },
      grepInvert: /@phone/,
      testIgnore: NEWSROOM_TESTS,
    },
    {
      name: "mobile",
      use: { ...devices["Pixel 7"], launchOptions: chromium },
      testIgnore: NEWSROOM_TESTS,
    },
    {
      name: "newsroom-desktop",
      use: { ...devices["Desktop Chrome"], channel: undefined, launchOptions: chromium, baseURL: newsroomURL },
      testMatch: NEWSROOM_TESTS,
    },
    {
      name: "newsroom-mobile",
      use: { ...devices["Pixel 7"], launchOptions: chromium, baseURL: newsroomURL },
      testMatch: NEWSROOM_TESTS,
    },
  ],
  webServer: [
    server(port, database),
    server(newsroomPort, newsroomDatabase),
  ],
});

/** The release server on `at`, with a fresh demo database at `db`. */
function server(at: number, db: string) {
  return {
    command: `"${serverBin}"`,
    // Playwright polls this until the server and its database answer.
    url: `http://127.0.0.1:${at}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      LEPTOS_SITE_ADDR: `127.0.0.1:${at}`,
      LEPTOS_SITE_ROOT: siteRoot,
      DATABASE_URL: `sqlite://${db}`,
      // Tests stand in for readers at different addresses (X-Forwarded-For),
      // so the per-address sign-in throttle sees each as its own client.
      KHABAR_TRUSTED_PROXIES: "127.0.0.1",
      RUST_LOG: "warn",
    },
  };
}
