// #/employer/booth/{id}/slots — a recruiter's interview slots: the publish form (date and time
// entered in the fair's zone), the schedule with the bookings, no-show marking after the start,
// "Start interview" (creates the room and invites the candidates; links to #/room/{id}) and
// withdrawal. Live: reloaded on every `slot.changed` on staff:{booth}.
import { t, tx, bind, localized } from "../../i18n.js";
import { CMD, EVT, topic } from "../../protocol.js";
import { h, newId, errorText } from "../../ui.js";
import { slotTime, slotStart, capacityText, unixToZoned } from "./strings.js";
import { zonedToUnix, formatFairTimes } from "../fairs/time.js";

export async function staffSlotsView(ctx) {
  const { app } = ctx;
  const boothId = Number(ctx.params[0]);
  app.client.connect?.();
  let data = await app.client.request(CMD.SLOT_SCHEDULE, { booth_id: boothId });
  ctx.app.setTitle(() => t("slot.staff.title", { name: data.booth.name }));
  const zone = data.fair.timezone;
  const status = h("p", { class: "notice", role: "status" });
  const say = (text) => (status.textContent = text);

  // ---- publish form ----
  const ids = { start: newId("slot-start"), length: newId("slot-length"), capacity: newId("slot-cap"), job: newId("slot-job") };
  const errors = {};
  const field = (key, label, input, hint) => {
    errors[key] = h("p", { id: `${ids[key]}-error`, class: "field-error", hidden: true });
    const hintId = hint ? `${ids[key]}-hint` : null;
    if (hintId) input.setAttribute("aria-describedby", hintId);
    return h("div", { class: "field" }, h("label", { for: ids[key] }, label), hint ? h("p", { id: hintId, class: "hint" }, hint) : null, input, errors[key]);
  };
  const startDefault = Math.max(data.now + 3600, data.fair.starts_at);
  const startInput = h("input", { id: ids.start, name: "starts_at", type: "datetime-local", required: true, value: unixToZoned(Math.ceil(startDefault / 900) * 900, zone) });
  const lengthInput = h("input", { id: ids.length, name: "length_min", type: "number", min: data.limits.min_length_min, max: data.limits.max_length_min, value: 20, required: true });
  const capInput = h("input", { id: ids.capacity, name: "capacity", type: "number", min: 1, max: data.limits.max_group_size, value: 1, required: true });
  const jobSelect = h("select", { id: ids.job, name: "job_id" }, h("option", { value: "" }, tx("slot.staff.noJob")), data.jobs.map((j) => h("option", { value: j.id }, j.title)));
  const fairTimes = h("span", {});
  bind(fairTimes, (el) => (el.textContent = t("slot.staff.startHint", { times: formatFairTimes(data.fair) })));
  const form = h(
    "form",
    { class: "slot-form", novalidate: true },
    field("start", tx("slot.staff.start", { zone }), startInput, fairTimes),
    field("length", tx("slot.staff.length"), lengthInput),
    field("capacity", tx("slot.staff.capacity"), capInput, tx("slot.staff.capacityHint", { n: data.limits.max_group_size })),
    field("job", tx("slot.staff.job"), jobSelect),
    h("p", {}, h("button", { type: "submit", class: "button primary" }, tx("slot.staff.submit"))),
  );
  const showError = (key, text) => {
    for (const [k, el] of Object.entries(errors)) {
      const input = form.querySelector(`#${ids[k]}`);
      const on = k === key;
      el.hidden = !on;
      el.textContent = on ? text : "";
      if (on) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    }
    if (key) form.querySelector(`#${ids[key]}`).focus();
  };
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const starts = zonedToUnix(startInput.value, zone);
    if (starts === null) return showError("start", t("slot.staff.badTime"));
    const body = { booth_id: boothId, starts_at: starts, length_min: Number(lengthInput.value), capacity: Number(capInput.value) };
    if (jobSelect.value) body.job_id = Number(jobSelect.value);
    try {
      await app.client.request(CMD.SLOT_PUBLISH, body);
      showError(null);
      say(t("slot.staff.published"));
      await reload();
    } catch (err) {
      const map = { "data.starts_at": "start", "data.length_min": "length", "data.capacity": "capacity", "data.job_id": "job" };
      if (err.code === "invalid" && map[err.field]) showError(map[err.field], err.message);
      else say(err.message && err.code === "conflict" ? err.message : errorText(err));
    }
  });

  // ---- schedule ----
  const scheduleBox = h("div", { class: "slot-schedule" });
  const waitNote = h("p", { class: "hint", "aria-live": "polite" });

  async function act(fn) {
    try {
      await fn();
      await reload();
    } catch (err) {
      say(err.message && ["conflict", "forbidden"].includes(err.code) ? err.message : errorText(err));
    }
  }

  function slotItem(s) {
    const started = data.now >= s.starts_at;
    const when = h("h3", {});
    bind(when, (el) => (el.textContent = slotTime(s, data.fair)));
    const facts = h("p", { class: "slot-facts" });
    bind(facts, (el) => {
      const parts = [capacityText(s), t("slot.free", { free: s.free, capacity: s.capacity })];
      if (s.job) parts.push(t("slot.job", { title: s.job.title }));
      if (s.status === "withdrawn") parts.push(t("slot.status.withdrawn"));
      el.textContent = parts.join(" · ");
    });
    const bookings = s.bookings.length
      ? h(
          "ul",
          { class: "slot-bookers" },
          s.bookings.map((b) => {
            const boxId = newId("noshow");
            const box = h("input", { type: "checkbox", id: boxId, checked: b.no_show ? true : null, disabled: started ? null : true });
            box.addEventListener("change", () => act(() => app.client.request(CMD.SLOT_NO_SHOW, { booking_id: b.id, no_show: box.checked ? 1 : 0 })));
            return h(
              "li",
              { "data-booking": b.id },
              h("span", { class: "slot-booker" }, b.user.name),
              b.application_id ? h("span", { class: "hint" }, " · ", tx("slot.staff.application", { id: b.application_id })) : null,
              " ",
              h("span", { class: "slot-noshow" }, box, " ", h("label", { for: boxId }, tx("slot.staff.noShow", { name: b.user.name }))),
            );
          }),
        )
      : h("p", { class: "hint" }, tx("slot.staff.nobody"));
    const actions = h("p", { class: "slot-actions" });
    if (s.status === "open") {
      if (s.room_id) {
        actions.append(h("a", { class: "button primary", href: `#/room/${s.room_id}` }, tx("slot.staff.openRoom")));
      } else if (s.bookings.length && data.now >= s.starts_at - 600 && data.now < s.ends_at) {
        const start = h("button", { type: "button", class: "button primary" });
        bind(start, (el) => (el.textContent = t("slot.staff.startInterview", { time: slotStart(s, data.fair) })));
        start.addEventListener("click", () =>
          act(async () => {
            const r = await app.client.request(CMD.SLOT_START, { slot_id: s.id });
            location.hash = `#/room/${r.room.id}`;
          }),
        );
        actions.append(start);
      }
      if (!started) {
        const withdraw = h("button", { type: "button", class: "button" });
        bind(withdraw, (el) => (el.textContent = t("slot.staff.withdraw", { time: slotStart(s, data.fair) })));
        withdraw.addEventListener("click", () => {
          if (!confirm(t("slot.staff.confirmWithdraw"))) return;
          act(async () => {
            await app.client.request(CMD.SLOT_WITHDRAW, { slot_id: s.id });
            say(t("slot.staff.withdrawn"));
          });
        });
        actions.append(" ", withdraw);
      }
    }
    return h("li", { class: `slot-item slot-${s.status}`, "data-slot": s.id }, when, facts, h("h4", {}, tx("slot.staff.bookings")), bookings, actions);
  }

  function render() {
    scheduleBox.replaceChildren(data.slots.length ? h("ul", { class: "slot-list", role: "list" }, data.slots.map(slotItem)) : h("p", {}, tx("slot.staff.empty")));
    waitNote.textContent = t("slot.staff.waitlist", { n: data.waitlist_length });
  }
  bind(waitNote, () => render());

  async function reload() {
    try {
      data = await app.client.request(CMD.SLOT_SCHEDULE, { booth_id: boothId });
      render();
    } catch (err) {
      if (!ctx.signal.aborted) say(errorText(err));
    }
  }

  const sub = app.client.subscribe(topic.staff(boothId), {
    onSubscribed: () => reload(),
    onReset: () => reload(),
    onEvent: (push) => {
      if (push.event === EVT.SLOT_CHANGED) reload();
    },
  });
  ctx.onCleanup(() => sub.unsubscribe());
  // Times move on: the start/no-show controls appear at the right moment.
  const tick = setInterval(() => {
    data.now = Math.floor(Date.now() / 1000);
    render();
  }, 30000);
  ctx.onCleanup(() => clearInterval(tick));

  const pubId = newId("publish");
  const schedId = newId("schedule");
  const fairTitle = localized(data.fair.title).text;
  return h(
    "div",
    { class: "view slot-view" },
    h("p", { class: "breadcrumb" }, h("a", { href: "#/employer" }, data.booth.name), fairTitle ? ` · ${fairTitle}` : null),
    h("h1", {}, tx("slot.staff.title", { name: data.booth.name })),
    status,
    h("section", { "aria-labelledby": pubId }, h("h2", { id: pubId }, tx("slot.staff.publish")), form),
    h("section", { "aria-labelledby": schedId }, h("h2", { id: schedId }, tx("slot.staff.schedule")), waitNote, scheduleBox),
  );
}
