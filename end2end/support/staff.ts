import { execFileSync } from "node:child_process";

/**
 * Makes an account with `role` the way an operator does: `khabar-server
 * user create` on the server's database, the password on standard input.
 */
export function createUser(email: string, role: string, password: string, name: string) {
  execFileSync(
    process.env.KHABAR_SERVER_BIN!,
    ["user", "create", "--email", email, "--role", role, "--name", name],
    {
      // The newsroom's tests run against a site of their own.
      env: { ...process.env, DATABASE_URL: `sqlite://${process.env.KHABAR_E2E_NEWSROOM_DATABASE}` },
      input: `${password}\n`,
      encoding: "utf-8",
    },
  );
}
