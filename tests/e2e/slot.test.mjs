// Interview slots in Chromium: a recruiter publishes a slot (time entered in the fair's zone),
// a jobseeker in another time zone books it by keyboard on the booth page, sees it in "My
// schedule" with the time in the fair's zone (and their own), downloads the .ics file, and the
// recruiter's schedule shows the booking live. axe-core on every slot page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "./server.mjs";
import { launchBrowser, openPage, newUser, registerInContext, loginInContext, waitForView, eventually } from "./browser.mjs";
import { assertAccessible } from "./checks.mjs";

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

/** "2026-11-22T15:00" for unix seconds, as the wall clock in `zone`. */
function wallClock(seconds, zone) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" })
      .formatToParts(new Date(seconds * 1000))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

test("a recruiter publishes a slot; a jobseeker books it by keyboard, sees it in My schedule in the fair's zone and gets the .ics", async () => {
  const recruiter = server.accounts.find((a) => a.role === "employer");
  const boothId = Number(recruiter.booth);
  const { booth, fair } = await (await fetch(`${server.url}/api/booths/${boothId}`)).json();
  assert.equal(fair.timezone, "Europe/Istanbul");

  // ---- the recruiter publishes a one-to-one slot two hours from now (on a quarter hour) ----
  const employer = await openPage(browser, server.url, { lang: "en", timezoneId: "Europe/Istanbul" });
  await loginInContext(employer.context, recruiter);
  const startsAt = Math.ceil((Date.now() / 1000 + 2 * 3600) / 900) * 900;
  try {
    await employer.page.goto(`/#/employer/booth/${boothId}/slots`);
    await waitForView(employer.page, `Interview slots: ${booth.name}`);
    await assertAccessible(employer.page, "staff slots (empty)");
    await employer.page.getByLabel("Start (in Europe/Istanbul)").fill(wallClock(startsAt, "Europe/Istanbul"));
    await employer.page.getByLabel("Length (minutes)").fill("30");
    await employer.page.getByLabel("Places").fill("1");
    await employer.page.getByRole("button", { name: "Publish", exact: true }).click();
    await employer.page.getByText("The slot was published.").waitFor();
    await employer.page.locator(".slot-item").first().waitFor();
    assert.match(await employer.page.locator(".slot-item").first().innerText(), /Nobody has booked yet/);
    await assertAccessible(employer.page, "staff slots (one slot)");

    // ---- a jobseeker in New York books it on the booth page, keyboard only ----
    const js = await openPage(browser, server.url, { lang: "en", timezoneId: "America/New_York" });
    const user = await registerInContext(js.context, newUser("slot"));
    try {
      await js.page.goto(`/#/booth/${boothId}`);
      await waitForView(js.page, booth.name);
      const book = js.page.locator(`.slot-section button[data-slot]`).first();
      await book.waitFor();
      const label = await book.innerText();
      // The button names the time in the fair's zone.
      assert.match(label, /Europe\/Istanbul/);
      await assertAccessible(js.page, "booth page with slots");
      await book.focus();
      await js.page.keyboard.press("Enter");
      await js.page.getByText(/^Booked: /).waitFor();
      await js.page.locator(".slot-section .slot-mine").first().waitFor();

      // The recruiter's schedule shows the booking live (slot.changed on staff:{booth}).
      await eventually(async () => assert.match(await employer.page.locator(".slot-item").first().innerText(), new RegExp(user.name)));

      // ---- My schedule: the time in Istanbul and, since it differs, in New York ----
      await js.page.goto("/#/me/schedule");
      await waitForView(js.page, "My schedule");
      const row = js.page.locator("tr[data-booking]").first();
      await row.waitFor();
      const text = await row.innerText();
      const ist = new Intl.DateTimeFormat("en", { timeStyle: "short", timeZone: "Europe/Istanbul" }).format(new Date(startsAt * 1000));
      const ny = new Intl.DateTimeFormat("en", { timeStyle: "short", timeZone: "America/New_York" }).format(new Date(startsAt * 1000));
      assert.ok(text.includes(ist) && text.includes("Europe/Istanbul"), `fair's time in ${text}`);
      assert.ok(text.includes(ny), `viewer's own time in ${text}`);
      assert.match(text, /Booked/);
      await assertAccessible(js.page, "My schedule");

      // ---- the .ics file ----
      const [download] = await Promise.all([js.page.waitForEvent("download"), row.getByRole("link", { name: /Add to calendar/ }).click()]);
      const ics = await (await import("node:fs/promises")).readFile(await download.path(), "utf8");
      assert.match(ics, /^BEGIN:VCALENDAR\r\n/);
      const utc = new Date(startsAt * 1000).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
      assert.ok(ics.includes(`DTSTART:${utc}\r\n`), `DTSTART ${utc} in ${ics}`);
      assert.ok(ics.includes(`SUMMARY:Interview: ${booth.name.replace(/([,;\\])/g, "\\$1")}`), "summary names the booth");

      // ---- the calendar feed address, shown once ----
      await js.page.getByRole("button", { name: "Create my calendar address" }).click();
      const feed = await js.page.getByLabel("Your calendar address").inputValue();
      assert.match(feed, /\/api\/calendar\/feed\.ics\?token=/);
      const res = await fetch(feed);
      assert.equal(res.status, 200);
      assert.match(await res.text(), /BEGIN:VEVENT/);
      await assertAccessible(js.page, "My schedule with feed");

      assert.deepEqual(js.page.problems, []);
    } finally {
      await js.context.close();
    }
    assert.deepEqual(employer.page.problems, []);
  } finally {
    await employer.context.close();
  }
});

test("a recruiter starts the interview of a booked slot and lands in its room", async () => {
  const recruiter = server.accounts.find((a) => a.role === "employer");
  const boothId = Number(recruiter.booth);
  const { booth } = await (await fetch(`${server.url}/api/booths/${boothId}`)).json();
  const employer = await openPage(browser, server.url, { lang: "en", timezoneId: "Europe/Istanbul" });
  await loginInContext(employer.context, recruiter);
  const js = await openPage(browser, server.url, { lang: "en" });
  try {
    await registerInContext(js.context, newUser("slot-start"));
    // A slot five minutes ahead: an interview may start ten minutes early.
    const startsAt = Math.ceil(Date.now() / 1000 / 60) * 60 + 300;
    await employer.page.goto(`/#/employer/booth/${boothId}/slots`);
    await waitForView(employer.page, `Interview slots: ${booth.name}`);
    await employer.page.getByLabel("Start (in Europe/Istanbul)").fill(wallClock(startsAt, "Europe/Istanbul"));
    await employer.page.getByLabel("Length (minutes)").fill("15");
    await employer.page.getByRole("button", { name: "Publish", exact: true }).click();
    await employer.page.getByText("The slot was published.").waitFor();

    await js.page.goto(`/#/booth/${boothId}`);
    await waitForView(js.page, booth.name);
    // The soonest slot is listed first.
    const book = js.page.locator(".slot-section button[data-slot]").first();
    await book.waitFor();
    await book.click();
    await js.page.getByText(/^Booked: /).waitFor();

    const start = employer.page.getByRole("button", { name: /^Start interview/ });
    await start.waitFor();
    await assertAccessible(employer.page, "staff slots with a bookable interview");
    await start.click();
    await employer.page.waitForURL(/#\/room\/\d+$/);
  } finally {
    await js.context.close();
    await employer.context.close();
  }
});

test("the slot pages work at 360 px in Turkish", async () => {
  const { context, page } = await openPage(browser, server.url, { lang: "tr", viewport: { width: 360, height: 740 } });
  await registerInContext(context, newUser("slot-tr"));
  try {
    await page.goto("/#/me/schedule");
    await waitForView(page, "Takvimim");
    await assertAccessible(page, "Takvimim");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 1, `no horizontal scrolling at 360 px (overflow ${overflow})`);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
