import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * A server of the test's own, for what the shared one cannot show: a new
 * release replacing the running one at the same address. It serves a copy
 * of the site, which the test may change between releases.
 */
export class OwnServer {
  readonly siteRoot: string;
  readonly baseURL: string;
  private readonly database: string;
  private process?: ChildProcess;

  constructor(readonly port: number) {
    const dir = mkdtempSync(path.join(os.tmpdir(), "khabar-own-server-"));
    this.siteRoot = path.join(dir, "site");
    cpSync(process.env.KHABAR_SITE_ROOT ?? "../target/site", this.siteRoot, { recursive: true });
    this.database = path.join(dir, "khabar.db");
    this.baseURL = `http://127.0.0.1:${port}`;
  }

  async start() {
    this.process = spawn(process.env.KHABAR_SERVER_BIN!, [], {
      env: {
        ...process.env,
        LEPTOS_SITE_ADDR: `127.0.0.1:${this.port}`,
        LEPTOS_SITE_ROOT: this.siteRoot,
        DATABASE_URL: `sqlite://${this.database}`,
        RUST_LOG: "warn",
      },
      stdio: "ignore",
    });
    for (let tries = 0; tries < 300; tries++) {
      try {
        if ((await fetch(`${this.baseURL}/healthz`)).ok) return;
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`own server on port ${this.port} did not start`);
  }

  async stop() {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  }
}
