// The booths pages in Chromium: the fair hall (search, filters, Turkish and English), the job
// page, and the employer's booth editor (profile with field errors, logo upload, jobs). axe-core
// on each, and no horizontal scrolling at 360 px.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "./server.mjs";
import { launchBrowser, openPage, newUser, registerInContext, loginInContext, waitForView, eventually } from "./browser.mjs";
import { assertAccessible, assertNoSidewaysScroll } from "./checks.mjs";

let server;
let browser;
let fair;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const { fairs } = await (await fetch(`${server.url}/api/fairs`)).json();
  fair = fairs.find((f) => f.demo) ?? fairs[0];
  assert.ok(fair, "the server has a fair");
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const T = {
  en: { hall: "Booths and jobs", q: "Search booths and jobs", search: "Search", disability: "Disability-friendly jobs only", count: /booths?, \d+ jobs found/ },
  tr: { hall: "Standlar ve ilanlar", q: "Stand ve ilan ara", search: "Ara", disability: "Yalnızca engelli dostu işler", count: /stand, \d+ ilan bulundu/ },
};

for (const lang of ["en", "tr"]) {
  test(`hall: sectors, search and filters, job page; accessible (${lang})`, async () => {
    const { context, page } = await openPage(browser, server.url, { lang, viewport: { width: 360, height: 740 } });
    try {
      await registerInContext(context, newUser(`hall${lang}`));
      const s = T[lang];
      await page.goto(`/#/fair/${fair.id}/hall`);
      await waitForView(page, s.hall);
      assert.equal(await page.locator(".hall-sector").count(), 4);
      await assertAccessible(page, `${lang} hall`);
      await assertNoSidewaysScroll(page, `${lang} hall`);

      // Search: the last word is a prefix, and the URL keeps the query.
      await page.getByLabel(s.q).fill("kaynak");
      await page.getByRole("button", { name: s.search, exact: true }).click();
      await eventually(async () => assert.equal(await page.locator(".bo-card").count(), 1));
      assert.match(await page.locator("#hall-count").innerText(), s.count);
      assert.ok(page.url().includes("q=kaynak"));
      assert.equal(await page.locator(".bo-card .booth-link").innerText(), "Demo Lojistik");

      // A filter applies at once; clearing brings everything back.
      await page.getByLabel(s.q).fill("");
      await page.getByRole("button", { name: s.search, exact: true }).click();
      await eventually(async () => assert.equal(await page.locator(".bo-card").count(), 4));
      await page.getByLabel(s.disability).check();
      await eventually(async () => assert.equal(await page.locator(".bo-card").count(), 4));
      await eventually(async () => assert.equal(await page.locator(".bo-job-links li").count(), 4));
      await assertAccessible(page, `${lang} hall filtered`);

      // Keyboard: the job link is reachable and opens the job page.
      const job = page.getByRole("link", { name: "Fizyoterapist" });
      await job.focus();
      await page.keyboard.press("Enter");
      await waitForView(page, "Fizyoterapist");
      await assertAccessible(page, `${lang} job`);
      await assertNoSidewaysScroll(page, `${lang} job`);
      assert.deepEqual(page.problems, []);
    } finally {
      await context.close();
    }
  });
}

test("employer: booth profile with field errors, logo upload, jobs; accessible", async () => {
  const { context, page } = await openPage(browser, server.url, { lang: "en" });
  try {
    const account = await server.demoAccount("employer");
    await loginInContext(context, account);
    await page.goto("/#/employer");
    await waitForView(page, "My booths");
    await assertAccessible(page, "my booths");
    await page.getByRole("link", { name: /^Edit / }).first().click();
    await waitForView(page, /^Edit booth: /);
    await assertAccessible(page, "booth editor");

    // A field error appears next to the field and is announced through aria-describedby.
    const website = page.getByLabel("Website");
    await website.fill("ftp://files.example.org");
    await page.getByRole("button", { name: "Save profile" }).click();
    await eventually(async () => assert.equal(await website.getAttribute("aria-invalid"), "true"));
    const describedBy = await website.getAttribute("aria-describedby");
    assert.match(await page.locator(`#${describedBy.split(" ").pop()}`).innerText(), /https:\/\//);
    await assertAccessible(page, "booth editor with an error");
    await website.fill("https://www.example.org");
    await page.getByLabel("Description", { exact: true }).fill("We make textiles.\nBarrier-free workplace.");
    await page.getByRole("button", { name: "Save profile" }).click();
    await page.getByText("The booth profile was saved.").waitFor();

    // Logo: a text file is refused by content; a PNG is stored and shown.
    const logo = page.getByLabel("Logo image");
    await logo.setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: Buffer.from("not really a picture") });
    await page.getByRole("button", { name: "Upload logo" }).click();
    await page.getByText("This file is not a PNG, JPEG or WebP image.").waitFor();
    const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");
    await logo.setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: png });
    await page.getByRole("img", { name: "Preview of the chosen image" }).waitFor();
    await page.getByRole("button", { name: "Upload logo" }).click();
    await page.getByText("The logo was uploaded.").waitFor();
    await page.getByRole("img", { name: /^Current logo of / }).waitFor();

    // Jobs: add one, then close it.
    await page.getByRole("button", { name: "Add a job" }).click();
    await page.getByLabel("Job title").fill("Ütü ustası");
    await page.getByLabel("Occupation").selectOption("garment-worker");
    await page.getByLabel("Candidates with disabilities").selectOption("suitable");
    await page.getByLabel("Openings").fill("2");
    await assertAccessible(page, "job form");
    await page.getByRole("button", { name: "Save job" }).click();
    await page.getByText("The job was added.").waitFor();
    const row = page.locator("#booth-jobs li", { hasText: "Ütü ustası" });
    await row.getByRole("button", { name: "Close Ütü ustası" }).click();
    await page.getByText("The job was closed.").waitFor();
    await row.getByText("Closed").waitFor();
    await assertAccessible(page, "booth editor after edits");

    // The public profile section the booth page embeds (views/booths/profile.js).
    await page.evaluate(async (id) => {
      const { boothProfileSection } = await import("/js/views/booths/profile.js");
      const { booths } = await (await fetch("/api/me/booths")).json();
      const mine = booths.find((x) => x.booth.id === id);
      const { jobs } = await (await fetch(`/api/booths/${id}/jobs`)).json();
      document.querySelector("main .view").append(boothProfileSection(mine.booth, jobs, mine.fair));
    }, account.booth);
    const section = page.locator(".bo-profile");
    await section.getByRole("link", { name: "https://www.example.org" }).waitFor();
    await section.getByText("Booth hours").waitFor();
    assert.equal(await section.getByRole("link", { name: "Ütü ustası" }).count(), 0, "a closed job is not listed");
    assert.ok((await section.locator("a[href^='#/job/']").count()) >= 3);
    await assertAccessible(page, "booth profile section");

    const me = await (await context.request.get("/api/me/booths")).json();
    const b = me.booths.find((x) => x.booth.id === account.booth).booth;
    assert.equal(b.website, "https://www.example.org");
    assert.ok(b.logo_url);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test("the logo preview and the pages work under the page's real CSP", async () => {
  // openPage() bypasses the CSP so axe can be injected; this context keeps it.
  const context = await browser.newContext({ baseURL: server.url, locale: "en-US" });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (msg) => {
    if (msg.type() === "error" && !msg.text().startsWith("Failed to load resource")) problems.push(msg.text());
  });
  try {
    await loginInContext(context, await server.demoAccount("employer"));
    await page.goto("/#/employer");
    await waitForView(page, "My booths");
    await page.getByRole("link", { name: /^Edit / }).first().click();
    await waitForView(page, /^Edit booth: /);
    const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");
    await page.getByLabel("Logo image").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: png });
    const preview = page.getByRole("img", { name: "Preview of the chosen image" });
    await eventually(async () => assert.ok(await preview.evaluate((img) => img.complete && img.naturalWidth > 0)));
    // The stylesheet of this capability is applied (linked by common.js).
    assert.equal(await page.locator('link[data-booths-css]').count(), 1);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
