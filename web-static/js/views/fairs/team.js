// `#/employer/booth/{id}/team`: the booth's team (GET /api/booths/{id}/members); the owner
// invites colleagues (the link is shown once) and removes recruiters.
import { t, tx, bind } from "../../i18n.js";
import { api } from "../../http.js";
import { h } from "../../ui.js";
import { field, summary, statusLine, serverFieldError, copyText } from "./form.js";
import { tattrButton } from "./organiser.js";
import "./strings.js";

export async function teamView(ctx) {
  const boothId = Number(ctx.params[0]);
  ctx.app.setTitle(() => t("fairs.team.title"));
  const me = ctx.app.user;
  const list = h("ul", { class: "fa-list", id: "fa-members" });
  const pendingList = h("ul", { class: "fa-list", id: "fa-team-pending" });
  const pendingSection = h("section", { "aria-labelledby": "fa-pending-h", hidden: true }, h("h2", { id: "fa-pending-h" }, tx("fairs.team.pending")), pendingList);
  const done = statusLine();
  const listSum = summary();
  let owner = false;

  const render = (data) => {
    owner = data.members.some((m) => m.user_id === me?.id && m.member_role === "owner");
    list.replaceChildren(
      ...data.members.map((m) => {
        const remove =
          owner && m.member_role === "recruiter"
            ? tattrButton("fairs.team.remove", "fairs.team.removeLabel", { name: m.name }, async () => {
                try {
                  await api("DELETE", `/api/booths/${boothId}/members/${m.user_id}`, undefined, { signal: ctx.signal });
                  done.show("fairs.team.removed");
                  await reload();
                  list.querySelector("button")?.focus() ?? list.focus();
                } catch (err) {
                  if (err?.name !== "AbortError") listSum.show(err);
                }
              })
            : null;
        return h(
          "li",
          { class: "fa-item", "data-user-id": m.user_id },
          h("strong", {}, m.name),
          " ",
          h("span", {}, m.email),
          " ",
          h("span", { class: "badge badge-role" }, tx(`fairs.team.role.${m.member_role}`)),
          " ",
          remove,
        );
      }),
    );
    const pending = data.invitations ?? [];
    pendingSection.hidden = !pending.length;
    pendingList.replaceChildren(...pending.map((i) => h("li", { class: "fa-item" }, h("strong", {}, i.name), " ", h("span", {}, i.email))));
  };
  const reload = async () => render(await api("GET", `/api/booths/${boothId}/members`, undefined, { signal: ctx.signal }));
  await reload();
  list.setAttribute("tabindex", "-1");

  const view = h(
    "div",
    { class: "view fa-page" },
    h("p", { class: "breadcrumb" }, h("a", { href: "#/employer" }, tx("fairs.team.back"))),
    h("h1", {}, tx("fairs.team.title")),
    h("section", { "aria-labelledby": "fa-members-h" }, h("h2", { id: "fa-members-h" }, tx("fairs.team.members")), listSum.element, list, done.element),
    pendingSection,
  );
  if (owner) view.append(inviteForm(ctx, boothId, reload));
  return view;
}

function inviteForm(ctx, boothId, reload) {
  const name = field({ name: "name", labelKey: "fairs.team.name", attrs: { maxlength: 100, required: true } });
  const email = field({ name: "email", type: "email", labelKey: "fairs.team.email", attrs: { maxlength: 254, required: true, spellcheck: "false", autocapitalize: "none" } });
  const sum = summary();
  const result = h("div", { class: "fa-once", hidden: true });
  const submit = h("button", { type: "submit", class: "button primary", id: "fa-team-send" }, tx("fairs.team.send"));
  const form = h("form", { class: "form narrow", novalidate: true, "aria-labelledby": "fa-team-inv-h" }, h("h2", { id: "fa-team-inv-h" }, tx("fairs.team.invite")), sum.element, name.element, email.element, h("div", { class: "actions" }, submit));
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    sum.clear();
    name.setError(null);
    email.setError(null);
    if (!name.input.value.trim()) return name.setError("fairs.field.required"), name.input.focus();
    if (!/^[^@\s]+@[^@\s]+$/.test(email.input.value.trim())) return email.setError("fairs.invite.bad.email"), email.input.focus();
    submit.disabled = true;
    try {
      const res = await api("POST", `/api/booths/${boothId}/invitations`, { name: name.input.value.trim(), email: email.input.value.trim() }, { signal: ctx.signal });
      const linkInput = h("input", { type: "text", id: "fa-team-link", readonly: true, value: res.link, class: "fa-link" });
      const copied = statusLine();
      const copy = h("button", { type: "button", class: "button", id: "fa-team-copy" }, tx("fairs.inv.copy"));
      copy.addEventListener("click", () => copyText(res.link, linkInput, copied));
      result.replaceChildren(h("label", { for: linkInput.id }, tx("fairs.inv.linkOnce")), h("div", { class: "fa-row" }, linkInput, copy), copied.element);
      result.hidden = false;
      name.input.value = "";
      email.input.value = "";
      linkInput.focus();
      await reload();
    } catch (err) {
      if (err?.name === "AbortError") return;
      if (!serverFieldError(err, { name, email }, sum)) sum.show(err);
    } finally {
      submit.disabled = false;
    }
  });
  return h("section", {}, form, result);
}
