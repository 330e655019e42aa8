// The booth's public chat between two browsers, and its recovery after a dropped connection.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "./server.mjs";
import { launchBrowser, openPage, newUser, registerInContext, loginInContext, waitForView, eventually, liveCount } from "./browser.mjs";

let server;
let browser;
let employer;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  employer = await server.demoAccount("employer");
  assert.ok(employer.booth > 0, `the demo employer line names a booth: ${JSON.stringify(employer)}`);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Opens the booth page and waits until its chat has loaded. */
async function openBooth(page, boothId) {
  await page.goto(`/#/booth/${boothId}`);
  await page.locator("main:not([aria-busy]) h1").waitFor();
  await page.locator("#conn-status", { hasText: "Online" }).waitFor();
  await eventually(async () => assert.ok((await liveCount(page)) >= 1));
}

async function send(page, text) {
  const input = page.getByLabel("Your message");
  await input.fill(text);
  await input.press("Enter");
  // Sent: the input is cleared once the server has acknowledged the message.
  await eventually(async () => assert.equal(await input.inputValue(), ""));
}

const messages = (page, text) => page.locator(".chat-log .msg-text", { hasText: text });

test("a jobseeker and a recruiter chat at the same booth, live, in two browsers", async () => {
  const seeker = await openPage(browser, server.url);
  const recruiter = await openPage(browser, server.url);
  try {
    const user = newUser("chat");
    await registerInContext(seeker.context, user);
    await loginInContext(recruiter.context, employer);
    await openBooth(seeker.page, employer.booth);
    await openBooth(recruiter.page, employer.booth);

    // Both are at the booth: the jobseeker is its one visitor, on both pages (the recruiter is
    // staff, not a visitor).
    for (const { page } of [seeker, recruiter]) {
      await eventually(async () => assert.equal(await liveCount(page), 1), { timeoutMs: 20000 });
      assert.match(await page.locator(".pr-booth .pr-counts").textContent(), /^1 visitor, /);
    }

    const question = `Merhaba! Is the CNC operator job still open? ${Date.now()}`;
    const answer = `Yes, we are hiring in İzmir. ${Date.now()}`;
    await send(seeker.page, question);
    await messages(recruiter.page, question).waitFor();
    await send(recruiter.page, answer);
    await messages(seeker.page, answer).waitFor();

    // Each message appears once on each page, attributed to its author.
    for (const { page } of [seeker, recruiter]) {
      await messages(page, answer).waitFor();
      assert.equal(await messages(page, question).count(), 1);
      assert.equal(await messages(page, answer).count(), 1);
    }
    const seekerLine = seeker.page.locator(".msg", { hasText: question });
    assert.match(await seekerLine.locator(".msg-author").textContent(), /\(you\)$/);
    const recruiterLine = seeker.page.locator(".msg", { hasText: answer });
    assert.equal((await recruiterLine.locator(".badge-role").textContent()).trim(), "Recruiter");

    // A reload shows the same conversation from chat.history.
    await seeker.page.reload();
    await openBooth(seeker.page, employer.booth);
    await messages(seeker.page, answer).waitFor();
    assert.equal(await messages(seeker.page, question).count(), 1);
    assert.deepEqual(seeker.page.problems, []);
    assert.deepEqual(recruiter.page.problems, []);
  } finally {
    await seeker.context.close();
    await recruiter.context.close();
  }
});

/**
 * Sends every WebSocket of the context through a recording proxy. proxy.sockets[i] holds
 * {ws, server, fromPage, toPage}; while proxy.refuse is true new sockets are closed at once
 * with 1011, as if the server could not be reached.
 */
async function proxyWebSockets(context) {
  const proxy = { sockets: [], refuse: false };
  await context.routeWebSocket(/\/ws$/, (ws) => {
    if (proxy.refuse) {
      ws.close({ code: 1011, reason: "test: server unreachable" });
      return;
    }
    const server = ws.connectToServer();
    const record = { ws, server, fromPage: [], toPage: [] };
    proxy.sockets.push(record);
    ws.onMessage((m) => {
      record.fromPage.push(String(m));
      server.send(m);
    });
    server.onMessage((m) => {
      record.toPage.push(String(m));
      ws.send(m);
    });
  });
  /** Cuts the newest socket with `code` (as the server would) and refuses new ones. */
  proxy.cut = (code) => {
    proxy.refuse = true;
    const last = proxy.sockets.at(-1);
    last.ws.close({ code, reason: "test: cut" });
    last.server.close();
  };
  /** The reply to the last subscribe to `topic` on the newest socket, with the command. */
  proxy.lastSubscribe = (topic) => {
    const last = proxy.sockets.at(-1);
    const command = last.fromPage.map((f) => JSON.parse(f)).findLast((m) => m.type === "subscribe" && m.data?.topic === topic);
    const replies = last.toPage.flatMap((f) => f.split("\n").filter(Boolean).map((l) => JSON.parse(l)));
    return { command, reply: replies.find((m) => command && m.id === command.id) };
  };
  return proxy;
}

test("after a dropped connection the chat recovers missed messages, once each", async () => {
  const seeker = await openPage(browser, server.url);
  const recruiter = await openPage(browser, server.url);
  try {
    const proxy = await proxyWebSockets(seeker.context);
    await registerInContext(seeker.context, newUser("drop"));
    await loginInContext(recruiter.context, employer);
    await openBooth(seeker.page, employer.booth);
    await openBooth(recruiter.page, employer.booth);

    const before = `before the drop ${Date.now()}`;
    await send(recruiter.page, before);
    await messages(seeker.page, before).waitFor();

    // Cut the jobseeker off ("slow" close) and keep them off while the recruiter writes.
    proxy.cut(4000);
    await seeker.page.locator("#conn-status", { hasText: /Reconnecting|Connecting/ }).waitFor();
    const missed = `while you were away ${Date.now()}`;
    await send(recruiter.page, missed);
    proxy.refuse = false;

    // Back online: the missed message arrives through subscribe-with-since, once.
    await messages(seeker.page, missed).waitFor({ timeout: 40000 });
    await seeker.page.locator("#conn-status", { hasText: "Online" }).waitFor();
    assert.equal(await messages(seeker.page, before).count(), 1);
    assert.equal(await messages(seeker.page, missed).count(), 1);

    assert.ok(proxy.sockets.length >= 2, "the page opened a new socket");
    const { command, reply } = proxy.lastSubscribe(`booth:${employer.booth}`);
    assert.ok(command?.data?.since, `the page re-subscribed with since: ${JSON.stringify(command)}`);
    assert.equal(reply?.ok, true, JSON.stringify(reply));
    assert.equal(reply.data.recovered, true, `history covers the gap: ${JSON.stringify(reply.data)}`);
    assert.ok(
      reply.data.publications.some((p) => p.data?.text === missed),
      "the missed message came back as a publication",
    );
    assert.deepEqual(seeker.page.problems, []);
  } finally {
    await seeker.context.close();
    await recruiter.context.close();
  }
});

test("when history cannot cover the gap, the chat reloads from chat.history", async () => {
  // A server that keeps one push of history per topic: two missed messages cannot be recovered.
  const small = await startServer({ env: { FUAR_BROKER_HISTORY_SIZE: "1" } });
  const seeker = await openPage(browser, small.url);
  const recruiter = await openPage(browser, small.url);
  try {
    const account = await small.demoAccount("employer");
    const proxy = await proxyWebSockets(seeker.context);
    await registerInContext(seeker.context, newUser("gap"));
    await loginInContext(recruiter.context, account);
    await openBooth(seeker.page, account.booth);
    await openBooth(recruiter.page, account.booth);
    const before = `seen before the gap ${Date.now()}`;
    await send(recruiter.page, before);
    await messages(seeker.page, before).waitFor();

    proxy.cut(1001);
    await seeker.page.locator("#conn-status", { hasText: /Reconnecting|Connecting/ }).waitFor();
    const missed = [`missed one ${Date.now()}`, `missed two ${Date.now()}`];
    for (const text of missed) await send(recruiter.page, text);
    proxy.refuse = false;

    for (const text of missed) await messages(seeker.page, text).waitFor({ timeout: 40000 });
    await seeker.page.getByRole("status").filter({ hasText: "The chat was reloaded." }).waitFor();
    for (const text of [before, ...missed]) assert.equal(await messages(seeker.page, text).count(), 1, text);
    const { command, reply } = proxy.lastSubscribe(`booth:${account.booth}`);
    assert.ok(command?.data?.since, "the page re-subscribed with since");
    assert.equal(reply?.data?.recovered, false, `the server could not recover: ${JSON.stringify(reply)}`);
    // Live messages keep coming after the reload.
    const after = `after the reload ${Date.now()}`;
    await send(recruiter.page, after);
    await messages(seeker.page, after).waitFor();
    assert.equal(await messages(seeker.page, after).count(), 1);
  } finally {
    await seeker.context.close();
    await recruiter.context.close();
    await small.stop();
  }
});
