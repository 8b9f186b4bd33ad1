import { test, expect, collectErrors } from "../fixtures";
import type { Page, TestInfo, Browser } from "@playwright/test";
import { ReaderPage } from "../pages/reader-page";
import { counted, latestMail, readerContext, texts, uniqueEmail } from "../support/readers";

const STORY = "wheat-sowing-north";
const PASSWORD = "walnut river lantern";

function escape(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A reader in a fresh context of their own; errors are checked at the end. */
async function newReader(browser: Browser, info: TestInfo, javaScriptEnabled = true) {
  const context = await readerContext(browser, info, { javaScriptEnabled });
  const page = await context.newPage();
  // A wrong password is answered 401, which the browser logs: expected.
  const errors = javaScriptEnabled ? collectErrors(page, /status of 401/) : [];
  return { context, page, reader: new ReaderPage(page), errors };
}

/** A story card on `lang`'s home page other than STORY. */
async function anotherStory(page: Page, lang: string) {
  await page.goto(`/${lang}/`);
  const hrefs = await page.locator("article.card a.card-link").evaluateAll((links) =>
    links.map((a) => a.getAttribute("href") ?? ""),
  );
  const slug = hrefs.map((h) => h.split("/").pop() ?? "").find((s) => s && s !== STORY);
  if (!slug) throw new Error("no second story on the home page");
  return slug;
}

for (const lang of ["en", "ar"]) {
  const t = texts(lang);

  test(`[${lang}] save, remove with Undo, and the list survives a reload`, async ({ page }) => {
    // The page's clock, moved on by hand, times the toast.
    await page.clock.install();
    const reader = new ReaderPage(page);
    const other = await anotherStory(page, lang);
    await reader.goto(`/${lang}/article/${STORY}`);
    await reader.hydrated();
    await expect(reader.articleBookmark).toHaveAttribute("aria-pressed", "false");
    await expect(reader.articleBookmark).toHaveText(t.save_story);
    await reader.articleBookmark.click();
    await expect(reader.articleBookmark).toHaveAttribute("aria-pressed", "true");
    await expect(reader.articleBookmark).toHaveText(t.unsave_story);
    await expect(reader.toast).toContainText(t.saved_toast);
    await reader.expectCount(1);

    await reader.goto(`/${lang}/`);
    await reader.hydrated();
    await reader.cardBookmark(other).click();
    await expect(reader.cardBookmark(other)).toHaveAttribute("aria-pressed", "true");
    await expect(reader.cardBookmark(other)).toHaveAccessibleName(t.unsave_story);
    await reader.expectCount(2);
    // Screen readers hear the count in words with the link.
    await expect(reader.readingListLink).toHaveAccessibleName(
      new RegExp(`^${escape(t.reading_list)}\\s+${escape(counted(lang, "reading_list_count", 2))}$`),
    );

    await reader.readingListLink.click();
    await expect(page).toHaveURL(new RegExp(`/${lang}/reading-list$`));
    await expect(reader.savedItems).toHaveCount(2);
    // Newest saved first.
    await expect(reader.savedItems.nth(0).locator("a")).toHaveAttribute("href", `/${lang}/article/${other}`);
    await expect(reader.savedItems.nth(1).locator("a")).toHaveAttribute("href", `/${lang}/article/${STORY}`);
    await expect(reader.savedItems.nth(0)).toContainText(t.saved_on.replace("{date}", "").trim());

    await reader.itemBookmark(0).click();
    await expect(reader.savedItems).toHaveCount(1);
    await expect(reader.toastRegion).toHaveAttribute("aria-live", "polite");
    await expect(reader.toast).toContainText(t.removed_toast);
    const undo = reader.toast.getByRole("button", { name: t.undo });
    await expect(undo).toBeVisible();
    // The toast sits below the navigation and at the inline end: right in
    // ltr, left in rtl.
    const box = (await reader.toast.boundingBox())!;
    const header = (await reader.header.boundingBox())!;
    const width = page.viewportSize()!.width;
    expect(box.y).toBeGreaterThan(header.y + header.height);
    if (lang === "ar") expect(box.x + box.width / 2).toBeLessThan(width / 2);
    else expect(box.x + box.width / 2).toBeGreaterThan(width / 2);
    // Still there after five seconds (of the page's clock): time enough to
    // reach Undo.
    await page.clock.runFor(5_000);
    await expect(undo).toBeVisible();
    await undo.click();
    await expect(reader.savedItems).toHaveCount(2);
    await expect(reader.savedItems.nth(0).locator("a")).toHaveAttribute("href", `/${lang}/article/${other}`);

    await page.reload();
    await reader.hydrated();
    await expect(reader.savedItems).toHaveCount(2);
    await reader.expectCount(2);
  });

  test(`[${lang}] register, merge on sign-in, the same list on a second browser, sign out`, async ({
    browser,
  }, info) => {
    test.slow();
    const email = uniqueEmail(info, `merge-${lang}`);
    const first = await newReader(browser, info);
    const { page, reader } = first;
    const other = await anotherStory(page, lang);

    // Saved before having an account: kept through registration.
    await reader.goto(`/${lang}/article/${STORY}`);
    await reader.hydrated();
    await reader.articleBookmark.click();
    await reader.expectCount(1);
    await reader.goto(`/${lang}/register`);
    await reader.hydrated();
    await reader.fill("register", { display_name: "Reader One", email, password: PASSWORD });
    await expect(reader.accountLink).toHaveText("Reader One");
    await expect(page).toHaveURL(new RegExp(`/${lang}/$`));
    await reader.expectCount(1);

    // Signed out, then a story saved on this device only…
    await reader.accountLink.click();
    await page.locator("form.sign-out-form button").click();
    await expect(reader.signInLink).toHaveText(t.sign_in);
    await reader.expectCount(0);
    await reader.goto(`/${lang}/article/${other}`);
    await reader.hydrated();
    await reader.articleBookmark.click();
    await reader.expectCount(1);

    // …merges into the account when signing in from the header dialog.
    await reader.signInLink.click();
    await expect(reader.dialog).toBeVisible();
    await reader.fill("dialog-sign-in", { email, password: "not the password" });
    await expect(reader.formError("dialog-sign-in")).toHaveText(t.err_credentials);
    await reader.fill("dialog-sign-in", { email, password: PASSWORD });
    await expect(reader.dialog).toBeHidden();
    await expect(reader.accountLink).toHaveText("Reader One");
    await reader.expectCount(2);
    await expect(page).toHaveURL(new RegExp(`/${lang}/article/${other}$`));

    // A second browser signed into the same account sees the same list.
    const second = await newReader(browser, info);
    await second.reader.goto(`/${lang}/sign-in`);
    await second.reader.hydrated();
    await second.reader.fill("sign-in", { email, password: PASSWORD });
    await expect(second.reader.accountLink).toHaveText("Reader One");
    await second.reader.readingListLink.click();
    await expect(second.reader.savedItems).toHaveCount(2);
    await expect(second.page.locator(`li.saved-item a[href="/${lang}/article/${STORY}"]`)).toBeVisible();
    await expect(second.page.locator(`li.saved-item a[href="/${lang}/article/${other}"]`)).toBeVisible();

    // Removing on one browser shows there after a reload.
    await second.reader.itemBookmark(0).click();
    await expect(second.reader.savedItems).toHaveCount(1);
    await expect(second.reader.toast).toContainText(t.removed_toast);
    // The toast shows at once; the removal reaches the server a moment
    // later, so the other browser reloads until it has.
    await expect(async () => {
      await page.goto(`/${lang}/reading-list`);
      await expect(reader.savedItems).toHaveCount(1, { timeout: 1000 });
    }).toPass({ timeout: 15000 });

    expect(first.errors).toEqual([]);
    expect(second.errors).toEqual([]);
    await first.context.close();
    await second.context.close();
  });

  test(`[${lang}] a lost password is reset through the emailed link`, async ({ browser }, info) => {
    test.slow();
    const email = uniqueEmail(info, `reset-${lang}`);
    const { context, page, reader, errors } = await newReader(browser, info);
    await reader.goto(`/${lang}/register`);
    await reader.hydrated();
    await reader.fill("register", { display_name: "Forgetful", email, password: PASSWORD });
    await expect(reader.accountLink).toBeVisible();
    await context.clearCookies();

    await reader.goto(`/${lang}/sign-in`);
    await reader.hydrated();
    await page.getByRole("link", { name: t.lost_password }).click();
    await expect(page).toHaveURL(new RegExp(`/${lang}/forgot-password$`));
    await reader.fill("forgot", { email });
    await expect(page.locator(".form-done")).toHaveText(t.reset_sent);

    const mail = await latestMail(email);
    expect(mail.subject).toBe(t.mail_reset_subject);
    expect(mail.html).toContain(lang === "ar" ? 'dir="rtl"' : 'dir="ltr"');
    const link = mail.text.match(/https?:\/\/\S+reset-password\?token=\S+/)?.[0];
    expect(link, mail.text).toBeTruthy();

    await page.goto(new URL(link!).pathname + new URL(link!).search);
    await reader.hydrated();
    await reader.fill("reset", { password: "saffron mountain tea" });
    await expect(page).toHaveURL(new RegExp(`/${lang}/sign-in\\?reset=1$`));
    await expect(page.locator(".form-done")).toHaveText(t.reset_done);
    await reader.fill("sign-in", { email, password: "saffron mountain tea" });
    await expect(reader.accountLink).toHaveText("Forgetful");
    expect(errors).toEqual([]);
    await context.close();
  });
}

for (const lang of ["en", "fa"]) {
  const t = texts(lang);

  test(`[${lang}] the account page lists signed-in devices and signs one out`, async ({ browser }, info) => {
    const email = uniqueEmail(info, `devices-${lang}`);
    const phone = await newReader(browser, info);
    await phone.reader.goto(`/${lang}/register`);
    await phone.reader.hydrated();
    await phone.reader.fill("register", { display_name: "Two Devices", email, password: PASSWORD });
    await expect(phone.reader.accountLink).toBeVisible();
    const laptop = await newReader(browser, info);
    await laptop.reader.goto(`/${lang}/sign-in`);
    await laptop.reader.hydrated();
    await laptop.reader.fill("sign-in", { email, password: PASSWORD });
    await expect(laptop.reader.accountLink).toBeVisible();

    await phone.reader.goto(`/${lang}/account`);
    await phone.reader.hydrated();
    const devices = phone.page.locator("ul.device-list li.device");
    await expect(devices).toHaveCount(2);
    await expect(devices.first().locator(".device-current")).toHaveText(t.device_current);
    await expect(devices.nth(1).locator(".device-current")).toHaveCount(0);
    await devices.nth(1).getByRole("button", { name: t.sign_out }).click();
    await expect(phone.page.locator(".devices .form-done")).toHaveText(t.device_signed_out);
    await expect(devices).toHaveCount(1);

    // The laptop finds itself signed out at its next page.
    await laptop.reader.goto(`/${lang}/account`);
    await laptop.reader.hydrated();
    await expect(laptop.reader.signInLink).toBeVisible();
    await expect(laptop.page.locator("ul.device-list")).toHaveCount(0);
    expect(phone.errors).toEqual([]);
    expect(laptop.errors).toEqual([]);
    await phone.context.close();
    await laptop.context.close();
  });
}

test("without JavaScript a signed-in reader still saves with a form post", async ({ browser }, info) => {
  const email = uniqueEmail(info, "nojs");
  const { context, page, reader } = await newReader(browser, info, false);
  await page.goto("/en/register");
  await page.locator("#register-display_name").fill("Plain Reader");
  await page.locator("#register-email").fill(email);
  await page.locator("#register-password").fill(PASSWORD);
  await page.locator('form[data-form="register"] button[type="submit"]').click();
  await expect(reader.accountLink).toHaveText("Plain Reader");

  await page.goto(`/en/article/${STORY}`);
  await expect(reader.articleBookmark).toHaveAttribute("aria-pressed", "false");
  await reader.articleBookmark.click();
  await expect(page).toHaveURL(new RegExp(`/en/article/${STORY}$`));
  await expect(reader.articleBookmark).toHaveAttribute("aria-pressed", "true");
  await page.goto("/en/reading-list");
  await expect(reader.savedItems).toHaveCount(1);

  // A wrong password on the sign-in page comes back with the reason.
  await context.clearCookies();
  await page.goto("/en/sign-in");
  await page.locator("#sign-in-email").fill(email);
  await page.locator("#sign-in-password").fill("not the password");
  await page.locator('form[data-form="sign-in"] button[type="submit"]').click();
  await expect(reader.formError("sign-in")).toHaveText(texts("en").err_credentials);
  await context.close();
});
