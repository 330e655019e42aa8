// #/me/schedule — a jobseeker's interview bookings (times in each fair's zone, and the viewer's
// own when it differs), cancel before the cut-off, an .ics file per booking, places offered from
// waitlists, the waitlists, and the personal calendar feed address. Reloaded after every
// (re)subscribe of user:{id} and on every slot push there (offer, withdrawal, reminder).
import { t, tx, bind, localized } from "../../i18n.js";
import { CMD, EVT, topic } from "../../protocol.js";
import { h, newId, errorText } from "../../ui.js";
import { slotTime, formatInZone } from "./strings.js";

export async function myScheduleView(ctx) {
  const { app } = ctx;
  ctx.app.setTitle(() => t("slot.mine.title"));
  app.client.connect?.();
  let data = await app.client.request(CMD.SLOT_MINE);
  const status = h("p", { class: "notice", role: "status" });
  const say = (text) => (status.textContent = text);
  const bookingsBox = h("div", { class: "slot-bookings" });
  const offersBox = h("div", { class: "slot-offers" });
  const waitBox = h("div", {});
  const feedBox = h("div", { class: "slot-feed" });
  let feedUrl = null; // shown once, after creating or rotating

  const statusKey = (b) => (b.no_show ? "slot.status.noShow" : `slot.status.${b.status}`);

  function bookingRow(e) {
    const { booking: b, slot: s, booth, fair } = e;
    const when = h("td", {});
    bind(when, (el) => (el.textContent = slotTime(s, fair)));
    const st = h("td", { "data-status": b.status }, tx(statusKey(b)));
    const actions = h("td", { class: "slot-actions" });
    if (b.status === "booked") {
      const ics = h("a", { href: `/api/slot-bookings/${b.id}/calendar.ics`, download: `interview-${b.id}.ics`, class: "button" });
      bind(ics, (el) => (el.textContent = t("slot.mine.ics", { booth: booth?.name ?? "" })));
      actions.append(ics);
      const cancellable = data.now < s.starts_at - data.cancel_cutoff_min * 60 && !b.no_show;
      if (cancellable) {
        const cancel = h("button", { type: "button", class: "button" });
        bind(cancel, (el) => (el.textContent = t("slot.mine.cancel", { booth: booth?.name ?? "" })));
        cancel.addEventListener("click", async () => {
          if (!confirm(t("slot.mine.confirmCancel", { booth: booth?.name ?? "" }))) return;
          try {
            await app.client.request(CMD.SLOT_CANCEL, { booking_id: b.id });
            say(t("slot.mine.cancelled"));
            await reload();
            bookingsBox.querySelector("h2, table")?.focus?.();
          } catch (err) {
            say(err.code === "conflict" && err.message ? err.message : errorText(err));
          }
        });
        actions.append(" ", cancel);
      }
    }
    const fairTitle = localized(fair?.title).text;
    return h(
      "tr",
      { "data-booking": b.id },
      when,
      h("th", { scope: "row" }, h("a", { href: `#/booth/${s.booth_id}` }, booth?.name ?? ""), fairTitle ? h("span", { class: "hint" }, ` · ${fairTitle}`) : null),
      st,
      actions,
    );
  }

  function renderBookings() {
    if (!data.bookings.length) return bookingsBox.replaceChildren(h("p", {}, tx("slot.mine.empty")));
    bookingsBox.replaceChildren(
      h("p", { class: "hint" }, tx("slot.mine.cutoff", { n: data.cancel_cutoff_min })),
      h(
        "div",
        { class: "table-scroll" },
        h(
          "table",
          { class: "slot-table" },
          h("caption", { class: "sr-only" }, tx("slot.mine.bookings")),
          h("thead", {}, h("tr", {}, ["slot.mine.when", "slot.mine.booth", "slot.mine.status", "slot.mine.actions"].map((k) => h("th", { scope: "col" }, tx(k))))),
          h("tbody", {}, data.bookings.map(bookingRow)),
        ),
      ),
    );
  }

  function renderOffers() {
    if (!data.offers.length) return offersBox.replaceChildren();
    const hid = newId("offers");
    offersBox.replaceChildren(
      h("h2", { id: hid }, tx("slot.mine.offers")),
      h(
        "ul",
        { "aria-labelledby": hid },
        data.offers.map((o) => {
          const text = h("span", {});
          bind(text, (el) => (el.textContent = t("slot.mine.offerText", { booth: o.booth?.name ?? "", time: slotTime(o.slot, o.fair), until: formatInZone(o.expires_at, o.fair?.timezone ?? "UTC") })));
          const take = h("button", { type: "button", class: "button primary" });
          bind(take, (el) => (el.textContent = t("slot.mine.take", { booth: o.booth?.name ?? "" })));
          take.addEventListener("click", async () => {
            try {
              await app.client.request(CMD.SLOT_BOOK, { slot_id: o.slot.id });
              say(t("slot.bookedNotice", { booth: o.booth?.name ?? "", time: slotTime(o.slot, o.fair) }));
              await reload();
            } catch (err) {
              say(err.code === "conflict" && err.message ? err.message : errorText(err));
            }
          });
          return h("li", {}, text, " ", take);
        }),
      ),
    );
  }

  function renderWaitlists() {
    if (!data.waitlists.length) return waitBox.replaceChildren();
    const hid = newId("waitlists");
    waitBox.replaceChildren(
      h("h2", { id: hid }, tx("slot.mine.waitlists")),
      h("ul", { "aria-labelledby": hid }, data.waitlists.map((w) => h("li", {}, h("a", { href: `#/booth/${w.booth.id}` }, tx("slot.mine.waitlistRow", { booth: w.booth.name, position: w.position }))))),
    );
  }

  function renderFeed() {
    const fid = newId("feed");
    const parts = [h("h2", {}, tx("slot.feed.title")), h("p", { class: "hint" }, tx("slot.feed.lead"))];
    if (feedUrl) {
      parts.push(
        h("p", { role: "status" }, tx("slot.feed.made")),
        h("label", { for: fid }, tx("slot.feed.url")),
        h("input", { id: fid, type: "text", readonly: true, value: feedUrl, class: "slot-feed-url", onfocus: (ev) => ev.target.select() }),
      );
    } else if (data.feed) {
      parts.push(h("p", {}, tx("slot.feed.exists", () => ({ time: new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(new Date(data.feed.created_at * 1000)) }))));
    } else {
      parts.push(h("p", {}, tx("slot.feed.none")));
    }
    const button = h("button", { type: "button", class: "button" }, tx(data.feed || feedUrl ? "slot.feed.rotate" : "slot.feed.create"));
    button.addEventListener("click", async () => {
      try {
        const r = await app.client.request(CMD.SLOT_FEED_ROTATE);
        feedUrl = r.url ?? `${location.origin}${r.path}`;
        data.feed = { created_at: r.created_at };
        renderFeed();
        feedBox.querySelector("input")?.focus();
      } catch (err) {
        say(errorText(err));
      }
    });
    parts.push(h("p", {}, button));
    feedBox.replaceChildren(...parts);
  }

  function renderAll() {
    renderBookings();
    renderOffers();
    renderWaitlists();
    renderFeed();
  }

  async function reload() {
    try {
      data = await app.client.request(CMD.SLOT_MINE);
      renderAll();
    } catch (err) {
      if (!ctx.signal.aborted) say(errorText(err));
    }
  }

  renderAll();
  if (app.user) {
    const sub = app.client.subscribe(topic.user(app.user.id), {
      onSubscribed: () => reload(),
      onReset: () => reload(),
      onEvent: (push) => {
        const d = push.data ?? {};
        const tz = d.fair?.timezone ?? "UTC";
        if (push.event === EVT.SLOT_REMINDER) say(t(d.role === "staff" ? "slot.live.staffReminder" : "slot.live.reminder", { booth: d.booth?.name ?? "", n: d.minutes }));
        else if (push.event === EVT.SLOT_OFFER) say(t("slot.live.offer", { booth: d.booth?.name ?? "", time: formatInZone(d.slot.starts_at, tz), until: formatInZone(d.expires_at, tz) }));
        else if (push.event === EVT.SLOT_WITHDRAWN) say(t("slot.live.withdrawn", { booth: d.booth?.name ?? "", time: formatInZone(d.slot.starts_at, tz) }));
        else return;
        reload();
      },
    });
    ctx.onCleanup(() => sub.unsubscribe());
  }

  const hid = newId("bookings");
  return h(
    "div",
    { class: "view slot-view" },
    h("h1", {}, tx("slot.mine.title")),
    status,
    h("section", { "aria-labelledby": hid }, h("h2", { id: hid }, tx("slot.mine.bookings")), bookingsBox),
    offersBox,
    waitBox,
    h("section", { class: "slot-feed-section" }, feedBox),
  );
}
