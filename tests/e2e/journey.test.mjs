// The whole issue-4 journey in Chromium, each role in its own browser context, through the UI:
//   1. the organiser creates a fair, publishes it and invites a firm;
//   2. the firm's new employer accepts the invitation (creating the account), fills the booth
//      profile and posts a job;
//   3. a jobseeker follows the fair's registration link, creates an account, registers, uploads
//      CVs with the progress bar and applies to the job from the booth page with the KEYBOARD
//      ONLY (Tab, Shift+Tab, Enter, Space, arrow keys, Escape: no clicks);
//   4. the employer shortlists the jobseeker on the applicants page;
//   5. the jobseeker, who has "My applications" open, sees the change live, without a reload.
// axe-core (serious/critical = failure, one h1) on every page each role visits, and no page or
// console errors in any context.
//
// Times: a published fair takes registrations and applications from the moment it is published
// until it ends, also before it starts (server/people/rules.cpp check_eligibility refuses on the
// clock only once the fair is closed, besides its age and capacity rules, which this fair does not
// set; server/cv/routes.cpp check_open refuses a draft, closed or ended fair). So the fair is put
// three days ahead: it stays "Published" for the whole run, whatever the time of day.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "./server.mjs";
import { launchBrowser, openPage, newUser, waitForView, eventually } from "./browser.mjs";
import { assertAccessible, pdf } from "./checks.mjs";

let server;
let browser;
const sessions = []; // every context opened, closed in after()
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  for (const s of sessions) await s.context.close().catch(() => {});
  await browser?.close();
  await server?.stop();
});

async function session(role, options = {}) {
  const s = await openPage(browser, server.url, { lang: "en", ...options });
  s.role = role;
  s.visited = [];
  sessions.push(s);
  return s;
}

/** axe-core on the page as it is now: no serious or critical violation, exactly one h1. */
async function assertStepAccessible(s, label) {
  await assertAccessible(s.page, `${s.role} ${label}`);
  s.visited.push(label);
}

function assertNoProblems(s) {
  assert.deepEqual(s.page.problems, [], `${s.role}: page or console errors`);
}

/** What has the keyboard focus: tag, id, accessible-ish name. */
function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { tag: "body", name: "", id: "" };
    const name = (el.getAttribute("aria-label") || el.textContent || "").replace(/\s+/g, " ").trim();
    return { tag: el.tagName.toLowerCase(), name, id: el.id, inDialog: Boolean(el.closest("dialog[open]")) };
  });
}

/** Presses `key` until the focused element matches, at most `max` times; returns the count. */
async function pressUntil(page, key, matches, what, max = 80) {
  const seen = [];
  for (let i = 1; i <= max; i += 1) {
    await page.keyboard.press(key);
    const f = await focused(page);
    if (matches(f)) return i;
    seen.push(`${f.tag}${f.id ? `#${f.id}` : ""} "${f.name.slice(0, 40)}"`);
  }
  throw new Error(`${what}: not reached after ${max} × ${key}; focus went through:\n  ${seen.join("\n  ")}`);
}

// Shared between the steps.
const state = {};
let broken = null;
async function step(t, name, fn) {
  await t.test(name, async (st) => {
    if (broken) return st.skip(`an earlier step failed (${broken})`);
    try {
      await fn();
    } catch (err) {
      broken = name;
      throw err;
    }
  });
}

/** "YYYY-MM-DD" `days` from now (UTC date; the fair's zone is at most a day off, which is fine). */
function dayFromNow(days) {
  return new Date(Date.now() + days * 86400_000).toISOString().slice(0, 10);
}

test("a fair end to end: fair → invitation → booth and job → registration, CV, keyboard apply → shortlist seen live", async (t) => {
  const started = Date.now();
  const fairTitle = "Journey Youth Fair";
  const firmName = "Journey Tekstil";
  const boothName = "Journey Tekstil A.Ş.";
  const jobTitle = "Junior textile technician";
  const note = "I can start in January and work shifts.";

  // ---- 1. The organiser -------------------------------------------------------------------------
  await step(t, "1. the organiser creates and publishes a fair and invites a firm", async () => {
    const org = (state.org = await session("organiser", { timezoneId: "Europe/Istanbul" }));
    const { page } = org;
    const account = await server.demoAccount("organiser");

    await page.goto("/#/login?next=%2Forganiser");
    await waitForView(page, "Log in");
    await assertStepAccessible(org, "#/login");
    await page.getByLabel("Email").fill(account.email);
    await page.getByLabel("Password").fill(account.password);
    await page.getByRole("button", { name: "Log in", exact: true }).click();
    await waitForView(page, "My fairs");
    await assertStepAccessible(org, "#/organiser");

    await page.click("#fa-new-fair");
    await waitForView(page, "New fair");
    const day = dayFromNow(3);
    await page.getByLabel("Title (English)").fill(fairTitle);
    await page.getByLabel("Title (Turkish)").fill("Yolculuk Gençlik Fuarı");
    await page.getByLabel("Youth (15–24)").check();
    await page.getByLabel("Time zone").selectOption("Europe/Istanbul");
    await page.getByLabel("Starts").fill(`${day}T10:00`);
    await page.getByLabel("Ends").fill(`${day}T17:00`);
    await eventually(async () => assert.match(await page.locator("#fa-time-preview").textContent(), /10:00\sAM/));
    await assertStepAccessible(org, "#/organiser/fair/new");
    await page.click("#fa-save");
    await waitForView(page, `Manage fair: ${fairTitle}`);
    state.fairId = Number(page.url().match(/fair\/(\d+)/)[1]);
    assert.match(await page.locator("#fa-status-current").textContent(), /Draft/);
    await assertStepAccessible(org, "#/organiser/fair/{id} (draft)");

    await page.click("#fa-publish");
    await page.locator("#fa-confirm-yes").waitFor();
    await assertStepAccessible(org, "#/organiser/fair/{id} (confirm publish)");
    await page.click("#fa-confirm-yes");
    await eventually(async () => assert.match(await page.locator("#fa-status-current").textContent(), /Published/));

    state.joinLink = await eventually(async () => {
      const v = await page.locator("#fa-reg-link").inputValue();
      assert.match(v, new RegExp(`/#/join/${state.fairId}$`));
      return v;
    });

    await page.getByLabel("Firm name").fill(firmName);
    await page.getByLabel("Contact email").fill("hr@journey-tekstil.example");
    await page.click("#fa-invite-send");
    state.inviteLink = await eventually(async () => {
      const v = await page.locator("#fa-invite-link").inputValue();
      assert.match(v, /#\/invite\/[A-Za-z0-9_-]{20,}$/);
      return v;
    });
    await eventually(async () => assert.match(await page.locator("#fa-invitations").textContent(), new RegExp(`${firmName}.*Pending`, "s")));
    await assertStepAccessible(org, "#/organiser/fair/{id} (published, invitation sent)");

    // The public side agrees: published, in the future, open for registration.
    const pub = await (await fetch(`${server.url}/api/fairs/${state.fairId}`)).json();
    assert.equal(pub.fair.status, "published");
    assert.ok(pub.fair.starts_at > Date.now() / 1000, "the fair starts in the future");
    assertNoProblems(org);
  });

  // ---- 2. The employer -------------------------------------------------------------------------
  await step(t, "2. a new employer accepts the invitation, fills the booth profile and posts a job", async () => {
    const emp = (state.emp = await session("employer"));
    const { page } = emp;
    const user = (state.employer = newUser("employer"));

    await page.goto(state.inviteLink.slice(state.inviteLink.indexOf("/#/")));
    await waitForView(page, "Invitation");
    assert.match(await page.locator("#fa-invite-what").textContent(), new RegExp(`${firmName}.*${fairTitle}`));
    await assertStepAccessible(emp, "#/invite/{token}");
    await page.getByLabel("Your name").fill(user.name);
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.click("#fa-invite-submit");
    await page.locator("#fa-invite-next").waitFor();
    await assertStepAccessible(emp, "#/invite/{token} (accepted)");
    await page.click("#fa-invite-next");
    await waitForView(page, "My booths");
    await assertStepAccessible(emp, "#/employer");

    const card = page.locator("li.card", { hasText: firmName });
    state.boothId = Number(await card.getAttribute("data-booth-id"));
    assert.ok(state.boothId > 0, "the invitation created a booth");
    await card.getByRole("link", { name: `Edit ${firmName}` }).click();
    await waitForView(page, `Edit booth: ${firmName}`);
    await assertStepAccessible(emp, "#/employer/booth/{id}");

    await page.locator("#booth-name").fill(boothName);
    await page.getByLabel("Sector").fill("Textiles");
    await page.getByLabel("City", { exact: true }).fill("Bursa");
    await page.getByLabel("Website").fill("https://journey-tekstil.example");
    await page.getByLabel("Description", { exact: true }).fill("We make technical textiles.\nBarrier-free workplace.");
    await page.getByRole("button", { name: "Save profile" }).click();
    await page.getByText("The booth profile was saved.").waitFor();
    await waitForView(page, `Edit booth: ${boothName}`);

    await page.click("#job-add");
    await page.locator("#job-title").fill(jobTitle);
    await page.getByLabel("Occupation").selectOption("garment-worker");
    await page.getByLabel("Location").fill("Bursa");
    await page.getByLabel("Openings").fill("3");
    await page.getByLabel("Candidates with disabilities").selectOption("suitable");
    await page.getByLabel("Job description").fill("Machine set-up and quality checks. Training given.");
    await assertStepAccessible(emp, "#/employer/booth/{id} (job form)");
    await page.getByRole("button", { name: "Save job" }).click();
    await page.getByText("The job was added.").waitFor();
    const row = page.locator("#booth-jobs li", { hasText: jobTitle });
    state.jobId = Number(await row.getAttribute("data-job-id"));
    assert.ok(state.jobId > 0);
    await assertStepAccessible(emp, "#/employer/booth/{id} (job added)");

    const { booth } = await (await emp.context.request.get(`/api/booths/${state.boothId}`)).json();
    assert.equal(booth.name, boothName);
    assert.equal(booth.city, "Bursa");
    assertNoProblems(emp);
  });

  // ---- 3. The jobseeker ------------------------------------------------------------------------
  await step(t, "3. a jobseeker registers through the link, uploads a CV and applies by keyboard only", async () => {
    const js = (state.js = await session("jobseeker"));
    const { page } = js;
    const user = (state.jobseeker = newUser("seeker"));

    // The registration link, as a guest → create an account → back → register.
    await page.goto(state.joinLink.slice(state.joinLink.indexOf("/#/")));
    await waitForView(page, fairTitle);
    await assertStepAccessible(js, "#/join/{id} (guest)");
    await page.locator("#join-create-account").click();
    await waitForView(page, "Create an account");
    await assertStepAccessible(js, "#/register?next=/join/{id}");
    await page.getByLabel("Full name").fill(user.name);
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Create account" }).click();
    await waitForView(page, fairTitle);
    await page.locator("#join-register").waitFor();
    await assertStepAccessible(js, "#/join/{id} (jobseeker)");
    await page.locator("#join-register").click();
    await eventually(async () => assert.equal((await page.locator("#join-status").textContent()).trim(), "You are registered. See you at the fair!"));
    await page.locator("#join-registered").waitFor();
    await assertStepAccessible(js, "#/join/{id} (registered)");

    // CVs, with the progress bar. Two, so the keyboard has a choice to make in the dialog.
    await page.goto("/#/me/cvs");
    await waitForView(page, "My CVs");
    await assertStepAccessible(js, "#/me/cvs (empty)");
    const progress = page.getByLabel("Upload progress");
    for (const [name, text] of [
      ["Old CV.pdf", "Old CV 2019"],
      ["Journey CV.pdf", "Textile technician CV MIG welding"],
    ]) {
      await page.getByLabel("CV file (PDF)").setInputFiles({ name, mimeType: "application/pdf", buffer: pdf(text) });
      await page.getByRole("button", { name: "Upload", exact: true }).click();
      await eventually(async () => assert.equal(await progress.getAttribute("aria-valuetext"), "100% uploaded"));
      await page.getByRole("rowheader", { name }).waitFor();
    }
    await eventually(async () => assert.equal(await page.locator("[data-cv-text]", { hasText: "Ready" }).count(), 2), { timeoutMs: 20000 });
    await assertStepAccessible(js, "#/me/cvs (two CVs)");

    // The booth page. From here on: keyboard only.
    await page.goto(`/#/booth/${state.boothId}`);
    await waitForView(page, boothName);
    await assertStepAccessible(js, "#/booth/{id}");
    await pressUntil(page, "Tab", (f) => f.tag === "a" && f.name === jobTitle, "the job link on the booth page");
    await page.keyboard.press("Enter");
    await waitForView(page, jobTitle);
    await assertStepAccessible(js, "#/job/{id}");

    const applyName = `Apply for ${jobTitle}`;
    await pressUntil(page, "Tab", (f) => f.tag === "button" && f.name === applyName, "the apply button");
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: `Apply: ${jobTitle}` });
    await dialog.waitFor();
    // Escape closes it and gives focus back to the button; Space opens it again.
    await eventually(async () => assert.equal((await focused(page)).tag, "select"));
    await page.keyboard.press("Escape");
    await eventually(async () => assert.equal(await dialog.count(), 0));
    assert.deepEqual(await focused(page).then((f) => [f.tag, f.name]), ["button", applyName], "focus is back on the apply button");
    await page.keyboard.press("Space");
    await dialog.waitFor();
    await eventually(async () => assert.ok((await focused(page)).id.startsWith("cv-pick"), "focus starts on the CV picker"));
    assert.ok(await dialog.getByText(`Applying shares this CV with ${boothName} only.`).isVisible());
    await assertStepAccessible(js, "#/job/{id} (apply dialog)");

    // "CV to send": move off the preselected CV with the arrow keys.
    const picker = dialog.getByLabel("CV to send");
    const options = await picker.locator("option").allTextContents();
    assert.equal(options.length, 2);
    const first = await picker.evaluate((s) => s.selectedOptions[0].textContent);
    await page.keyboard.press(options.indexOf(first) === 0 ? "ArrowDown" : "ArrowUp");
    state.sentCv = await picker.evaluate((s) => s.selectedOptions[0].textContent);
    assert.notEqual(state.sentCv, first, "an arrow key changed the chosen CV");

    await page.keyboard.press("Tab");
    assert.equal((await focused(page)).tag, "textarea");
    await page.keyboard.type(note);
    await page.keyboard.press("Tab");
    assert.deepEqual(await focused(page).then((f) => [f.tag, f.name, f.inDialog]), ["button", "Send application", true]);
    await page.keyboard.press("Shift+Tab");
    assert.equal((await focused(page)).tag, "textarea", "Shift+Tab goes back to the note");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    // The notice under the button (app.announce() repeats it in the sr-only announcer 50 ms later,
    // so a page-wide getByText would find two).
    await page.locator(".cv-apply p.notice", { hasText: `Your application was sent. Your CV is shared with ${boothName} only.` }).waitFor();
    assert.equal(await dialog.count(), 0);
    assert.deepEqual(await focused(page).then((f) => [f.tag, f.name]), ["button", applyName], "focus returns to the apply button");
    await assertStepAccessible(js, "#/job/{id} (applied)");

    // My applications stays open from here on.
    await page.goto("/#/me/applications");
    await waitForView(page, "My applications");
    const row = page.locator("tr[data-application]", { hasText: jobTitle });
    await row.waitFor();
    assert.equal(await row.locator("[data-status]").getAttribute("data-status"), "received");
    await assertStepAccessible(js, "#/me/applications");
    // Wait until the page's live subscription to the user's own topic is in place (its `ready`
    // promise is shared by every subscriber of the topic), so the change cannot slip past it.
    await page.evaluate(async () => {
      const { topic } = await import("/js/protocol.js");
      const sub = window.fuar.client.subscribe(topic.user(window.fuar.app.user.id), {});
      await sub.ready;
      sub.unsubscribe();
    });
    // A marker that only survives if the document is never reloaded, and a count of loads.
    await page.evaluate(() => (window.__journeyMarker = "no reload"));
    js.loads = 0;
    page.on("load", () => (js.loads += 1));
    assertNoProblems(js);
  });

  // ---- 4. The employer shortlists ------------------------------------------------------------------
  await step(t, "4. the employer shortlists the jobseeker on the applicants page", async () => {
    const emp = state.emp;
    const { page } = emp;
    const name = state.jobseeker.name;
    await page.goto("/#/employer");
    await waitForView(page, "My booths");
    await assertStepAccessible(emp, "#/employer (again)");
    await page.getByRole("link", { name: `Applicants of ${boothName}` }).click();
    await waitForView(page, `Applicants: ${boothName}`);
    const card = page.locator("article[data-application]", { has: page.getByRole("heading", { name, exact: true }) });
    await card.waitFor();
    assert.match(await card.textContent(), new RegExp(jobTitle));
    assert.match(await card.textContent(), new RegExp(note));
    // The CV the keyboard picked is the one shared.
    assert.equal(await card.locator("a[download]").getAttribute("download"), state.sentCv);
    await assertStepAccessible(emp, "#/employer/booth/{id}/applicants");

    await page.getByLabel(`Status of ${name}`).selectOption("shortlisted");
    await page.getByLabel(`Message to ${name}`).fill("We will call you on Monday.");
    await page.getByRole("button", { name: `Save ${name}` }).click();
    const fresh = page.locator("article[data-application]", { has: page.getByRole("heading", { name, exact: true }) });
    await fresh.getByText("Saved.").waitFor();
    assert.equal(await fresh.getByLabel(`Status of ${name}`).inputValue(), "shortlisted");
    await assertStepAccessible(emp, "#/employer/booth/{id}/applicants (saved)");
    assertNoProblems(emp);
  });

  // ---- 5. The jobseeker sees it live -------------------------------------------------------------
  await step(t, "5. the jobseeker sees the status change without reloading", async () => {
    const js = state.js;
    const { page } = js;
    const row = page.locator("tr[data-application]", { hasText: jobTitle });
    await row.locator("[data-status='shortlisted']").waitFor();
    assert.equal(await page.evaluate(() => window.__journeyMarker), "no reload", "the page was not reloaded");
    assert.equal(js.loads, 0, "no load event since My applications opened");
    assert.match(page.url(), /#\/me\/applications$/);
    assert.equal((await row.locator("[data-status]").textContent()).trim(), "Shortlisted");
    assert.ok(await row.getByText("We will call you on Monday.").isVisible());
    // The change is announced in the page's status region.
    assert.equal((await page.locator(".cv-page > [role=status]").textContent()).trim(), `The application to ${boothName} is now: Shortlisted.`);
    await assertStepAccessible(js, "#/me/applications (shortlisted, live)");
    assertNoProblems(js);
  });

  // ---- 6. Every role, every page ------------------------------------------------------------------
  await step(t, "6. axe-clean pages and no errors for every role", async () => {
    for (const s of [state.org, state.emp, state.js]) {
      assertNoProblems(s);
      assert.ok(s.visited.length >= 4, `${s.role}: pages checked: ${s.visited.join(", ")}`);
      t.diagnostic(`${s.role}: axe-clean on ${s.visited.length} page states: ${s.visited.join(" | ")}`);
    }
    t.diagnostic(`journey took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
});
