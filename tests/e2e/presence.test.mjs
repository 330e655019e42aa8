// Presence in Chromium: the booth page's "Who is here" (visitors, recruiters online and their
// availability) and the fair hall's per-booth counts update live as a second browser enters and
// leaves; the recruiter's live page lists a visitor who shares their profile and sets
// "away"; axe-core on every page; 360 px wide without sideways scrolling.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "./server.mjs";
import { launchBrowser, openPage, newUser, registerInContext, loginInContext, waitForView, eventually } from "./browser.mjs";
import { assertAccessible, assertNoSidewaysScroll } from "./checks.mjs";

let server;
let browser;
before(async () => {
  // A short hall interval keeps the test quick; the throttle itself is tested in C++.
  server = await startServer({ env: { FUAR_PRESENCE_HALL_PUSH_INTERVAL_MS: "500" } });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The numbers of the booth page's "Who is here" counts line. */
async function boothCounts(page) {
  const el = page.locator(".pr-booth .pr-counts");
  return { visitors: await el.getAttribute("data-visitors"), recruiters: await el.getAttribute("data-recruiters") };
}

/** The numbers on the hall card of booth `id`. */
async function hallCounts(page, id) {
  const el = page.locator(`li.bo-card[data-booth-id="${id}"] .pr-hall-counts`);
  if (!(await el.count())) return null;
  return { visitors: await el.getAttribute("data-visitors"), recruiters: await el.getAttribute("data-recruiters"), text: await el.textContent() };
}

test("booth page and hall update live as people come and go; the recruiter sees sharing visitors and sets away", async () => {
  const employer = await server.demoAccount("employer");
  const boothId = Number(employer.booth);
  const { booth } = await (await fetch(`${server.url}/api/booths/${boothId}`)).json();
  const fairId = booth.fair_id;

  const a = await openPage(browser, server.url, { lang: "en" });
  const b = await openPage(browser, server.url, { lang: "en" });
  const r = await openPage(browser, server.url, { lang: "en" });
  try {
    await registerInContext(a.context, newUser("visitor-a"));
    const bUser = newUser("visitor-b");
    await registerInContext(b.context, bUser);
    // B shares their profile with booths; A does not.
    const put = await b.context.request.put("/api/me/profile", {
      headers: { "X-Fuar-CSRF": "1" },
      data: { city: "İzmir", education_level: "secondary", occupations: ["waiter"], share_with_booths: true },
    });
    assert.equal(put.status(), 200, await put.text());
    const recruiter = await loginInContext(r.context, employer);

    // A on the booth page: A is the only visitor, no recruiter online.
    await a.page.goto(`/#/booth/${boothId}`);
    await waitForView(a.page, booth.name);
    await eventually(async () => assert.deepEqual(await boothCounts(a.page), { visitors: "1", recruiters: "0" }));
    assert.match(await a.page.locator(".pr-booth .pr-counts").textContent(), /1 visitor, 0 recruiters online/);
    await a.page.getByText("No recruiter of this booth is online right now.").waitFor();
    await assertAccessible(a.page, "#/booth (presence, alone)");

    // The recruiter opens the live page: A sees them online, available.
    await r.page.goto(`/#/employer/booth/${boothId}/live`);
    await waitForView(r.page, `Live at ${booth.name}`);
    await eventually(async () => assert.deepEqual(await boothCounts(a.page), { visitors: "1", recruiters: "1" }));
    const row = a.page.locator(`.pr-recruiter[data-user-id="${recruiter.id}"]`);
    await row.waitFor();
    assert.match(await row.textContent(), new RegExp(`${recruiter.name}.*Available`));
    // The recruiter sees A as a visitor who does not share.
    await r.page.getByText("1 other visitor does not share their profile.").waitFor();
    await r.page.getByText("No visitor who shares their profile is at the booth right now.").waitFor();
    await assertAccessible(r.page, "#/employer/booth/live");

    // B walks in: A's count goes to 2 without a reload; the recruiter sees B's card (name, city,
    // education, occupation) and still one other.
    await b.page.goto(`/#/booth/${boothId}`);
    await waitForView(b.page, booth.name);
    await eventually(async () => assert.equal((await boothCounts(a.page)).visitors, "2"));
    const card = r.page.locator(".pr-card", { hasText: bUser.name });
    await card.waitFor();
    const cardText = await card.textContent();
    assert.match(cardText, /İzmir/);
    assert.match(cardText, /High school/);
    assert.match(cardText, /Waiter/);
    await r.page.getByText("1 other visitor does not share their profile.").waitFor();

    // The recruiter goes away, by keyboard: A sees "Away" pushed.
    await r.page.getByLabel("Away for now").focus();
    await r.page.keyboard.press("Space");
    await r.page.getByText("Saved: visitors now see you as “Away”.").waitFor();
    await eventually(async () => assert.match(await row.textContent(), /Away/));
    await assertAccessible(a.page, "#/booth (presence, with a recruiter)");

    // A goes to the hall; B leaves and comes back: the hall card follows.
    await a.page.goto(`/#/fair/${fairId}/hall`);
    await a.page.locator("main:not([aria-busy]) h1").waitFor();
    await eventually(async () => {
      const c = await hallCounts(a.page, boothId);
      assert.deepEqual(c && { visitors: c.visitors, recruiters: c.recruiters }, { visitors: "1", recruiters: "1" });
      assert.match(c.text, /1 visitor · 1 recruiter online/);
    });
    await assertAccessible(a.page, "#/fair/hall (live counts)");
    await b.page.goto("/#/");
    await eventually(async () => assert.equal((await hallCounts(a.page, boothId))?.visitors, "0"));
    await r.page.getByText("No visitor who shares their profile is at the booth right now.").waitFor();
    await b.page.goto(`/#/booth/${boothId}`);
    await eventually(async () => assert.equal((await hallCounts(a.page, boothId))?.visitors, "1"));
    // The recruiter closes the page: offline everywhere.
    await r.page.goto("/#/employer");
    await eventually(async () => assert.equal((await hallCounts(a.page, boothId))?.recruiters, "0"));
    await eventually(async () => assert.deepEqual(await boothCounts(b.page), { visitors: "1", recruiters: "0" }));

    for (const p of [a.page, b.page, r.page]) assert.deepEqual(p.problems, []);
  } finally {
    await a.context.close();
    await b.context.close();
    await r.context.close();
  }
});

test("presence pages in Turkish at 360 px: no sideways scrolling, accessible", async () => {
  const employer = await server.demoAccount("employer");
  const boothId = Number(employer.booth);
  const { booth } = await (await fetch(`${server.url}/api/booths/${boothId}`)).json();
  const phone = { width: 360, height: 640 };
  const v = await openPage(browser, server.url, { lang: "tr", viewport: phone });
  const r = await openPage(browser, server.url, { lang: "tr", viewport: phone });
  try {
    await registerInContext(v.context, newUser("phone"));
    await loginInContext(r.context, employer);
    await r.page.goto(`/#/employer/booth/${boothId}/live`);
    await waitForView(r.page, booth.name);
    await v.page.goto(`/#/booth/${boothId}`);
    await waitForView(v.page, booth.name);
    await eventually(async () => assert.deepEqual(await boothCounts(v.page), { visitors: "1", recruiters: "1" }));
    assert.match(await v.page.locator(".pr-booth .pr-counts").textContent(), /1 ziyaretçi, 1 işe alım uzmanı çevrimiçi/);
    await r.page.getByText("Profilini paylaşmayan 1 ziyaretçi daha var.").waitFor();
    await assertNoSidewaysScroll(v.page, "#/booth");
    await assertNoSidewaysScroll(r.page, "#/employer/booth/live");
    await assertAccessible(v.page, "#/booth (tr, 360 px)");
    await assertAccessible(r.page, "#/employer/booth/live (tr, 360 px)");
    await v.page.goto(`/#/fair/${booth.fair_id}/hall`);
    await v.page.locator("main:not([aria-busy]) h1").waitFor();
    await eventually(async () => assert.ok(await hallCounts(v.page, boothId)));
    await assertNoSidewaysScroll(v.page, "#/fair/hall");
    for (const p of [v.page, r.page]) assert.deepEqual(p.problems, []);
  } finally {
    await v.context.close();
    await r.context.close();
  }
});
