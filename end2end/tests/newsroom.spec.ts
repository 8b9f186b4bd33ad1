import { test, expect, collectErrors } from "../fixtures";
import type { Browser, TestInfo } from "@playwright/test";
import { ReaderPage } from "../pages/reader-page";
import { StaffPage } from "../pages/staff-page";
import { StoryList } from "../pages/story-list";
import { readerContext, texts, uniqueEmail } from "../support/readers";
import { createUser } from "../support/staff";

const PASSWORD = "walnut river lantern";

/** Someone signed in on `lang`'s sign-in page, in a context of their own. */
async function signedIn(browser: Browser, info: TestInfo, lang: string, email: string) {
  const context = await readerContext(browser, info);
  const page = await context.newPage();
  // A wrong password typed again is answered 403, which the browser logs:
  // expected.
  const errors = collectErrors(page, /status of 403/);
  const reader = new ReaderPage(page);
  await reader.goto(`/${lang}/sign-in`);
  await reader.hydrated();
  await reader.fill("sign-in", { email, password: PASSWORD });
  await expect(reader.accountLink).toBeVisible();
  return { context, page, errors, staff: new StaffPage(page) };
}

for (const lang of ["fa", "en"]) {
  const t = texts(lang);

  test(`[${lang}] an admin made on the command line gives roles; a reader finds no newsroom`, async ({
    browser,
  }, info) => {
    const admin = uniqueEmail(info, "admin");
    const writer = uniqueEmail(info, "writer");
    const editor = uniqueEmail(info, "editor");
    createUser(admin, "admin", PASSWORD, "Desk Admin");
    createUser(writer, "reader", PASSWORD, "Future Writer");
    createUser(editor, "reader", PASSWORD, "Future Editor");

    // A reader (the writer-to-be, before any role) is told the page does not exist.
    const outsider = await signedIn(browser, info, lang, writer);
    const missing = await outsider.staff.open(lang);
    expect(missing?.status()).toBe(404);
    await expect(outsider.page.locator("main h1")).toHaveText(t.not_found_title);
    await expect(outsider.staff.form).toHaveCount(0);

    const desk = await signedIn(browser, info, lang, admin);
    const page = await desk.staff.open(lang);
    expect(page?.status()).toBe(200);
    await desk.staff.hydrated();
    await expect(desk.staff.heading).toHaveText(t.staff_title);
    await expect(desk.page.locator("html")).toHaveAttribute("dir", lang === "fa" ? "rtl" : "ltr");
    await expect(desk.staff.member(admin)).toContainText(t.role_admin);
    await expect(desk.staff.member(writer)).toHaveCount(0);

    // The admin's password is asked again, and checked.
    await desk.staff.giveRole(writer, "writer", "not the password");
    await expect(desk.staff.error).toHaveText(t.err_current_password);
    await expect(desk.staff.member(writer)).toHaveCount(0);

    await desk.staff.giveRole(writer, "writer", PASSWORD);
    await expect(desk.staff.done).toHaveText(t.role_changed);
    await expect(desk.staff.member(writer)).toContainText(t.role_writer);
    // The audit list names who changed whose role, from what to what
    // (newest first; other tests' changes share this database).
    const newest = desk.staff.changes.filter({ hasText: writer }).first();
    await expect(newest).toContainText(admin);
    await expect(newest).toContainText(writer);
    await expect(newest).toContainText(t.role_none);
    await expect(newest).toContainText(t.role_writer);
    // Long emails wrap: the page never scrolls sideways, even on a phone.
    const overflow = await desk.page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBe(0);
    await desk.staff.giveRole(editor, "editor", PASSWORD);
    await expect(desk.staff.member(editor)).toContainText(t.role_editor);

    // A role taken away: off the list. (Refusing to remove the last admin
    // is tested on the server: other tests' admins share this database.)
    await desk.staff.giveRole(writer, "reader", PASSWORD);
    await expect(desk.staff.member(writer)).toHaveCount(0);
    await desk.staff.giveRole(writer, "writer", PASSWORD);
    await expect(desk.staff.member(writer)).toContainText(t.role_writer);

    // Still listed after a full reload, from the server's render.
    await desk.page.reload();
    await expect(desk.staff.member(writer)).toContainText(t.role_writer);
    await expect(desk.staff.member(editor)).toContainText(t.role_editor);

    expect(desk.errors).toEqual([]);
    expect(outsider.errors).toEqual([]);
    await desk.context.close();
    await outsider.context.close();
  });
}

for (const lang of ["fa", "en"]) {
  const t = texts(lang);

  test(`[${lang}] a writer lists every story, filters them, and a reader finds no list`, async ({
    browser,
  }, info) => {
    const writer = uniqueEmail(info, "writer");
    const reader = uniqueEmail(info, "reader");
    createUser(writer, "writer", PASSWORD, "List Writer");
    createUser(reader, "reader", PASSWORD, "List Reader");

    const outsider = await signedIn(browser, info, lang, reader);
    const outsiderList = new StoryList(outsider.page);
    const missing = await outsiderList.open(lang);
    expect(missing?.status()).toBe(404);
    await expect(outsiderList.filters).toHaveCount(0);
    // A reader's 404 names no newsroom stylesheet either.
    await expect(outsider.page.locator('link[href="/newsroom.css"]')).toHaveCount(0);

    const desk = await signedIn(browser, info, lang, writer);
    const list = new StoryList(desk.page);
    const page = await list.open(lang);
    expect(page?.status()).toBe(200);
    await list.hydrated();
    await expect(list.heading).toHaveText(t.newsroom_title);
    await expect(desk.page.locator("html")).toHaveAttribute("dir", lang === "fa" ? "rtl" : "ltr");
    // The newsroom's own stylesheet, fetched for this page only.
    await expect(desk.page.locator('link[href="/newsroom.css"]')).toHaveCount(1);
    await expect(list.stories.first()).toBeVisible();
    // Every story shows its languages: each version's language and stage.
    await expect(list.stories.first().locator(".story-versions li").first()).toContainText(
      t.status_published,
    );

    // The demo's stories are published: filtered to Dari ones, only Dari is listed.
    await list.filter({ in: "fa", status: "published" });
    await expect(desk.page).toHaveURL(/[?&]in=fa/);
    await expect(list.stories.first()).toBeVisible();
    const langs = await list.headlines().evaluateAll((nodes) => nodes.map((n) => n.getAttribute("lang")));
    expect(new Set(langs)).toEqual(new Set(["fa"]));
    await expect(list.filters.locator('[name="in"]')).toHaveValue("fa");

    // No draft exists among them yet; an empty result says so.
    await list.filter({ status: "draft", in: "tg", q: "zzqx" });
    await expect(list.empty).toHaveText(t.stories_none);
    await expect(list.stories).toHaveCount(0);

    // A phone never scrolls the list sideways.
    await list.filter({ status: "", in: "", q: "" });
    const overflow = await desk.page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBe(0);

    expect(desk.errors).toEqual([]);
    expect(outsider.errors).toEqual([]);
    await desk.context.close();
    await outsider.context.close();
  });
}
