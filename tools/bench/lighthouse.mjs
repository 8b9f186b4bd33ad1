// `make bench`: Lighthouse's performance audit (mobile, simulated slow 4G,
// its defaults) of a few pages, each run several times because single runs
// wander by a few points. Prints the median run of each page. A report, not
// a test: the goal (95 or more) is read by people.
//   usage: node lighthouse.mjs BASE_URL PATH...
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";
import { readFileSync } from "node:fs";

const RUNS = Number(process.env.KHABAR_LIGHTHOUSE_RUNS ?? 3);
const [base, ...paths] = process.argv.slice(2);
const { version } = JSON.parse(
  readFileSync(new URL("./node_modules/lighthouse/package.json", import.meta.url), "utf8"),
);

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
  chromeFlags: [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
  ],
});

const audit = (lhr, id) => lhr.audits[id]?.numericValue ?? NaN;
const median = (runs) => {
  const sorted = [...runs].sort((a, b) => a.score - b.score);
  return sorted[Math.floor(sorted.length / 2)];
};

try {
  console.log(`\n== Lighthouse ${version} performance, mobile (median of ${RUNS} runs; goal >= 95)`);
  console.log(
    `  ${"page".padEnd(34)} ${"score".padStart(5)} ${"FCP ms".padStart(7)} ${"LCP ms".padStart(7)} ${"TBT ms".padStart(7)} ${"CLS".padStart(6)} ${"SI ms".padStart(7)} ${"bytes".padStart(8)}  all scores`,
  );
  for (const path of paths) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      const result = await lighthouse(base + path, {
        port: chrome.port,
        onlyCategories: ["performance"],
        logLevel: "error",
        output: "json",
      });
      const lhr = result.lhr;
      runs.push({
        score: Math.round((lhr.categories.performance.score ?? 0) * 100),
        fcp: audit(lhr, "first-contentful-paint"),
        lcp: audit(lhr, "largest-contentful-paint"),
        tbt: audit(lhr, "total-blocking-time"),
        cls: audit(lhr, "cumulative-layout-shift"),
        si: audit(lhr, "speed-index"),
        bytes: audit(lhr, "total-byte-weight"),
      });
    }
    const m = median(runs);
    console.log(
      `  ${path.padEnd(34)} ${String(m.score).padStart(5)} ${m.fcp.toFixed(0).padStart(7)} ${m.lcp.toFixed(0).padStart(7)} ${m.tbt.toFixed(0).padStart(7)} ${m.cls.toFixed(3).padStart(6)} ${m.si.toFixed(0).padStart(7)} ${m.bytes.toFixed(0).padStart(8)}  ${runs.map((r) => r.score).join(" ")}`,
    );
  }
} finally {
  await chrome.kill();
}
