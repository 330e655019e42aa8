// Interview rooms in Chromium with a fake camera and microphone: a recruiter starts an interview
// with an applicant from the booth's interviews page, both sides' peer connections reach
// "connected" with video frames decoded; chat, controls, evaluation, reload without a ghost,
// leave and end. Once more with iceTransportPolicy "relay" through a coturn started here (the
// selected candidate pair is a relay pair). A group room with a recruiter and two candidates
// (all tiles connected on every side), a removal; the text-only fallback when the camera and
// microphone fail; axe-core on the room pages, Turkish and 360 px wide.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "./server.mjs";
import { startTurn } from "./turn.mjs";
import { launchBrowser, openPage, newUser, registerInContext, loginInContext, waitForView, eventually } from "./browser.mjs";
import { assertAccessible, pdf } from "./checks.mjs";

let server;
let turn;
let browser;
let recruiterAccount;
let booth;

before(async () => {
  turn = await startTurn();
  server = await startServer({
    env: { FUAR_ROOMS_TURN_SECRET: turn.secret, FUAR_ROOMS_TURN_URLS: turn.urls.join(","), FUAR_ROOMS_STUN_URLS: "" },
  });
  browser = await launchBrowser({ fakeMedia: true });
  recruiterAccount = await server.demoAccount("employer");
  assert.ok(recruiterAccount.booth > 0, "the demo employer has a booth");
  booth = (await (await fetch(`${server.url}/api/booths/${recruiterAccount.booth}`)).json()).booth;
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await turn?.stop();
});

/** A new jobseeker who uploaded a CV and left it at the demo booth: {context, page, user, applicationId}. */
async function applicant(label, options = {}) {
  const { context, page } = await openPage(browser, server.url, options);
  const user = await registerInContext(context, newUser(label));
  const up = await context.request.post("/api/me/cvs?name=cv.pdf", { headers: { "X-Fuar-CSRF": "1", "Content-Type": "application/pdf" }, data: pdf(`CV of ${label}`) });
  assert.equal(up.status(), 201, `CV upload: ${await up.text()}`);
  const { cv } = await up.json();
  const res = await context.request.post(`/api/booths/${booth.id}/applications`, { headers: { "X-Fuar-CSRF": "1" }, data: { cv_id: cv.id } });
  assert.equal(res.status(), 201, `application: ${await res.text()}`);
  const { application } = await res.json();
  return { context, page, user, applicationId: application.id };
}

async function recruiterPage(options = {}) {
  const { context, page } = await openPage(browser, server.url, options);
  const user = await loginInContext(context, recruiterAccount);
  page.on("dialog", (d) => d.accept());
  return { context, page, user };
}

/** Sends a command over the page's own live connection (window.fuar.client). */
async function command(page, type, data) {
  return page.evaluate(([type, data]) => window.fuar.client.request(type, data), [type, data]);
}

async function openRoom(page, roomId, { relay = false } = {}) {
  await page.goto(`/#/room/${roomId}${relay ? "?relay=1" : ""}`);
  await page.locator(`main:not([aria-busy]) .room-view[data-room-id="${roomId}"]`).waitFor();
  await page.locator(`.room-view[data-phase="joined"]`).waitFor({ timeout: 20000 });
}

const tileOf = (page, userId) => page.locator(`.room-tile[data-user-id="${userId}"]`);

/** Waits until this page's connection to `userId` is connected and video frames are decoded. */
async function assertMedia(page, userId, label) {
  await eventually(async () => assert.equal(await tileOf(page, userId).getAttribute("data-connection-state"), "connected", `${label}: connection state`), { timeoutMs: 30000, intervalMs: 250 });
  const frames = async () => (await page.evaluate((id) => window.fuar.room.stats(id), userId)).framesDecoded;
  await eventually(async () => assert.ok((await frames()) > 0, `${label}: video frames decoded`), { timeoutMs: 20000, intervalMs: 250 });
  const before = await frames();
  await eventually(async () => assert.ok((await frames()) > before, `${label}: frames keep arriving`), { timeoutMs: 10000, intervalMs: 250 });
  // The remote video element shows them too.
  await eventually(async () => assert.ok((await tileOf(page, userId).locator("video").evaluate((v) => v.videoWidth)) > 0, `${label}: the video element has a size`));
}

function assertNoProblems(page, label) {
  // A replaced or closed connection may log a warning; errors are bugs.
  assert.deepEqual(page.problems, [], `${label}: page errors`);
}

test("the mesh on its own: offers, glare and a rejoin leave one connected pair per member", async () => {
  // Three Mesh objects (web-static/js/views/room/mesh.js) in one page, their signals passed
  // straight to each other with random delays: no server, so the order of events varies.
  const { context, page } = await openPage(browser, server.url);
  try {
    await page.goto("/");
    const r = await page.evaluate(async () => {
      const { Mesh, sdpSession } = await import("/js/views/room/mesh.js");
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
      const meshes = {};
      const states = {};
      for (const id of [1, 2, 3]) {
        const m = new Mesh({
          me: id,
          config: { iceServers: [] },
          send: async (to, kind, payload) => setTimeout(() => meshes[to].handleSignal({ from: id, kind, payload }), Math.random() * 30),
          onState: (peer, s) => (states[`${id}->${peer}`] = s),
          onClosed: (peer) => (states[`${id}->${peer}`] = "closed"),
        });
        m.setTrack("audio", stream.getAudioTracks()[0].clone());
        m.setTrack("video", stream.getVideoTracks()[0].clone());
        meshes[id] = m;
      }
      const all = (keys) => keys.every((k) => states[k] === "connected");
      const wait = async (keys) => {
        const end = Date.now() + 20000;
        while (!all(keys)) {
          if (Date.now() > end) throw new Error(`not connected: ${JSON.stringify(states)}`);
          await new Promise((res) => setTimeout(res, 100));
        }
      };
      const out = { session: sdpSession("v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\n") };
      await meshes[2].call(1);
      await wait(["1->2", "2->1"]);
      // Glare: 1 and 3 offer to each other at the same moment (1, the lower id, gives way and
      // answers 3's offer), while 2 offers to 3.
      await Promise.all([meshes[1].call(3), meshes[3].call(1), meshes[2].call(3)]);
      const pairs = ["1->2", "2->1", "1->3", "3->1", "2->3", "3->2"];
      await wait(pairs);
      // 3 rejoins (a reload): it drops everything and offers again; 1 and 2 replace their old
      // connection to 3 when the new session's offer arrives.
      const old = meshes[1].peers.get(3).pc;
      meshes[3].dropAll();
      await Promise.all([meshes[3].call(1), meshes[3].call(2)]);
      await wait(pairs);
      out.oldClosed = old.connectionState === "closed";
      out.peers = [1, 2, 3].map((id) => meshes[id].peers.size);
      await new Promise((res) => setTimeout(res, 1000));
      out.stats = await meshes[1].stats(3);
      return out;
    });
    assert.equal(r.session, "4611731400430051336");
    assert.equal(r.oldClosed, true, "the connection of the old session was closed");
    assert.deepEqual(r.peers, [2, 2, 2], "one connection per other member, no ghost");
    assert.ok(r.stats.framesDecoded > 0, `frames decoded after the rejoin: ${JSON.stringify(r.stats)}`);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test("a recruiter interviews an applicant: video both ways, chat, evaluation, reload without a ghost, leave and end", async () => {
  const cand = await applicant("room1");
  const rec = await recruiterPage();
  try {
    // The recruiter starts the interview from the booth's interviews page.
    await rec.page.goto(`/#/employer/booth/${booth.id}/interviews`);
    await waitForView(rec.page, `Start an interview: ${booth.name}`);
    await assertAccessible(rec.page, "#/employer/booth/{id}/interviews");
    await rec.page.getByRole("button", { name: `Start an interview with ${cand.user.name}` }).click();
    await rec.page.locator(".room-view[data-phase='joined']").waitFor({ timeout: 20000 });
    const roomId = Number(await rec.page.locator(".room-view").getAttribute("data-room-id"));
    assert.ok(roomId > 0);
    await waitForView(rec.page, `Interview: ${booth.name}`);

    // The candidate finds it under "My interviews" and opens it.
    await cand.page.goto("/#/rooms");
    await waitForView(cand.page, "My interviews");
    const open = cand.page.getByRole("link", { name: `Open the interview at ${booth.name}` });
    await open.waitFor();
    await assertAccessible(cand.page, "#/rooms");
    await open.click();
    await cand.page.locator(".room-view[data-phase='joined']").waitFor({ timeout: 20000 });

    await assertMedia(rec.page, cand.user.id, "recruiter sees the candidate");
    await assertMedia(cand.page, rec.user.id, "candidate sees the recruiter");
    // The recruiter's live region said who came in.
    await eventually(async () => assert.match(await rec.page.locator("[data-room-announcer]").textContent(), new RegExp(`${cand.user.name} joined|Connected with ${cand.user.name}`)));
    await assertAccessible(rec.page, "room (recruiter)");
    await assertAccessible(cand.page, "room (candidate)");
    assert.equal(await cand.page.locator(".room-panel").count(), 0, "candidates have no recruiter panel");
    assert.equal(await cand.page.locator("[data-control='share']").count(), 0, "candidates cannot share their screen");

    // Controls are toggles with aria-pressed, usable from the keyboard.
    const mute = cand.page.getByRole("button", { name: "Mute microphone" });
    await mute.focus();
    await cand.page.keyboard.press("Space");
    assert.equal(await mute.getAttribute("aria-pressed"), "true");
    assert.equal(await cand.page.evaluate(() => window.fuar.room.mesh.tracks.audio.enabled), false);
    await mute.click();
    assert.equal(await mute.getAttribute("aria-pressed"), "false");
    const audioOnly = cand.page.getByRole("button", { name: "Audio only" });
    await audioOnly.click();
    assert.equal(await audioOnly.getAttribute("aria-pressed"), "true");
    assert.equal(await cand.page.evaluate(() => window.fuar.room.mesh.tracks.video), null, "audio only sends no video track");
    await audioOnly.click();
    await eventually(async () => assert.equal(await audioOnly.getAttribute("aria-pressed"), "false"));
    assert.equal(await cand.page.evaluate(() => window.fuar.room.mesh.tracks.video?.readyState), "live", "the camera is back");

    // The recruiter shares the screen: the video sender carries the screen track (no
    // renegotiation), the candidate keeps receiving frames; stopping brings the camera back.
    const share = rec.page.getByRole("button", { name: "Share screen" });
    await share.click();
    await eventually(async () => assert.equal(await share.getAttribute("aria-pressed"), "true"));
    const sentLabel = (id) => rec.page.evaluate((id) => window.fuar.room.mesh.peers.get(id).transceivers.video.sender.track?.label ?? null, id);
    // replaceTrack settles asynchronously.
    await eventually(async () => assert.match((await sentLabel(cand.user.id)) ?? "", /^screen/));
    await assertMedia(cand.page, rec.user.id, "candidate sees the shared screen");
    await share.click();
    assert.equal(await share.getAttribute("aria-pressed"), "false");
    await eventually(async () => {
      const label = await sentLabel(cand.user.id);
      assert.notEqual(label, null, "the camera is sent again");
      assert.doesNotMatch(label, /^screen/);
    });

    // In-room chat, both ways.
    const hello = `Merhaba, hoş geldiniz ${Date.now()}`;
    await rec.page.getByLabel("Message to everyone in the room").fill(hello);
    await rec.page.getByLabel("Message to everyone in the room").press("Enter");
    await cand.page.locator(".room-chat .msg-text", { hasText: hello }).waitFor();
    const reply = `Thank you! ${Date.now()}`;
    await cand.page.getByLabel("Message to everyone in the room").fill(reply);
    await cand.page.getByRole("button", { name: "Send" }).click();
    await rec.page.locator(".room-chat .msg-text", { hasText: reply }).waitFor();

    // The recruiter evaluates: next step moves the application to "interview".
    const form = rec.page.locator(`form.room-eval[data-candidate="${cand.user.id}"]`);
    await form.getByLabel(`Private notes about ${cand.user.name}`).fill("Clear answers, knows MIG welding.");
    await form.getByLabel(`Rating for ${cand.user.name}`).selectOption("4");
    await form.getByLabel(`Outcome for ${cand.user.name}`).selectOption("next_step");
    await form.getByRole("button", { name: `Save the evaluation of ${cand.user.name}` }).click();
    await form.getByText("Saved.").waitFor();
    const mine = await (await cand.context.request.get("/api/me/applications")).json();
    assert.equal(mine.applications.find((a) => a.id === cand.applicationId)?.status, "interview");

    // A reload rejoins without a ghost: the recruiter ends up with one connection to the
    // candidate, connected again, and two tiles.
    await cand.page.reload();
    await cand.page.locator(".room-view[data-phase='joined']").waitFor({ timeout: 20000 });
    await assertMedia(rec.page, cand.user.id, "recruiter after the candidate's reload");
    await assertMedia(cand.page, rec.user.id, "candidate after reload");
    assert.equal(await rec.page.evaluate(() => window.fuar.room.mesh.peers.size), 1);
    assert.equal(await rec.page.locator(".room-tile").count(), 2);
    // The chat history came back with the page.
    await cand.page.locator(".room-chat .msg-text", { hasText: hello }).waitFor();

    // A second window of the same candidate takes over; the first one says so and stops.
    const second = await cand.context.newPage();
    second.problems = [];
    await openRoom(second, roomId);
    await cand.page.locator(".room-view[data-phase='replaced']").waitFor();
    await cand.page.getByText("You joined this interview from another window or device.").waitFor();
    await assertMedia(rec.page, cand.user.id, "recruiter after the candidate moved window");
    assert.equal(await rec.page.evaluate(() => window.fuar.room.mesh.peers.size), 1);
    await second.close();

    // Back in the first window, then leave: the recruiter sees the candidate go.
    await cand.page.getByRole("button", { name: "Join from this window" }).click();
    await cand.page.locator(".room-view[data-phase='joined']").waitFor({ timeout: 20000 });
    await assertMedia(rec.page, cand.user.id, "recruiter after the candidate came back");
    await cand.page.getByRole("button", { name: "Leave the interview" }).click();
    await cand.page.getByText("You left the interview.").waitFor();
    await eventually(async () => assert.equal(await tileOf(rec.page, cand.user.id).getAttribute("data-state"), "left"));
    assert.equal(await rec.page.evaluate(() => window.fuar.room.mesh.peers.size), 0);
    await cand.page.getByRole("button", { name: "Join again" }).click();
    await assertMedia(rec.page, cand.user.id, "recruiter after the candidate rejoined");

    // The recruiter ends the interview for everyone.
    await rec.page.getByRole("button", { name: "End the interview for everyone" }).click();
    await cand.page.locator(".room-view[data-phase='ended']").waitFor();
    await cand.page.getByText("The interview has ended.").waitFor();
    await rec.page.locator(".room-view[data-phase='ended']").waitFor();
    assert.equal(await cand.page.evaluate(() => window.fuar.room.mesh.peers.size), 0);
    assert.equal(await cand.page.evaluate(() => window.fuar.room.mesh.tracks.video), null, "the camera is released");
    // Opened again, the ended room is read-only: its chat history, no call controls.
    await cand.page.reload();
    await cand.page.locator(".room-view[data-phase='ended']").waitFor();
    await cand.page.locator(".room-chat .msg-text", { hasText: reply }).waitFor();
    assert.equal(await cand.page.getByRole("button", { name: "Leave the interview" }).count(), 0);
    assert.equal(await cand.page.getByLabel("Message to everyone in the room").isDisabled(), true);
    assertNoProblems(rec.page, "recruiter");
    assertNoProblems(cand.page, "candidate");
  } finally {
    await cand.context.close();
    await rec.context.close();
  }
});

test("with the TURN relay forced, the call goes through the coturn started by the test", async () => {
  const cand = await applicant("relay");
  const rec = await recruiterPage();
  try {
    await rec.page.goto("/#/rooms");
    await waitForView(rec.page, "My interviews");
    const { room } = await command(rec.page, "room.create", { booth_id: booth.id, application_id: cand.applicationId });
    // Only members get TURN credentials, in the TURN REST form.
    const { ice_servers: servers } = await command(rec.page, "room.turn", { room_id: room.id });
    const relayServer = servers.find((s) => s.urls.some((u) => u.startsWith("turn:")));
    assert.ok(relayServer, `room.turn lists the TURN server: ${JSON.stringify(servers)}`);
    assert.match(relayServer.username, new RegExp(`^\\d+:${rec.user.id}$`));

    await openRoom(rec.page, room.id, { relay: true });
    await openRoom(cand.page, room.id, { relay: true });
    await assertMedia(rec.page, cand.user.id, "recruiter (relay)");
    await assertMedia(cand.page, rec.user.id, "candidate (relay)");
    for (const [page, other] of [[rec.page, cand.user.id], [cand.page, rec.user.id]]) {
      const s = await page.evaluate((id) => window.fuar.room.stats(id), other);
      assert.equal(s.localCandidate, "relay", `selected pair is local relay: ${JSON.stringify(s)}`);
      assert.equal(s.remoteCandidate, "relay", `selected pair is remote relay: ${JSON.stringify(s)}`);
    }
    assertNoProblems(rec.page, "recruiter");
    assertNoProblems(cand.page, "candidate");
  } finally {
    await cand.context.close();
    await rec.context.close();
  }
});

test("a group interview: a recruiter and two candidates all see each other; a removed candidate is out", async () => {
  const a = await applicant("groupa");
  const b = await applicant("groupb");
  const rec = await recruiterPage();
  try {
    await rec.page.goto("/#/rooms");
    await waitForView(rec.page, "My interviews");
    const { room } = await command(rec.page, "room.create", { booth_id: booth.id, application_id: a.applicationId });
    await openRoom(rec.page, room.id);
    // The second candidate is invited from the recruiter panel: the room becomes a group.
    const invite = rec.page.getByLabel("Applicant to this booth");
    await eventually(async () => assert.ok((await invite.locator("option").allTextContents()).some((o) => o.startsWith(b.user.name))));
    await invite.selectOption({ label: (await invite.locator("option").allTextContents()).find((o) => o.startsWith(b.user.name)) });
    await rec.page.getByRole("button", { name: "Invite", exact: true }).click();
    await rec.page.getByText(`${b.user.name} was invited.`).waitFor();
    await rec.page.locator(".room-kind", { hasText: "Group interview" }).waitFor();

    await openRoom(a.page, room.id);
    await openRoom(b.page, room.id);
    const people = [
      [rec.page, rec.user.id, "recruiter"],
      [a.page, a.user.id, "candidate A"],
      [b.page, b.user.id, "candidate B"],
    ];
    for (const [page, self, label] of people) {
      await eventually(async () => assert.equal(await page.locator(".room-tile").count(), 3, `${label}: three tiles`));
      for (const [, other, otherLabel] of people) if (other !== self) await assertMedia(page, other, `${label} sees ${otherLabel}`);
    }
    await assertAccessible(rec.page, "group room (recruiter)");

    // The recruiter removes candidate B: B's page says so, the others drop B's tile.
    await rec.page.getByRole("button", { name: `Remove ${b.user.name}` }).click();
    await b.page.locator(".room-view[data-phase='kicked']").waitFor();
    await b.page.getByText("A recruiter removed you from this interview.").waitFor();
    for (const page of [rec.page, a.page]) {
      await eventually(async () => assert.equal(await tileOf(page, b.user.id).count(), 0));
      assert.equal(await page.evaluate(() => window.fuar.room.mesh.peers.size), 1);
    }
    // B cannot come back in.
    await b.page.reload();
    await waitForView(b.page, "Page not found");
    assert.equal(await b.page.locator(".room-view").count(), 0);
    await assertMedia(rec.page, a.user.id, "recruiter still sees candidate A");
    assertNoProblems(rec.page, "recruiter");
    assertNoProblems(a.page, "candidate A");
  } finally {
    await a.context.close();
    await b.context.close();
    await rec.context.close();
  }
});

test("without camera and microphone the room falls back to text only, in Turkish, 360 px wide", async () => {
  const cand = await applicant("textonly", { lang: "tr", viewport: { width: 360, height: 740 } });
  // This browser refuses the camera and the microphone.
  await cand.context.addInitScript(() => {
    navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException("denied by the test", "NotAllowedError"));
  });
  const rec = await recruiterPage({ lang: "tr" });
  try {
    await rec.page.goto("/#/rooms");
    await waitForView(rec.page, "Görüşmelerim");
    const { room } = await command(rec.page, "room.create", { booth_id: booth.id, application_id: cand.applicationId });
    await openRoom(rec.page, room.id);
    await openRoom(cand.page, room.id);
    await cand.page.locator(".room-notice[data-text-only='true']").waitFor();
    await cand.page.getByText("Yalnızca yazı: aşağıdaki sohbet çalışmaya devam ediyor.").waitFor();
    assert.equal(await cand.page.getByRole("button", { name: "Mikrofonu kapat" }).isDisabled(), true);
    // The candidate still receives the recruiter's video, and the chat works.
    await assertMedia(cand.page, rec.user.id, "text-only candidate sees the recruiter");
    const text = `Kameram çalışmıyor, yazarak devam edebilir miyiz? ${Date.now()}`;
    await cand.page.getByLabel("Odadaki herkese mesaj").fill(text);
    await cand.page.getByLabel("Odadaki herkese mesaj").press("Enter");
    await rec.page.locator(".room-chat .msg-text", { hasText: text }).waitFor();
    await assertAccessible(cand.page, "tr room, text only, 360 px");
    assert.equal(await cand.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, "no horizontal scroll at 360 px");
    await assertAccessible(rec.page, "tr room (recruiter)");
    // The recruiter's panel fits a phone too.
    await rec.page.setViewportSize({ width: 360, height: 740 });
    assert.equal(await rec.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, "recruiter: no horizontal scroll at 360 px");
    await assertAccessible(rec.page, "tr room (recruiter), 360 px");
  } finally {
    await cand.context.close();
    await rec.context.close();
  }
});
