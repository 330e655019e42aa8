// CVs and applications in Chromium: upload with a progress bar, the apply dialog (keyboard
// only), "My applications" updating live when the employer changes the status, the
// employer's applicants page, and axe-core on every cvs page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "./server.mjs";
import { launchBrowser, openPage, newUser, registerInContext, loginInContext, waitForView, eventually } from "./browser.mjs";
import { assertAccessible, pdf } from "./checks.mjs";

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test("a jobseeker uploads a CV with progress, applies at a booth by keyboard and sees the status change live", async () => {
  const recruiter = server.accounts.find((a) => a.role === "employer");
  const boothId = Number(recruiter.booth);
  const { booth } = await (await fetch(`${server.url}/api/booths/${boothId}`)).json();

  const { context, page } = await openPage(browser, server.url, { lang: "en" });
  const user = await registerInContext(context, newUser("cv"));
  try {
    await page.goto("/#/me/cvs");
    await waitForView(page, "My CVs");
    await assertAccessible(page, "#/me/cvs (empty)");
    assert.ok(await page.getByRole("heading", { name: "Upload a CV (PDF, at most 5 MB)" }).isVisible());

    // A non-PDF is refused with a clear message, by content.
    await page.getByLabel("CV file (PDF)").setInputFiles({ name: "cv.pdf", mimeType: "application/pdf", buffer: Buffer.from("PK\u0003\u0004 not a pdf") });
    await page.getByRole("button", { name: "Upload", exact: true }).click();
    await page.getByText("This file is not a PDF.").waitFor();
    await assertAccessible(page, "#/me/cvs (error)");

    await page.getByLabel("CV file (PDF)").setInputFiles({ name: "Ayse CV.pdf", mimeType: "application/pdf", buffer: pdf("Kaynakci MIG-MAG welder") });
    await page.getByRole("button", { name: "Upload", exact: true }).click();
    const progress = page.getByLabel("Upload progress");
    await eventually(async () => assert.equal(await progress.getAttribute("aria-valuetext"), "100% uploaded"));
    await page.getByRole("rowheader", { name: "Ayse CV.pdf" }).waitFor();
    // The text status turns to "Ready" through the cv.updated push (or the reload after subscribing).
    await page.locator("[data-cv-text]", { hasText: "Ready" }).waitFor();
    await assertAccessible(page, "#/me/cvs (one CV)");

    // The apply dialog, as the booth page will show it, driven by the keyboard only.
    await page.evaluate(async (b) => {
      const { dropCvButton } = await import("/js/views/cvs/apply.js");
      document.querySelector("main .cv-page").append(dropCvButton(b, window.fuar.app));
    }, { id: booth.id, name: booth.name });
    const open = page.getByRole("button", { name: "Leave my CV at this booth" });
    await open.focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog");
    await dialog.waitFor();
    assert.ok(await dialog.getByText(`Applying shares this CV with ${booth.name} only.`).isVisible());
    assert.equal(await page.evaluate(() => document.activeElement?.id?.startsWith("cv-pick")), true, "focus is on the CV picker");
    await assertAccessible(page, "apply dialog");
    await page.keyboard.press("Tab");
    await page.keyboard.type("I can work shifts.");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Leave my CV");
    await page.keyboard.press("Enter");
    await page.locator(".cv-apply p.notice", { hasText: `Your application was sent. Your CV is shared with ${booth.name} only.` }).waitFor();
    assert.equal(await dialog.count(), 0);

    await page.goto("/#/me/applications");
    await waitForView(page, "My applications");
    const row = page.locator("tr[data-application]");
    await row.first().waitFor();
    assert.equal(await row.locator("[data-status]").getAttribute("data-status"), "received");
    await assertAccessible(page, "#/me/applications");

    // The employer shortlists; the jobseeker's page changes without a reload.
    const employer = await openPage(browser, server.url, { lang: "en" });
    try {
      await loginInContext(employer.context, recruiter);
      const list = await (await employer.context.request.get(`/api/booths/${boothId}/applications`)).json();
      const app = list.applications.find((a) => a.applicant?.email === user.email);
      assert.ok(app, "the employer sees the application");
      const res = await employer.context.request.patch(`/api/applications/${app.id}`, {
        headers: { "X-Fuar-CSRF": "1" },
        data: { status: "shortlisted", message: "We will call you." },
      });
      assert.equal(res.status(), 200);
      await page.locator("tr[data-application] [data-status='shortlisted']").waitFor();
      assert.ok(await page.getByText("We will call you.").isVisible());

      // The employer's applicants page is accessible too.
      await employer.page.goto(`/#/employer/booth/${boothId}/applicants`);
      await waitForView(employer.page, `Applicants: ${booth.name}`);
      await employer.page.locator(`article[data-application='${app.id}']`).waitFor();
      await assertAccessible(employer.page, "#/employer/booth/{id}/applicants");
    } finally {
      await employer.context.close();
    }
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test("the cvs pages fit a 360 px wide phone and read in Turkish", async () => {
  const { context, page } = await openPage(browser, server.url, { lang: "tr", viewport: { width: 360, height: 740 } });
  await registerInContext(context, newUser("cvtr"));
  try {
    await page.goto("/#/me/cvs");
    await waitForView(page, "Özgeçmişlerim");
    await assertAccessible(page, "tr #/me/cvs");
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, "no horizontal scroll");
    await page.goto("/#/me/applications");
    await waitForView(page, "Başvurularım");
    await assertAccessible(page, "tr #/me/applications");
  } finally {
    await context.close();
  }
});
