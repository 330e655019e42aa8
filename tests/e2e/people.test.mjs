// The people capability in the browser: the join page (registration link target) → create an
// account → back → register → registered → cancel; the profile page with its consents; the
// organiser's registrations list and report (with its activity and outcomes sections). axe-core
// clean on each, also at 360 px.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { startServer } from "./server.mjs";
import { launchBrowser, openPage, newUser, registerInContext, loginInContext, axeViolations, waitForView, eventually } from "./browser.mjs";

let server;
let browser;
let fair;
before(async () => {
  // Visits for the report are stored every 200 ms instead of 5 s, so the report shows them soon.
  server = await startServer({ env: { FUAR_PRESENCE_VISIT_FLUSH_MS: "200" } });
  browser = await launchBrowser();
  const { fairs } = await (await fetch(`${server.url}/api/fairs`)).json();
  fair = fairs.find((f) => f.demo) ?? fairs[0];
  assert.ok(fair, "the server has a fair");
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function assertAccessible(page, label) {
  const bad = (await axeViolations(page)).filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(bad, [], `${label}: axe found serious/critical violations:\n${JSON.stringify(bad, null, 2)}`);
  assert.equal(await page.locator("h1").count(), 1, `${label}: one h1`);
}

async function noSidewaysScroll(page, label) {
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  assert.ok(scroll <= client, `${label}: no horizontal scrolling at 360 px (${scroll} > ${client})`);
}

// A fair organised by `organiserId`, written straight into the server's database (the fairs
// capability's own routes are not needed for this test).
function insertFair(organiserId) {
  const db = path.join(server.dataDir, "fuar.db");
  const now = Math.floor(Date.now() / 1000);
  const out = execFileSync("sqlite3", ["-batch", db], {
    input:
      ".timeout 10000\n" +
      "INSERT INTO fairs (title_tr, title_en, description_tr, description_en, theme, timezone, starts_at, ends_at, status, capacity, created_by) " +
      `VALUES ('Kayıt fuarı', 'Registration fair', 'Açıklama', 'About', 'youth', 'Europe/Istanbul', ${now + 86400}, ${now + 2 * 86400}, 'published', 50, ${organiserId});\n` +
      "SELECT last_insert_rowid();\n",
  });
  return Number(String(out).trim());
}

test("a guest follows the registration link, creates an account, comes back and registers", async () => {
  const { context, page } = await openPage(browser, server.url, { viewport: { width: 360, height: 640 } });
  try {
    await page.goto(`/#/join/${fair.id}`);
    await waitForView(page, fair.title.en);
    const create = page.locator("#join-create-account");
    assert.equal(await create.getAttribute("href"), `#/register?next=${encodeURIComponent(`/join/${fair.id}`)}`);
    assert.equal(await page.locator("#join-login").getAttribute("href"), `#/login?next=${encodeURIComponent(`/join/${fair.id}`)}`);
    await assertAccessible(page, "#/join as a guest");
    await noSidewaysScroll(page, "#/join as a guest");

    await create.click();
    await waitForView(page, "Create an account");
    const user = newUser("join");
    await page.getByLabel("Full name").fill(user.name);
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Create account" }).click();

    // Back on the join page, signed in.
    await waitForView(page, fair.title.en);
    const register = page.locator("#join-register");
    await register.waitFor();
    await assertAccessible(page, "#/join as a jobseeker");
    await register.click();
    await eventually(async () => assert.equal((await page.locator("#join-status").textContent()).trim(), "You are registered. See you at the fair!"));
    await page.locator("#join-registered").waitFor();
    const cancel = page.locator("#join-cancel");
    assert.ok(await cancel.isVisible());
    await assertAccessible(page, "#/join registered");

    // My fairs lists it.
    await page.goto("/#/me/fairs");
    await waitForView(page, "My fairs");
    await page.locator(`#my-fairs [data-fair-id="${fair.id}"]`).waitFor();
    await assertAccessible(page, "#/me/fairs");
    await noSidewaysScroll(page, "#/me/fairs");

    // Cancelling from the join page.
    await page.goto(`/#/join/${fair.id}`);
    await waitForView(page, fair.title.en);
    await page.locator("#join-cancel").click();
    await eventually(async () => assert.equal((await page.locator("#join-status").textContent()).trim(), "Your registration is cancelled."));
    await page.locator("#join-register").waitFor();
    const state = await page.evaluate((id) => fetch(`/api/fairs/${id}/registration`).then((r) => r.json()), fair.id);
    assert.equal(state.registered, false);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test("the profile page keeps each demographic item behind its own consent", async () => {
  const { context, page } = await openPage(browser, server.url, { viewport: { width: 360, height: 640 } });
  try {
    await registerInContext(context, newUser("profile"));
    await page.goto("/#/me/profile");
    await waitForView(page, "My profile");
    await assertAccessible(page, "#/me/profile");
    await noSidewaysScroll(page, "#/me/profile");

    // The server's consent text describes each box; values wait for consent.
    const text = await page.locator("#consent-gender-text").textContent();
    assert.match(text, /Never shown to employers/);
    assert.equal(await page.locator("#consent-gender").getAttribute("aria-describedby"), "consent-gender-text");
    assert.ok(await page.locator("#demo-gender").isDisabled());
    assert.ok(await page.locator("#demo-birth_year").isDisabled());

    await page.getByLabel("Phone", { exact: true }).fill("0532 123 45 67");
    await page.getByLabel("City", { exact: true }).fill("İzmir");
    await page.getByLabel("Education level", { exact: true }).selectOption("secondary");
    await page.getByLabel("Nurse", { exact: true }).check();
    await page.locator("#consent-gender").check();
    assert.ok(await page.locator("#demo-gender").isEnabled());
    await page.getByLabel("Gender", { exact: true }).selectOption("female");
    await page.locator("#consent-birth_year").check();
    await page.getByLabel("Birth year", { exact: true }).fill("2001");
    await page.locator("#profile-save").click();
    await eventually(async () => assert.equal((await page.locator("#profile-status").textContent()).trim(), "Your profile is saved."));
    await assertAccessible(page, "#/me/profile saved");

    let dem = await page.evaluate(() => fetch("/api/me/demographics").then((r) => r.json()));
    assert.equal(dem.demographics.gender.value, "female");
    assert.equal(dem.demographics.birth_year.value, 2001);
    assert.equal(dem.demographics.disability.value, null);
    const prof = await page.evaluate(() => fetch("/api/me/profile").then((r) => r.json()));
    assert.equal(prof.profile.city, "İzmir");
    assert.deepEqual(prof.profile.occupations, ["nurse"]);

    // A ticked box without a value is an error next to the field, and nothing is sent.
    await page.locator("#consent-disability").check();
    await page.locator("#profile-save").click();
    await page.locator("#demo-disability[aria-invalid=true]").waitFor();
    await assertAccessible(page, "#/me/profile with errors");
    await page.locator("#consent-disability").uncheck();

    // Unticking a consent and saving deletes the item.
    await page.locator("#consent-gender").uncheck();
    assert.ok(await page.locator("#demo-gender").isDisabled());
    await page.locator("#profile-save").click();
    await eventually(async () => assert.equal((await page.locator("#profile-status").textContent()).trim(), "Your profile is saved."));
    dem = await page.evaluate(() => fetch("/api/me/demographics").then((r) => r.json()));
    assert.equal(dem.demographics.gender.value, null);
    assert.equal(dem.demographics.gender.consent_at, null);
    assert.equal(dem.demographics.birth_year.value, 2001);

    await page.reload();
    await waitForView(page, "My profile");
    assert.equal(await page.locator("#consent-gender").isChecked(), false);
    assert.equal(await page.locator("#consent-birth_year").isChecked(), true);
    assert.equal(await page.locator("#demo-birth_year").inputValue(), "2001");
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test("the organiser sees the registrations, downloads the CSV and reads the report", async () => {
  const organiser = await server.demoAccount("organiser");
  const { context, page } = await openPage(browser, server.url);
  const seeker = await openPage(browser, server.url);
  try {
    const me = await loginInContext(context, organiser);
    const fairId = insertFair(me.id);
    const user = newUser("listed");
    await registerInContext(seeker.context, user);
    const reg = await seeker.context.request.post(`/api/fairs/${fairId}/registration`, { headers: { "X-Fuar-CSRF": "1" } });
    assert.equal(reg.status(), 201);

    await page.goto(`/#/organiser/fair/${fairId}/registrations`);
    await waitForView(page, "Registrations: Registration fair");
    await page.locator("#reg-table tbody tr", { hasText: user.email }).waitFor();
    assert.equal(await page.locator("#reg-csv").getAttribute("href"), `/api/fairs/${fairId}/registrations.csv?q=`);
    await assertAccessible(page, "#/organiser/fair/registrations");

    await page.getByLabel("Search name, e-mail or city").fill("nobody-matches");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await page.locator("#reg-table", { hasText: "No registrations match." }).waitFor();

    // The jobseeker walks into the fair's hall: one visit, stored with the next flush.
    await seeker.page.goto(`/#/fair/${fairId}/hall`);
    await eventually(async () => {
      const r = await context.request.get(`/api/fairs/${fairId}/report`);
      assert.equal((await r.json()).activity.visits.unique_visitors, 1);
    });

    await page.locator("#reg-report").click();
    await waitForView(page, "Report: Registration fair");
    assert.match(await page.locator("#report-registered").textContent(), /1$/);
    const female = page.locator('table[data-breakdown="gender"] tr', { hasText: "Not given" });
    assert.equal((await female.locator("td").textContent()).trim(), "<5");

    // Activity: the definition of a visit, then the figures, each table with its caption.
    const activity = page.locator("#report-activity");
    assert.equal((await activity.locator("h2").textContent()).trim(), "Activity");
    assert.match(await page.locator("#report-visit-definition").textContent(), /one jobseeker on one day/);
    const figure = (table, key) => activity.locator(`table[data-figures="${table}"] tr[data-figure="${key}"] td`);
    assert.equal((await figure("visits", "unique_visitors").textContent()).trim(), "1");
    assert.equal((await figure("visits", "fair_visits").textContent()).trim(), "1");
    assert.equal((await figure("visits", "booth_visits").textContent()).trim(), "0");
    assert.equal((await figure("interviews", "held").textContent()).trim(), "0");
    assert.equal((await figure("interviews", "median_minutes").textContent()).trim(), "none yet");
    assert.equal((await figure("queues", "median_wait").textContent()).trim(), "none yet");
    for (const table of ["visits", "booths", "chats", "interviews", "queues", "slots"])
      assert.ok((await activity.locator(`table[data-figures="${table}"] caption`).textContent()).trim().length > 0, `${table} has a caption`);
    assert.equal(await activity.locator('table[data-figures="visitors-per-day"] tbody tr').count(), 1);

    // Outcomes: the figures, the "<5" and "Unknown" legend, interviewed and placed by group.
    const outcomes = page.locator("#report-outcomes");
    assert.equal((await outcomes.locator("h2").textContent()).trim(), "Outcomes");
    assert.equal((await outcomes.locator('table[data-figures="outcomes"] tr[data-figure="applications"] td').textContent()).trim(), "0");
    assert.match(await page.locator("#report-outcome-cells").textContent(), /“<5” means 1 to 4 people/);
    for (const dim of ["gender", "age_group", "disability", "education"]) {
      const table = outcomes.locator(`table[data-outcome="${dim}"]`);
      assert.deepEqual(await table.locator("thead th").allTextContents(), ["Group", "Interviewed", "Placed"]);
      assert.equal((await table.locator('tr[data-key="unknown"] td').allTextContents()).join(","), "0,0");
    }
    assert.equal(await page.locator("table th:not([scope])").count(), 0, "every header cell has a scope");
    await assertAccessible(page, "#/organiser/fair/report");
    await page.setViewportSize({ width: 360, height: 640 });
    await noSidewaysScroll(page, "#/organiser/fair/report");
    await assertAccessible(page, "#/organiser/fair/report at 360 px");
    assert.deepEqual(page.problems, []);
    assert.deepEqual(seeker.page.problems, []);
  } finally {
    await context.close();
    await seeker.context.close();
  }
});

test("the people pages are axe-clean in Turkish too", async () => {
  const { context, page } = await openPage(browser, server.url, { lang: "tr", viewport: { width: 360, height: 640 } });
  try {
    await page.goto(`/#/join/${fair.id}`);
    await waitForView(page, fair.title.tr);
    assert.equal((await page.locator("#join-create-account").textContent()).trim(), "Hesap oluştur");
    await assertAccessible(page, "tr #/join as a guest");
    await registerInContext(context, newUser("trprofile"));
    // The app read its user at load time: load it again, signed in.
    await page.goto("/#/me/profile");
    await page.reload();
    await waitForView(page, "Profilim");
    assert.match(await page.locator("#consent-disability-text").textContent(), /İşverenlere asla gösterilmez/);
    await assertAccessible(page, "tr #/me/profile");
    await noSidewaysScroll(page, "tr #/me/profile");
    await page.goto(`/#/join/${fair.id}`);
    await page.locator("#join-register").waitFor();
    await assertAccessible(page, "tr #/join as a jobseeker");
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
