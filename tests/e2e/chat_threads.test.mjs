// Private booth threads and chat moderation in Chromium: a jobseeker and a recruiter exchange
// private messages live in two browsers (typing indicator, read mark); a public message is
// reported, and the fair's organiser deletes it and bans its author from the moderation page
// (the author's page removes the message live and shows the ban with its reason). axe-core on
// every chat page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "./server.mjs";
import { launchBrowser, openPage, newUser, registerInContext, loginInContext, axeViolations, waitForView, eventually } from "./browser.mjs";
import { assertAccessible } from "./checks.mjs";

let server;
let browser;
let employer;
let organiser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  employer = await server.demoAccount("employer");
  organiser = await server.demoAccount("organiser");
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** axe-core on one part of a page (pages that also hold other capabilities' sections). */
async function assertSectionAccessible(page, selector, label) {
  await axeViolations(page); // loads axe-core into the page
  const bad = await page.evaluate(async (sel) => {
    const result = await window.axe.run(document.querySelector(sel), { resultTypes: ["violations"] });
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(" ")) }));
  }, selector);
  assert.deepEqual(bad, [], `${label}: axe found serious/critical violations:\n${JSON.stringify(bad, null, 2)}`);
}

async function online(page) {
  await page.locator("#conn-status", { hasText: "Online" }).waitFor();
}

test("a jobseeker and a recruiter talk in a private thread, live, with typing and read marks", async () => {
  const boothId = Number(employer.booth);
  const seeker = await openPage(browser, server.url);
  const staff = await openPage(browser, server.url);
  try {
    const user = newUser("thread");
    await registerInContext(seeker.context, user);
    const recruiter = await loginInContext(staff.context, employer);
    if (process.env.DEBUG_WS) for (const [n, pg] of [["seeker", seeker.page], ["staff", staff.page]]) pg.on("websocket", (ws) => { ws.on("framesent", (f) => console.log(n, "SENT", String(f.payload).slice(0, 200))); ws.on("framereceived", (f) => console.log(n, "RECV", String(f.payload).slice(0, 200))); });

    await seeker.page.goto(`/#/booth/${boothId}`);
    await seeker.page.locator("main:not([aria-busy]) h1").waitFor();
    await online(seeker.page);
    const section = seeker.page.locator("section.thread-section");
    await section.getByRole("heading", { name: "Ask the booth privately" }).waitFor();
    await section.getByRole("button", { name: "Start a private conversation" }).click();
    const box = seeker.page.getByLabel("Your private message");
    await box.waitFor();
    assert.ok(await box.evaluate((el) => el === document.activeElement), "focus moves to the message box");
    const question = `Is there a night shift? ${Date.now()}`;
    await box.fill(question);
    await box.press("Enter");
    await eventually(async () => assert.equal(await box.inputValue(), ""));
    await section.locator(".msg-text", { hasText: question }).waitFor();
    await assertSectionAccessible(seeker.page, "section.thread-section", "booth page: the private thread section");
    await assertSectionAccessible(seeker.page, "section.chat:not(.thread)", "booth page: the public chat with report buttons");

    // The staff page lists the conversation with an unread count; opening it shows the message.
    await staff.page.goto(`/#/employer/booth/${boothId}/threads`);
    await waitForView(staff.page, "Private questions");
    await online(staff.page);
    const open = staff.page.getByRole("button", { name: `Conversation with ${user.name}` });
    await open.waitFor();
    await staff.page.locator(".thread-unread", { hasText: "1 unread" }).waitFor();
    await assertAccessible(staff.page, "staff threads page");
    await open.click();
    await staff.page.locator(".thread .msg-text", { hasText: question }).waitFor();
    // Opening it marked it read: the jobseeker sees the read mark live, the count goes.
    await seeker.page.locator(".thread-read", { hasText: "Read by the booth" }).waitFor();
    await eventually(async () => assert.equal(await staff.page.locator(".thread-unread").count(), 0));

    // Typing reaches the jobseeker; the reply arrives live with the recruiter's name.
    const reply = staff.page.getByLabel("Your private message");
    await reply.pressSequentially("Yes, from 22");
    await seeker.page.locator(".thread-typing", { hasText: `${recruiter.name} is typing` }).waitFor();
    const answer = `Yes, from 22:00 to 06:00. ${Date.now()}`;
    await reply.fill(answer);
    await reply.press("Enter");
    const got = seeker.page.locator(".thread li.msg", { hasText: answer });
    await got.waitFor();
    assert.match(await got.locator(".msg-author").textContent(), new RegExp(recruiter.name));
    // The typing note goes once the message is there.
    await eventually(async () => assert.equal((await seeker.page.locator(".thread-typing").textContent()).trim(), ""));
    // And the jobseeker's typing reaches the staff page too.
    await box.pressSequentially("Thanks");
    await staff.page.locator(".thread-typing", { hasText: `${user.name} is typing` }).waitFor();
    await assertAccessible(staff.page, "staff thread open");
  } finally {
    await seeker.context.close();
    await staff.context.close();
  }
});

test("a reported public message is deleted by the organiser, and its author is banned with the reason shown", async () => {
  const boothId = Number(employer.booth);
  const { booth } = await (await fetch(`${server.url}/api/booths/${boothId}`)).json();
  const fairId = booth.fair_id;
  const author = await openPage(browser, server.url);
  const reporter = await openPage(browser, server.url);
  const org = await openPage(browser, server.url);
  try {
    await registerInContext(author.context, newUser("rude"));
    await registerInContext(reporter.context, newUser("witness"));
    await loginInContext(org.context, organiser);
    for (const { page } of [author, reporter]) {
      await page.goto(`/#/booth/${boothId}`);
      await page.locator("main:not([aria-busy]) h1").waitFor();
      await online(page);
    }
    const rude = `You are all useless ${Date.now()}`;
    const input = author.page.getByLabel("Your message");
    await input.fill(rude);
    await input.press("Enter");
    const seen = reporter.page.locator("section.chat li.msg", { hasText: rude });
    await seen.waitFor();

    // Report it, keyboard only. The form is closed until its button opens it.
    const reportButton = seen.getByRole("button", { name: /^Report the message from/ });
    assert.equal(await seen.locator("form.report-form").isVisible(), false, "the report form is hidden until asked for");
    await reportButton.focus();
    await reporter.page.keyboard.press("Enter");
    const reason = seen.getByLabel("Why are you reporting this message?");
    await reason.waitFor();
    assert.ok(await reason.evaluate((el) => el === document.activeElement));
    await reporter.page.keyboard.type("Insults");
    await reporter.page.keyboard.press("Enter");
    await seen.locator(".report-note", { hasText: "Thank you" }).waitFor();

    // The organiser's moderation page, from the fair lobby.
    await org.page.goto(`/#/fair/${fairId}`);
    await org.page.getByRole("link", { name: "Chat moderation" }).click();
    await waitForView(org.page, "Chat moderation");
    const item = org.page.locator(".mod-report", { hasText: rude });
    await item.waitFor();
    await item.getByText("Reported by").waitFor();
    await assertAccessible(org.page, "moderation page");
    org.page.on("dialog", (d) => d.accept());
    await item.getByRole("button", { name: "Delete message" }).click();
    await org.page.locator(".notice", { hasText: "The message was deleted." }).waitFor();
    // Gone from both booth pages, live.
    for (const { page } of [author, reporter])
      await eventually(async () => assert.equal(await page.locator("section.chat li.msg", { hasText: rude }).count(), 0));

    // Ban the author from the fair: their page says so, with the reason.
    await org.page.getByLabel("Show").selectOption("");
    const again = org.page.locator(".mod-report", { hasText: rude });
    await again.waitFor();
    await again.getByLabel("Reason shown to the user").fill("Insulting other visitors");
    await again.getByRole("button", { name: /^Ban / }).click();
    await org.page.locator(".notice", { hasText: "is banned from this fair" }).waitFor();
    const banner = author.page.locator(".ban-banner[role=alert]");
    await banner.waitFor();
    assert.match(await banner.textContent(), /Blocked by the organiser: banned from fair \d+: Insulting other visitors/);
    await org.page.locator(".mod-log li", { hasText: "banned" }).waitFor();
    await assertAccessible(org.page, "moderation page after the ban");
  } finally {
    await author.context.close();
    await reporter.context.close();
    await org.context.close();
  }
});
