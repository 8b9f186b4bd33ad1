import { test, expect, collectErrors } from "../fixtures";
import type { Browser, TestInfo } from "@playwright/test";
import { ReaderPage } from "../pages/reader-page";
import { StaffPage } from "../pages/staff-page";
import { StoryEditor } from "../pages/story-editor";
import { StoryList } from "../pages/story-list";
import { digits, readerContext, texts, uniqueEmail } from "../support/readers";
import { createUser } from "../support/staff";

const PASSWORD = "walnut river lantern";

// One at a time: these tests publish into their site's home page and read
// it back, so two at once would push each other's stories out of view.
test.describe.configure({ mode: "serial" });

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
    const stages = [t.status_draft, t.status_review, t.status_scheduled, t.status_published, t.status_unpublished];
    await expect(list.stories.first().locator(".story-versions li").first()).toContainText(
      new RegExp(stages.join("|")),
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

for (const lang of ["fa", "en"]) {
  const t = texts(lang);

  test(`[${lang}] a writer drafts a Dari story that saves itself, submits it, and an editor publishes it`, async ({
    browser,
  }, info) => {
    // The whole life of a story, from two desks and a reader: longer than
    // one page's test.
    test.setTimeout(120_000);
    const writer = uniqueEmail(info, "writer");
    const editor = uniqueEmail(info, "editor");
    createUser(writer, "writer", PASSWORD, "Draft Writer");
    createUser(editor, "editor", PASSWORD, "Desk Editor");
    const stamp = `${info.project.name}-${lang}-${Date.now()}`.replace(/[^a-z0-9-]/gi, "").toLowerCase();
    // A Dari headline carries its number in Dari digits, as a desk would write it.
    const headline = `برداشت زعفران در هرات ${digits("fa", Date.now() * 10 + info.workerIndex)}`;

    const desk = await signedIn(browser, info, lang, writer);
    const list = new StoryList(desk.page);
    await list.open(lang);
    await list.hydrated();
    // "New story" opens the editor in the app, without a reload.
    await desk.page.locator(".newsroom-links a.button").click();
    const story = new StoryEditor(desk.page);
    await expect(story.heading).toHaveText(t.editor_new);
    await expect(desk.page.locator("html")).toHaveAttribute("dir", lang === "fa" ? "rtl" : "ltr");

    await story.form.locator('[name="in_lang"]').selectOption("fa");
    await story.slug.fill(`saffron-${stamp}`);
    await story.headline.fill(headline);
    await story.dek.fill("کشاورزان زعفران در هرات امسال حاصل بیشتری برداشتند.");
    await story.body.fill("کار چیدن گل‌ها این هفته ");
    // The toolbar marks the selection: select a word, make it bold.
    await story.body.press("End");
    await story.body.pressSequentially("پایان");
    await story.body.press("Shift+Home");
    await story.tool(t.tool_bold).click();
    await expect(story.body).toHaveValue(/^\*\*.+\*\*$/);
    // The preview follows, rendered by the publishing sanitiser.
    await expect(story.preview.locator("strong")).toContainText("پایان");
    // Nobody pressed Save: the draft saved itself, and the address is its own.
    await expect(story.saveState).toHaveText(t.all_saved, { timeout: 15_000 });
    await expect(desk.page).toHaveURL(/[?&]id=\d+/);
    const id = story.storyId()!;

    // Leaving with unsaved changes asks first.
    await story.dek.fill("کشاورزان زعفران در هرات امسال حاصل بیشتری برداشتند و قیمت‌ها پایین آمد.");
    await expect(story.saveState).toHaveText(t.unsaved);
    const asked = desk.page.waitForEvent("dialog");
    await desk.page.close({ runBeforeUnload: true });
    const dialog = await asked;
    expect(dialog.type()).toBe("beforeunload");
    await dialog.dismiss();
    // So does following a link within the app; dismissed, the editor stays.
    await story.dek.fill("کشاورزان زعفران در هرات امسال حاصل بیشتری برداشتند.");
    const confirmed = desk.page.waitForEvent("dialog");
    const leaving = desk.page.locator(".story-editor .newsroom-links a").click();
    const question = await confirmed;
    expect(question.type()).toBe("confirm");
    expect(question.message()).toBe(t.leave_unsaved);
    await question.dismiss();
    await leaving;
    await expect(story.heading).toHaveText(t.editor_edit);
    await expect(story.dek).toHaveValue("کشاورزان زعفران در هرات امسال حاصل بیشتری برداشتند.");
    await expect(story.saveState).toHaveText(t.all_saved, { timeout: 15_000 });

    await story.decide("submit");
    await expect(story.page.locator(".story-stage .version")).toHaveText(t.status_review);

    // The editor publishes; readers find it on the Dari home page.
    const desk2 = await signedIn(browser, info, lang, editor);
    const edit = new StoryEditor(desk2.page);
    await edit.open(lang, id);
    await edit.hydrated();
    await expect(edit.headline).toHaveValue(headline);
    await expect(edit.revisions.first()).toBeVisible();
    await edit.decide("publish");
    await expect(edit.page.locator(".story-stage .version")).toHaveText(t.status_published);
    const readers = await readerContext(browser, info);
    const reader = await readers.newPage();
    // A page render already on its way when the editor acted can still be
    // served once with the old content (docs/decisions.md, the newsroom):
    // the next request has it.
    await expect(async () => {
      await reader.goto("/fa/");
      await expect(reader.locator("main")).toContainText(headline, { timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await reader.goto(`/fa/article/saffron-${stamp}`);
    await expect(reader.locator("main h1")).toHaveText(headline);
    await expect(reader.locator("main .article-body strong")).toContainText("پایان");

    // An edit to the published story reaches readers once the editor
    // publishes it, dated "Updated".
    await edit.headline.fill(`${headline} (به‌روز)`);
    await edit.form.locator('button[type="submit"]').click();
    await expect(edit.saveState).toHaveText(t.all_saved);
    await edit.decide("publish");
    await expect(edit.headline).toHaveValue(`${headline} (به‌روز)`);
    await expect(async () => {
      await reader.goto(`/fa/article/saffron-${stamp}`);
      await expect(reader.locator("main h1")).toHaveText(`${headline} (به‌روز)`, { timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await expect(reader.locator("main .dateline")).toContainText(
      texts("fa").updated_on.split("{date}")[0].trim(),
    );
    // Every save is listed as a revision, newest first; restoring the
    // first brings the first headline back, in the editor and for readers.
    await expect(edit.revisions.first()).toContainText(`${headline} (به‌روز)`);
    await edit.revisions.last().locator('form.decision[data-action="restore"] button').click();
    await expect(edit.headline).toHaveValue(headline);
    await edit.decide("publish");
    await expect(async () => {
      await reader.goto(`/fa/article/saffron-${stamp}`);
      await expect(reader.locator("main h1")).toHaveText(headline, { timeout: 1_000 });
    }).toPass({ timeout: 15_000 });

    // The editor starts the English version from the Dari one, marked as
    // a translation and prefilled, and publishes it.
    await edit.page.locator(".story-languages a", { hasText: texts("en").lang_name }).click();
    await expect(edit.headline).toHaveValue(headline);
    await expect(edit.page.locator(".story-editor .notice")).toContainText(
      t.translation_note.replace("{language}", texts("fa").lang_name),
    );
    await edit.form.locator('[name="in_lang"]').selectOption("en");
    await edit.headline.fill(`Saffron growers in Herat bring in more ${stamp}`);
    await edit.body.fill("Picking **finished** this week.");
    await edit.form.locator('button[type="submit"]').click();
    await expect(edit.saveState).toHaveText(t.all_saved);
    await edit.decide("publish");
    await expect(edit.page.locator(".story-stage .version")).toHaveText(t.status_published);
    // The Dari story's switcher now leads to it.
    await reader.goto(`/fa/article/saffron-${stamp}`);
    await expect(reader.locator(`nav.language-switcher a[href="/en/article/saffron-${stamp}"]`)).toHaveCount(1);
    // Unpublished, the English version is gone for readers.
    await edit.decide("unpublish");
    await expect(edit.page.locator(".story-stage .version")).toHaveText(t.status_unpublished);
    const gone = await reader.goto(`/en/article/saffron-${stamp}`);
    expect(gone?.status()).toBe(404);
    await readers.close();

    expect(desk.errors).toEqual([]);
    expect(desk2.errors).toEqual([]);
    await desk.context.close();
    await desk2.context.close();
  });
}
