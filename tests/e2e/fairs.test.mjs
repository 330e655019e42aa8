// The fairs pages in Chromium: an organiser creates a fair (times entered in the fair's zone),
// publishes it with the confirm step and invites a firm; the invitation page creates the employer
// account. axe-core on each page, at desktop and 360 px widths. Also the time-zone conversion of
// views/fairs/time.js across DST changes (plain node, no browser).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "./server.mjs";
import { launchBrowser, openPage, newUser, loginInContext, waitForView, eventually } from "./browser.mjs";
import { assertAccessible, assertNoSidewaysScroll } from "./checks.mjs";
import { SOURCE_DIR } from "./server.mjs";

const time = await import(`${SOURCE_DIR}/web-static/js/views/fairs/time.js`);

test("datetime-local values are read in the fair's zone, across DST changes", () => {
  const iso = (v, z) => new Date(time.zonedToUnix(v, z) * 1000).toISOString();
  assert.equal(iso("2026-09-18T10:00", "Europe/Istanbul"), "2026-09-18T07:00:00.000Z");
  // Berlin: CET (+1) before 29 March 2026 02:00, CEST (+2) after; back on 25 October 03:00.
  assert.equal(iso("2026-03-28T10:00", "Europe/Berlin"), "2026-03-28T09:00:00.000Z");
  assert.equal(iso("2026-03-29T10:00", "Europe/Berlin"), "2026-03-29T08:00:00.000Z");
  assert.equal(iso("2026-03-29T02:30", "Europe/Berlin"), "2026-03-29T01:30:00.000Z"); // skipped hour: 03:30 CEST
  assert.equal(iso("2026-10-25T02:30", "Europe/Berlin"), "2026-10-25T00:30:00.000Z"); // repeated hour: the first
  assert.equal(iso("2026-10-25T10:00", "Europe/Berlin"), "2026-10-25T09:00:00.000Z");
  assert.equal(iso("2026-11-01T12:00", "America/New_York"), "2026-11-01T17:00:00.000Z");
  assert.equal(time.zonedToUnix("2026-13-01T10:00x", "UTC"), null);
  // Round trip through the input's value.
  for (const zone of ["Europe/Istanbul", "Europe/Berlin", "America/New_York", "UTC", "Asia/Kolkata"]) {
    const s = time.zonedToUnix("2026-10-25T15:45", zone);
    assert.equal(time.unixToZoned(s, zone), "2026-10-25T15:45", zone);
  }
  // The viewer's own time is added only when the clock differs.
  const s = time.zonedToUnix("2026-09-18T10:00", "Europe/Istanbul");
  assert.doesNotMatch(time.formatInZone(s, "Europe/Istanbul", { viewer: "Europe/Istanbul" }), /\(/);
  assert.doesNotMatch(time.formatInZone(s, "Europe/Istanbul", { viewer: "Europe/Minsk" }), /\(/); // also +3
  assert.match(time.formatInZone(s, "Europe/Istanbul", { viewer: "Europe/Berlin", withDate: false }), /Europe\/Istanbul \(.*\b9:00/);
});

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

test("an organiser creates and publishes a fair and invites a firm; the firm accepts", async () => {
  const organiser = await server.demoAccount("organiser");
  const { context, page } = await openPage(browser, server.url, { lang: "en", timezoneId: "Europe/Berlin" });
  try {
    await loginInContext(context, organiser);
    await page.goto("/#/organiser");
    await waitForView(page, "My fairs");
    await assertAccessible(page, "#/organiser");
    await page.click("#fa-new-fair");
    await waitForView(page, "New fair");

    await page.getByLabel("Title (English)").fill("E2E Youth Fair");
    await page.getByLabel("Title (Turkish)").fill("E2E Gençlik Fuarı");
    await page.getByLabel("Youth (15–24)").check();
    await page.getByLabel("Time zone").selectOption("Europe/Istanbul");
    await page.getByLabel("Starts").fill("2030-09-18T10:00");
    await page.getByLabel("Ends").fill("2030-09-18T16:00");
    await page.getByLabel("Minimum age").fill("15");
    // Berlin (the viewer) is one hour behind Istanbul in September.
    await eventually(async () => assert.match(await page.locator("#fa-time-preview").textContent(), /10:00 AM Europe\/Istanbul \(9:00 AM/));
    await assertAccessible(page, "#/organiser/fair/new");
    await page.click("#fa-save");
    await waitForView(page, /Manage fair/);
    const fairId = Number(page.url().match(/fair\/(\d+)/)[1]);

    // Stored in UTC: 10:00 Istanbul (+3) is 07:00 UTC.
    const stored = await (await context.request.get(`/api/organiser/fairs/${fairId}`)).json();
    assert.equal(stored.fair.starts_at, Date.UTC(2030, 8, 18, 7, 0) / 1000);
    assert.equal(stored.fair.timezone, "Europe/Istanbul");
    assert.deepEqual(stored.fair.target_groups, ["youth"]);
    assert.equal(stored.fair.min_age, 15);

    // Publish with the confirm step; cancel first.
    await page.click("#fa-publish");
    await page.click("#fa-confirm-no");
    assert.match(await page.locator("#fa-status-current").textContent(), /Draft/);
    await page.click("#fa-publish");
    await page.click("#fa-confirm-yes");
    await eventually(async () => assert.match(await page.locator("#fa-status-current").textContent(), /Published/));

    // Registration link and QR code.
    await eventually(async () => assert.match(await page.locator("#fa-reg-link").inputValue(), new RegExp(`/#/join/${fairId}$`)));
    assert.ok(await page.locator("img.fa-qr").evaluate((img) => img.complete && img.naturalWidth > 0), "the QR image loads");

    // Invite a firm: the link is shown once.
    await page.getByLabel("Firm name").fill("E2E Tekstil");
    await page.getByLabel("Contact email").fill("hr@e2e-tekstil.example");
    await page.click("#fa-invite-send");
    const link = await eventually(async () => {
      const v = await page.locator("#fa-invite-link").inputValue();
      assert.match(v, /#\/invite\//);
      return v;
    });
    await eventually(async () => assert.match(await page.locator("#fa-invitations").textContent(), /E2E Tekstil.*Pending/s));
    await assertAccessible(page, "#/organiser/fair/{id}");

    // 360 px: nothing scrolls sideways.
    await page.setViewportSize({ width: 360, height: 740 });
    await assertNoSidewaysScroll(page, "#/organiser/fair/{id}");

    // The firm opens the link in its own browser, without an account.
    const firm = await openPage(browser, server.url, { lang: "tr", viewport: { width: 360, height: 740 } });
    try {
      await firm.page.goto(link.slice(link.indexOf("/#/")));
      await waitForView(firm.page, "Davet");
      assert.match(await firm.page.locator("#fa-invite-what").textContent(), /E2E Tekstil/);
      await assertAccessible(firm.page, "#/invite (tr)");
      await assertNoSidewaysScroll(firm.page, "#/invite");
      const user = newUser("firm");
      await firm.page.getByLabel("Adınız").fill(user.name);
      await firm.page.getByLabel("E-posta").fill(user.email);
      await firm.page.getByLabel("Parola").fill(user.password);
      await firm.page.click("#fa-invite-submit");
      await firm.page.locator("#fa-invite-next").waitFor();
      const me = await (await firm.context.request.get("/api/me")).json();
      assert.equal(me.user.role, "employer");
      assert.equal(me.user.email, user.email);
      assert.deepEqual(firm.page.problems, []);
    } finally {
      await firm.context.close();
    }
    // The organiser's list shows it accepted after a reload.
    await page.reload();
    await waitForView(page, /Manage fair/);
    await eventually(async () => assert.match(await page.locator("#fa-invitations").textContent(), /Accepted/));
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test("the booth team page: the owner invites a colleague; axe-clean", async () => {
  const employer = await server.demoAccount("employer");
  const { context, page } = await openPage(browser, server.url, { lang: "en" });
  try {
    await loginInContext(context, employer);
    await page.goto(`/#/employer/booth/${employer.booth}/team`);
    await waitForView(page, "Booth team");
    assert.match(await page.locator("#fa-members").textContent(), /Owner/);
    await page.getByLabel("Colleague's name").fill("Veli");
    await page.getByLabel("Colleague's email").fill("veli@example.org");
    await page.click("#fa-team-send");
    await eventually(async () => assert.match(await page.locator("#fa-team-link").inputValue(), /#\/invite\//));
    await eventually(async () => assert.match(await page.locator("#fa-team-pending").textContent(), /Veli/));
    await assertAccessible(page, "#/employer/booth/{id}/team");
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test("the organiser pages in Turkish at 360 px: axe-clean, no sideways scrolling, errors next to fields", async () => {
  const organiser = await server.demoAccount("organiser");
  const { context, page } = await openPage(browser, server.url, { lang: "tr", viewport: { width: 360, height: 740 } });
  try {
    await loginInContext(context, organiser);
    await page.goto("/#/organiser");
    await waitForView(page, "Fuarlarım");
    await assertAccessible(page, "#/organiser (tr)");
    await assertNoSidewaysScroll(page, "#/organiser (tr)");
    await page.goto("/#/organiser/fair/new");
    await waitForView(page, "Yeni fuar");
    // Submitting without a title: the error is on the field and the summary is announced.
    await page.getByLabel("Başlık (Türkçe)").fill("");
    await page.click("#fa-save");
    await eventually(async () => assert.equal(await page.getByLabel("Başlık (Türkçe)").getAttribute("aria-invalid"), "true"));
    assert.match(await page.locator(".form-summary").first().textContent(), /.+/);
    await page.locator("details.fa-add-group summary").click();
    await assertAccessible(page, "#/organiser/fair/new (tr, with errors)");
    await assertNoSidewaysScroll(page, "#/organiser/fair/new (tr)");
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
