// `#/invite/{token}`: an employer or colleague invitation. Shows what it is for (preview), then
// either "Accept as <signed-in employer>" or a create-account form; after accepting, the
// employer's booths page (#/employer).
import { t, tx, bind, localized } from "../../i18n.js";
import { api } from "../../http.js";
import { h } from "../../ui.js";
import { field, summary, serverFieldError } from "./form.js";
import { formatFairTimes } from "./time.js";
import "./strings.js";

export async function inviteView(ctx) {
  const token = ctx.params[0];
  const preview = await api("POST", "/api/invitations/preview", { token }, { signal: ctx.signal });
  ctx.app.setTitle(() => t("fairs.invite.title"));
  const what = h("p", { class: "lead", id: "fa-invite-what" });
  bind(what, (e) => {
    const fair = localized(preview.fair.title).text;
    e.textContent =
      preview.kind === "firm"
        ? t("fairs.invite.firm", { firm: preview.firm_name, fair })
        : t("fairs.invite.colleague", { name: preview.name, booth: preview.booth?.name ?? "", fair });
  });
  const when = h("p", {});
  bind(when, (e) => (e.textContent = t("fairs.invite.when", { when: formatFairTimes(preview.fair) })));
  const view = h("div", { class: "view narrow fa-page" }, h("h1", {}, tx("fairs.invite.title")), what, when);
  const area = h("div", { id: "fa-invite-area" });
  view.append(area);

  const accepted = () => {
    area.replaceChildren(
      h("p", { class: "notice", role: "status" }, tx("fairs.invite.accepted")),
      h("p", {}, h("a", { class: "button primary", href: "#/employer", id: "fa-invite-next" }, tx("fairs.invite.next"))),
    );
    area.querySelector("a").focus();
  };

  if (preview.state !== "pending") {
    area.append(h("p", { class: "form-summary", role: "alert" }, tx(`fairs.invite.state.${preview.state}`)));
    return view;
  }
  const user = ctx.app.user;
  if (user && user.role === "employer") {
    const sum = summary();
    const button = h("button", { type: "button", class: "button primary", id: "fa-invite-accept" }, tx("fairs.invite.acceptAs", { name: user.name }));
    button.addEventListener("click", async () => {
      button.disabled = true;
      try {
        await api("POST", "/api/invitations/accept", { token }, { signal: ctx.signal });
        accepted();
      } catch (err) {
        if (err?.name === "AbortError") return;
        sum.show(() => (err.code === "conflict" ? err.message : null) || t("error.generic", { code: err.code }));
        button.disabled = false;
      }
    });
    area.append(sum.element, button);
    return view;
  }
  if (user) {
    area.append(h("p", { class: "form-summary", role: "alert" }, tx("fairs.invite.otherRole", { name: user.name })));
    return view;
  }

  // Not signed in: create the employer account here.
  const f = {
    name: field({ name: "name", labelKey: "fairs.invite.name", attrs: { autocomplete: "name", maxlength: 100, required: true } }),
    email: field({ name: "email", type: "email", labelKey: "fairs.invite.email", attrs: { autocomplete: "email", maxlength: 254, required: true, spellcheck: "false", autocapitalize: "none" } }),
    password: field({ name: "password", type: "password", labelKey: "fairs.invite.password", hintKey: "fairs.invite.passwordHint", attrs: { autocomplete: "new-password", maxlength: 128, required: true } }),
  };
  if (preview.email) f.email.input.value = preview.email;
  const sum = summary();
  const submit = h("button", { type: "submit", class: "button primary", id: "fa-invite-submit" }, tx("fairs.invite.submit"));
  const form = h(
    "form",
    { class: "form", novalidate: true, "aria-labelledby": "fa-create-h" },
    h("h2", { id: "fa-create-h" }, tx("fairs.invite.create")),
    sum.element,
    f.name.element,
    f.email.element,
    f.password.element,
    h("div", { class: "actions" }, submit),
  );
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    sum.clear();
    Object.values(f).forEach((x) => x.setError(null));
    const name = f.name.input.value.trim();
    const email = f.email.input.value.trim();
    const password = f.password.input.value;
    const bad = [];
    if (name.length < 1 || name.length > 100) bad.push(["name", "fairs.invite.bad.name"]);
    if (!/^[^@\s]+@[^@\s]+$/.test(email)) bad.push(["email", "fairs.invite.bad.email"]);
    if (password.trim().length < 8 || password.length > 128) bad.push(["password", "fairs.invite.bad.password"]);
    if (bad.length) {
      bad.forEach(([k, key]) => f[k].setError(key));
      sum.show("form.fixFields");
      f[bad[0][0]].input.focus();
      return;
    }
    submit.disabled = true;
    form.setAttribute("aria-busy", "true");
    try {
      const res = await api("POST", "/api/invitations/accept", { token, name, email, password }, { signal: ctx.signal });
      ctx.app.setUser(res.user);
      accepted();
    } catch (err) {
      if (err?.name === "AbortError") return;
      if (err.code === "conflict" && err.field === "email") {
        f.email.setError("fairs.invite.emailTaken");
        sum.show("form.fixFields");
        f.email.input.focus();
      } else if (!serverFieldError(err, f, sum)) {
        sum.show(() => (err.code === "conflict" ? err.message : null) || t("error.generic", { code: err.code }));
      }
    } finally {
      submit.disabled = false;
      form.removeAttribute("aria-busy");
    }
  });
  area.append(
    form,
    h("p", {}, tx("fairs.invite.haveAccount"), " ", h("a", { href: `#/login?next=${encodeURIComponent(`/invite/${token}`)}` }, tx("fairs.invite.login"))),
  );
  return view;
}
