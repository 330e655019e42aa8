// Queues in Chromium: a jobseeker lines up at a booth with the keyboard only (join, leave, join
// again), the recruiter calls them from the queue console, the call dialog takes the focus and
// counts down, the jobseeker accepts by keyboard, and both are sent to the same interview room
// (#/room/{id}), where the peer connection reaches "connected" with video frames decoded on both
// sides (Chromium's fake camera and microphone). axe-core on every queue page and the dialog.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "./server.mjs";
import { launchBrowser, openPage, newUser, registerInContext, loginInContext, waitForView, eventually } from "./browser.mjs";
import { assertAccessible, tabTo } from "./checks.mjs";

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser({ fakeMedia: true });
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Waits until `page`'s connection to `userId` is connected and decodes video frames. */
async function assertMedia(page, userId, label) {
  const tile = page.locator(`.room-tile[data-user-id="${userId}"]`);
  await eventually(async () => assert.equal(await tile.getAttribute("data-connection-state"), "connected", `${label}: connection state`), { timeoutMs: 30000, intervalMs: 250 });
  const frames = async () => (await page.evaluate((id) => window.fuar.room.stats(id), userId))?.framesDecoded ?? 0;
  await eventually(async () => assert.ok((await frames()) > 0, `${label}: video frames decoded`), { timeoutMs: 20000, intervalMs: 250 });
}

test("a jobseeker queues by keyboard, the recruiter calls, the jobseeker accepts and both meet in the room with video", async () => {
  const recruiter = server.accounts.find((a) => a.role === "employer");
  const boothId = Number(recruiter.booth);
  const { booth } = await (await fetch(`${server.url}/api/booths/${boothId}`)).json();

  const staff = await openPage(browser, server.url, { lang: "en" });
  const seeker = await openPage(browser, server.url, { lang: "en", viewport: { width: 360, height: 740 } });
  try {
    // The recruiter opens a general queue from the console.
    await loginInContext(staff.context, recruiter);
    await staff.page.goto(`/#/employer/booth/${boothId}/queue`);
    await waitForView(staff.page, `Queue console: ${booth.name}`);
    await staff.page.getByRole("button", { name: "Open queue" }).click();
    await staff.page.getByRole("heading", { name: "General queue", level: 2 }).waitFor();
    await assertAccessible(staff.page, "queue console");

    // The jobseeker, on a phone-sized screen, keyboard only.
    await registerInContext(seeker.context, newUser("queue"));
    const page = seeker.page;
    await page.goto(`/#/booth/${boothId}`);
    await waitForView(page, booth.name);
    await page.getByRole("heading", { name: "Line up to talk" }).waitFor();
    await page.getByText("0 people waiting").waitFor();
    await tabTo(page, "Join General queue");
    await page.keyboard.press("Enter");
    await page.getByText("You are number 1 in line (you are next).").waitFor();
    await assertAccessible(page, "booth page in line");
    // Focus stays on the queue's button, now "Leave": Enter leaves, Enter joins again.
    await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Leave General queue"));
    await page.keyboard.press("Enter");
    await page.getByRole("status").filter({ hasText: "You left General queue." }).waitFor();
    await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Join General queue"));
    await page.keyboard.press("Enter");
    await page.getByText("You are number 1 in line (you are next).").waitFor();

    // The console shows the line live; the recruiter calls the next person.
    await staff.page.getByRole("cell", { name: /^Test queue/ }).waitFor();
    await staff.page.getByRole("button", { name: "Call the next person" }).click();

    // The call dialog appears on the jobseeker's page and takes the focus.
    const dialog = page.getByRole("alertdialog", { name: `${booth.name} is calling you` });
    await dialog.waitFor();
    await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("role")), "alertdialog"));
    await eventually(async () => assert.match(await dialog.locator(".queue-countdown").textContent(), /^(5\d|60) s left to answer$/));
    await assertAccessible(page, "call dialog");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Accept and join the interview");
    await page.keyboard.press("Enter");

    // Both sides end up in the same room.
    await page.waitForURL(/#\/room\/\d+$/);
    const roomId = Number(new URL(page.url()).hash.match(/\/room\/(\d+)$/)[1]);
    await staff.page.waitForURL(new RegExp(`#/room/${roomId}$`));
    assert.equal(await dialog.count(), 0);

    // The interview itself: both join, the peer connection comes up and video flows both ways.
    const me = async (ctx) => (await (await ctx.request.get(`/api/me`)).json()).user;
    const [seekerUser, staffUser] = [await me(seeker.context), await me(staff.context)];
    await page.locator(`.room-view[data-room-id="${roomId}"][data-phase="joined"]`).waitFor({ timeout: 20000 });
    await staff.page.locator(`.room-view[data-room-id="${roomId}"][data-phase="joined"]`).waitFor({ timeout: 20000 });
    await assertMedia(staff.page, seekerUser.id, "the recruiter sees the jobseeker");
    await assertMedia(page, staffUser.id, "the jobseeker sees the recruiter");
  } finally {
    await staff.context.close();
    await seeker.context.close();
  }
});
