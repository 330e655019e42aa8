// Live counts on the fair hall (views/booths/hall.js): every booth card shows "N visitors ·
// K recruiters online", from ONE throttled hall.presence push per interval on fair:{id} (the
// whole table), never one message per visitor movement.
//
// Contract: hallPresence(ctx, fairId) subscribes to fair:{id} for the view's life; after every
// (re)subscribe it asks presence.hall for the current table, then replaces it with each
// hall.presence push. decorate(container) puts (or refreshes) the count line in every booth
// card (li.bo-card[data-booth-id]) inside `container`; the hall calls it after rendering
// results, and the module calls it on every table change. The counts are deliberately not a
// live region (dozens of booths changing every few seconds would drown a screen reader); the
// booth page announces its own count.
import { bind } from "../../i18n.js";
import { CMD, EVT, topic } from "../../protocol.js";
import { h } from "../../ui.js";
import { countsText } from "./booth.js";

export function hallPresence(ctx, fairId) {
  const { client } = ctx.app;
  let table = null; // {boothId: {visitors, recruiters}}
  const containers = new Set();

  function line(card) {
    let p = card.querySelector(":scope > .pr-hall-counts");
    if (!p) {
      p = h("p", { class: "pr-hall-counts" });
      const id = card.dataset.boothId;
      bind(p, (el) => {
        const c = table?.[id];
        el.hidden = !c;
        el.textContent = c ? countsText(c.visitors, c.recruiters, "pr.hall.counts") : "";
      });
      card.append(p);
    }
    return p;
  }

  function refresh(container) {
    for (const card of container.querySelectorAll("li.bo-card[data-booth-id]")) {
      const p = line(card);
      const c = table?.[card.dataset.boothId];
      p.hidden = !c;
      p.dataset.visitors = c ? String(c.visitors) : "";
      p.dataset.recruiters = c ? String(c.recruiters) : "";
      if (c) p.textContent = countsText(c.visitors, c.recruiters, "pr.hall.counts");
    }
  }

  function apply(d) {
    if (!d || d.fair_id !== fairId || typeof d.booths !== "object") return;
    table = d.booths;
    for (const c of containers) if (c.isConnected) refresh(c);
  }

  const ask = () => client.request(CMD.PRESENCE_HALL, { fair_id: fairId }).then(apply, () => {}); // the next push brings it
  const sub = client.subscribe(topic.fair(fairId), {
    onSubscribed: () => ask(),
    onEvent: (push) => {
      if (push.event === EVT.HALL_PRESENCE) apply(push.data);
    },
  });
  ctx.onCleanup(() => sub.unsubscribe());
  sub.ready.then(() => {
    if (!table) ask();
  }, () => {});

  return {
    decorate(container) {
      containers.add(container);
      refresh(container);
    },
  };
}
