// The recruiter's panel in a room: the participants with "remove", inviting another applicant of
// the booth (the room becomes a group), ending the room, and one evaluation form per candidate
// (notes, rating, outcome; an outcome also moves the application's status). Evaluation forms are
// built once per candidate and kept while the members change, so typing is never lost.
import { t, tx, bind, tOr } from "../../i18n.js";
import { api } from "../../http.js";
import { CMD } from "../../protocol.js";
import { h, newId, errorText } from "../../ui.js";

const OUTCOMES = ["next_step", "rejected", "hired"];
const EVAL_NOTES_MAX = 4000;

function field(label, control) {
  const id = control.id || (control.id = newId("room-f"));
  return h("div", { class: "field" }, h("label", { for: id }, label), control);
}

/**
 * @param {object} o
 * @param {Map<number, object>} o.members      the view's members (a removal is written into it)
 * @param {object[]} o.evaluations             saved evaluations from room.get
 * @param {() => object} o.getRoom             the room as the view knows it now
 * @param {object|null} o.booth                the booth (for its applicants), when it could be read
 * @param {(members?: object[], room?: object) => void} o.updateMembers   merges a reply's members
 * @param {(room?: object) => void} o.onEnded  the room was ended from here
 * Returns {element, render()}; the view calls render() whenever the members or the room change.
 */
export function recruiterPanel({ ctx, roomId, me, members, evaluations, getRoom, booth, updateMembers, onEnded }) {
  const { client } = ctx.app;
  const headingId = newId("room-panel");
  const status = h("p", { class: "room-panel-status", role: "status" });
  const people = h("ul", { class: "room-people", role: "list" });
  const evals = h("div", { class: "room-evals" });
  const evalForms = new Map(); // candidate id → form (kept while typing; members changes do not rebuild it)
  const savedEvals = new Map(evaluations.map((e) => [e.candidate_id, e])); // from room.get

  // -- participants with "remove" --
  function renderPeople() {
    const ended = getRoom().status === "ended";
    people.replaceChildren(
      ...[...members.values()].map((m) => {
        const state = h("span", { class: "room-state" }, tOr(`room.state.${m.state}`, m.state));
        const kick =
          m.user_id !== me && m.state !== "kicked" && !ended
            ? h(
                "button",
                {
                  type: "button",
                  class: "button room-kick",
                  "data-kick": m.user_id,
                  onclick: async (ev) => {
                    if (!window.confirm(t("room.panel.confirmKick", { name: m.name }))) return;
                    ev.target.disabled = true;
                    try {
                      await client.request(CMD.ROOM_KICK, { room_id: roomId, user_id: m.user_id });
                      members.set(m.user_id, { ...members.get(m.user_id), state: "kicked" });
                      say(t("room.panel.kicked", { name: m.name }));
                      updateMembers([]);
                    } catch (err) {
                      ev.target.disabled = false;
                      say(t("room.panel.failed", { message: errorText(err) }));
                    }
                  },
                },
                t("room.panel.kick", { name: m.name }),
              )
            : null;
        return h("li", { "data-user-id": m.user_id }, h("span", { class: "room-name" }, m.name), " ", h("span", { class: "badge badge-role" }, tOr(`room.role.${m.role}`, m.role)), " ", state, kick ? " " : null, kick);
      }),
    );
  }

  function say(text) {
    status.textContent = "";
    setTimeout(() => (status.textContent = text), 50);
  }

  // -- invite another applicant (the room becomes a group) --
  const inviteSelect = h("select", { id: newId("room-invite"), name: "application_id" });
  const inviteButton = h("button", { type: "submit", class: "button" }, tx("room.panel.inviteButton"));
  const noApplicants = h("p", { class: "hint", hidden: true }, tx("room.panel.noApplicants"));
  let applicants = [];
  const inviteForm = h(
    "form",
    {
      class: "form room-invite",
      onsubmit: async (ev) => {
        ev.preventDefault();
        const id = Number(inviteSelect.value);
        if (!id) return;
        inviteButton.disabled = true;
        try {
          const r = await client.request(CMD.ROOM_INVITE, { room_id: roomId, application_id: id });
          const a = applicants.find((x) => x.id === id);
          updateMembers(r.members, r.room);
          say(t("room.panel.invited", { name: a?.applicant?.name ?? "" }));
          renderInvite();
        } catch (err) {
          say(t("room.panel.failed", { message: err.message && err.code !== "internal" ? err.message : errorText(err) }));
        } finally {
          inviteButton.disabled = false;
        }
      },
    },
    h("h3", {}, tx("room.panel.invite")),
    field(tx("room.panel.inviteLabel"), inviteSelect),
    noApplicants,
    h("p", {}, inviteButton),
  );
  function renderInvite() {
    const names = new Set([...members.values()].map((m) => m.name));
    const open = applicants.filter((a) => a.applicant && !names.has(a.applicant.name) && a.status !== "rejected" && a.status !== "hired");
    inviteSelect.replaceChildren(...open.map((a) => h("option", { value: a.id }, `${a.applicant.name} — ${a.job ? a.job.title : t("room.start.drop")}`)));
    noApplicants.hidden = open.length > 0;
    inviteSelect.disabled = inviteButton.disabled = open.length === 0;
    inviteForm.hidden = getRoom().status === "ended";
  }
  if (booth) {
    api("GET", `/api/booths/${booth.id}/applications`, undefined, { signal: ctx.signal }).then(
      (r) => {
        applicants = r.applications ?? [];
        renderInvite();
      },
      () => renderInvite(),
    );
  }

  // -- end the room --
  const endButton = h(
    "button",
    {
      type: "button",
      class: "button room-end",
      onclick: async () => {
        if (!window.confirm(t("room.panel.confirmEnd"))) return;
        endButton.disabled = true;
        try {
          const r = await client.request(CMD.ROOM_END, { room_id: roomId });
          onEnded(r.room);
        } catch (err) {
          endButton.disabled = false;
          say(t("room.panel.failed", { message: errorText(err) }));
        }
      },
    },
    tx("room.panel.end"),
  );

  // -- evaluations --
  function evalForm(m) {
    const headId = newId("room-eval");
    const notes = h("textarea", { name: "notes", rows: "3", maxlength: String(EVAL_NOTES_MAX) });
    const rating = h("select", { name: "rating" });
    const outcome = h("select", { name: "outcome" });
    bind(rating, (s) => {
      const v = s.value;
      s.replaceChildren(h("option", { value: "" }, t("room.panel.noRating")), ...[1, 2, 3, 4, 5].map((n) => h("option", { value: String(n) }, `${n}/5`)));
      s.value = v;
    });
    bind(outcome, (s) => {
      const v = s.value;
      s.replaceChildren(h("option", { value: "" }, t("room.panel.noOutcome")), ...OUTCOMES.map((o) => h("option", { value: o }, t(`room.outcome.${o}`))));
      s.value = v;
    });
    const before = savedEvals.get(m.user_id);
    if (before) {
      notes.value = before.notes ?? "";
      rating.value = before.rating == null ? "" : String(before.rating);
      outcome.value = before.outcome ?? "";
    }
    const saved = h("p", { class: "room-saved", role: "status" });
    const save = h("button", { type: "submit", class: "button primary" }, tx("room.panel.save", { name: m.name }));
    const form = h(
      "form",
      {
        class: "form room-eval",
        "data-candidate": m.user_id,
        "aria-labelledby": headId,
        onsubmit: async (ev) => {
          ev.preventDefault();
          save.disabled = true;
          saved.textContent = "";
          const data = { room_id: roomId, candidate_id: m.user_id, notes: notes.value };
          if (rating.value) data.rating = Number(rating.value);
          if (outcome.value) data.outcome = outcome.value;
          try {
            const r = await client.request(CMD.ROOM_EVALUATE, data);
            saved.textContent = r.application_status
              ? `${t("room.panel.saved")} ${t("room.panel.appStatus", { status: tOr(`cv.status.${r.application_status}`, r.application_status) })}`
              : t("room.panel.saved");
          } catch (err) {
            saved.textContent = t("room.panel.failed", { message: err.code === "invalid" && err.message ? err.message : errorText(err) });
          } finally {
            save.disabled = false;
          }
        },
      },
      h("h3", { id: headId }, tx("room.panel.eval", { name: m.name })),
      h("p", { class: "hint" }, tx("room.panel.evalHint")),
      field(tx("room.panel.notes", { name: m.name }), notes),
      h("div", { class: "room-eval-row" }, field(tx("room.panel.rating", { name: m.name }), rating), field(tx("room.panel.outcome", { name: m.name }), outcome)),
      h("p", {}, save),
      saved,
    );
    return form;
  }
  function renderEvals() {
    for (const m of members.values()) {
      if (m.role !== "candidate" || evalForms.has(m.user_id)) continue;
      const f = evalForm(m);
      evalForms.set(m.user_id, f);
      evals.append(f);
    }
  }

  const peopleId = newId("room-people");
  const element = h(
    "section",
    { class: "room-panel", "aria-labelledby": headingId },
    h("h2", { id: headingId }, tx("room.panel.title")),
    status,
    h("h3", { id: peopleId }, tx("room.panel.people")),
    people,
    inviteForm,
    h("p", {}, endButton),
    evals,
  );
  people.setAttribute("aria-labelledby", peopleId);
  return {
    element,
    render() {
      renderPeople();
      renderInvite();
      renderEvals();
      endButton.hidden = getRoom().status === "ended";
    },
  };
}
