import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { Browser, BrowserContext, TestInfo } from "@playwright/test";

/**
 * A language's UI strings, the readers' and the newsroom's (their keys do
 * not overlap); a count-bearing one is an object of plural forms.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function texts(lang: string): Record<string, any> {
  const locales = path.join(__dirname, "..", "..", "app", "locales");
  const read = (file: string) => JSON.parse(readFileSync(path.join(locales, file), "utf-8"));
  return { ...read(`${lang}.json`), ...read(path.join("newsroom", `${lang}.json`)) };
}

/** `n` in `lang`'s digits: Persian for fa and ps, Latin elsewhere (ar too). */
export function digits(lang: string, n: number): string {
  const text = String(n);
  if (lang !== "fa" && lang !== "ps") return text;
  return text.replace(/[0-9]/g, (d) => String.fromCharCode(0x06f0 + Number(d)));
}

/**
 * The plural string `key` of `lang` for `n`, as the page should show it:
 * the form CLDR's rules pick (the browser's own copy of them, independent of
 * the app's), with `n` in the language's digits.
 */
export function counted(lang: string, key: string, n: number): string {
  const forms = texts(lang)[key] as Record<string, string>;
  const form = forms[new Intl.PluralRules(lang).select(n)] ?? forms.other;
  return form.replace("{n}", digits(lang, n));
}

let counter = 0;

/** An email no other test (or project, or run) uses. */
export function uniqueEmail(info: TestInfo, who: string) {
  counter += 1;
  return `${who}.${info.project.name}.${info.workerIndex}.${counter}.${Date.now()}@example.org`;
}

/**
 * A browser context that reaches the server from an address of its own
 * (through the trusted local proxy setting), so sign-in throttling treats
 * each test as its own reader.
 */
export async function readerContext(
  browser: Browser,
  info: TestInfo,
  options: { javaScriptEnabled?: boolean } = {},
): Promise<BrowserContext> {
  counter += 1;
  const octet = (n: number) => (n % 250) + 1;
  const address = `198.18.${octet(info.workerIndex * 37 + counter)}.${octet(Date.now() + counter)}`;
  return browser.newContext({
    ...info.project.use,
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    extraHTTPHeaders: { "X-Forwarded-For": address },
  });
}

type Mail = { subject: string; text: string; html: string; lang: string };

/**
 * The newest email to `to` in the server's outbox (no SMTP in tests). Mail
 * is queued just after the server answers, so this waits for it a little.
 */
export async function latestMail(to: string): Promise<Mail> {
  for (let tries = 0; tries < 50; tries++) {
    const output = execFileSync(process.env.KHABAR_SERVER_BIN!, ["outbox", to], {
      env: { ...process.env, DATABASE_URL: `sqlite://${process.env.KHABAR_E2E_DATABASE}` },
      encoding: "utf-8",
    });
    const first = output.split("\n").find((line) => line.trim().length > 0);
    if (first) return JSON.parse(first);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no mail to ${to} in the outbox`);
}
