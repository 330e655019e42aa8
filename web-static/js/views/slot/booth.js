// The booth page's "Interview slots" section (views/booth.js BOOTH_SECTIONS).
//
// Jobseekers see the booth's open slots with the free places, book with one button (the list is
// reloaded after every booking and on every `slot.changed` push on booth:{id}, so the free
// counts stay live), and join or leave the booth's waitlist. Staff get a link to their slot page.
import { t, tx, bind } from "../../i18n.js";
import { CMD, EVT, topic } from "../../protocol.js";
import { h, newId, errorText } from "../../ui.js";
import { slotTime, slotStart, capacityText } from "./strings.js";

export function boothSlotsSection(ctx, { booth }) {
  const { app } = ctx;
  const role = app.user?.role;
  const headingId = newId("slots");
  if (role === "employer") {
    // Staff or not, employers manage slots from their own page (the server checks ownership).
    const link = h("a", { href: `#/employer/booth/${booth.id}/slots` });
    bind(link, (el) => (el.textContent = t("slot.staffLink", { name: booth.name })));
    return h("section", { class: "slot-section", "aria-labelledby": headingId }, h("h2", { id: headingId }, tx("slot.section.title")), h("p", {}, link));
  }
  if (role !== "jobseeker") return null;

  const list = h("ul", { class: "slot-list", role: "list" });
  const status = h("p", { class: "notice", role: "status" });
  const error = h("p", { class: "error-text", role: "alert" });
  const waitText = h("p", { class: "slot-waitlist-text", "aria-live": "polite" });
  const waitButton = h("button", { type: "button", class: "button" });
  let data = null;
  let busy = false;

  const say = (text) => (status.textContent = text);

  function item(s) {
    const when = h("p", { class: "slot-when" });
    bind(when, (el) => (el.textContent = slotTime(s, data.fair)));
    const facts = h("p", { class: "slot-facts" });
    bind(facts, (el) => {
      const parts = [capacityText(s), s.free > 0 ? t("slot.free", { free: s.free, capacity: s.capacity }) : t("slot.full")];
      if (s.job) parts.push(t("slot.job", { title: s.job.title }));
      el.textContent = parts.join(" · ");
    });
    let action;
    if (s.my_booking) {
      action = h("p", { class: "slot-mine" }, tx("slot.booked"), " ", h("a", { href: "#/me/schedule" }, tx("slot.nav.schedule")));
    } else {
      const button = h("button", { type: "button", class: "button primary", "data-slot": s.id, disabled: s.free > 0 ? null : true });
      bind(button, (el) => (el.textContent = t("slot.book", { time: slotStart(s, data.fair) })));
      button.addEventListener("click", () => book(s, button));
      action = h(
        "p",
        {},
        button,
        s.offer_expires_at ? h("span", { class: "hint" }, " ", tx("slot.heldForYou", () => ({ time: slotStart({ starts_at: s.offer_expires_at }, data.fair) }))) : null,
      );
    }
    return h("li", { class: "slot-item", "data-slot": s.id }, when, facts, action);
  }

  function render() {
    if (!data) return;
    list.replaceChildren(...(data.slots.length ? data.slots.map(item) : [h("li", { class: "hint" }, tx("slot.section.empty"))]));
    const w = data.waitlist;
    waitText.textContent = w.position ? t("slot.waitlist.position", w) : t("slot.waitlist.length", w);
    waitButton.textContent = w.position ? t("slot.waitlist.leave") : t("slot.waitlist.join");
  }
  bind(waitButton, () => render());

  async function load() {
    try {
      data = await app.client.request(CMD.SLOT_LIST, { booth_id: booth.id });
      error.textContent = "";
      render();
    } catch (err) {
      if (!ctx.signal.aborted) error.textContent = t("slot.section.loadFailed", { message: errorText(err) });
    }
  }

  async function book(s, button) {
    if (busy) return;
    busy = true;
    button.disabled = true;
    try {
      const r = await app.client.request(CMD.SLOT_BOOK, { slot_id: s.id });
      say(t("slot.bookedNotice", { booth: booth.name, time: slotStart(r.slot, data.fair) }));
      await load();
      list.querySelector(`li[data-slot="${s.id}"] a`)?.focus();
    } catch (err) {
      say(err.message && err.code === "conflict" ? err.message : errorText(err));
      await load();
    } finally {
      busy = false;
    }
  }

  waitButton.addEventListener("click", async () => {
    if (busy || !data) return;
    busy = true;
    try {
      if (data.waitlist.position) {
        await app.client.request(CMD.SLOT_WAITLIST_LEAVE, { booth_id: booth.id });
        say(t("slot.waitlist.left"));
      } else {
        await app.client.request(CMD.SLOT_WAITLIST_JOIN, { booth_id: booth.id });
        say(t("slot.waitlist.joined"));
      }
      await load();
    } catch (err) {
      say(err.message && err.code === "conflict" ? err.message : errorText(err));
    } finally {
      busy = false;
    }
  });

  app.client.connect?.();
  const sub = app.client.subscribe(topic.booth(booth.id), {
    onSubscribed: () => load(),
    onReset: () => load(),
    onEvent: (push) => {
      if (push.event === EVT.SLOT_CHANGED) load();
    },
  });
  ctx.onCleanup(() => sub.unsubscribe());
  load();

  const waitHeading = newId("slot-wait");
  return h(
    "section",
    { class: "slot-section", "aria-labelledby": headingId },
    h("h2", { id: headingId }, tx("slot.section.title")),
    h("p", { class: "hint" }, tx("slot.section.lead")),
    error,
    list,
    status,
    h(
      "div",
      { class: "slot-waitlist", role: "group", "aria-labelledby": waitHeading },
      h("h3", { id: waitHeading }, tx("slot.waitlist.title")),
      h("p", { class: "hint" }, tx("slot.waitlist.lead")),
      waitText,
      waitButton,
    ),
  );
}
