// "Apply" and "Leave my CV at this booth" buttons for other capabilities' pages (the job page,
// the booth page). Each opens a modal <dialog>: pick a CV, write a note, and read that applying
// shares this CV with that firm only. Focus moves into the dialog, Escape or Cancel closes it,
// and focus returns to the button.
//   applyButton(job, app)   job = {id, title, booth: {id, name}} (or booth_name)
//   dropCvButton(booth, app) booth = {id, name}
import { api } from "../../http.js";
import { t, tx, bind } from "../../i18n.js";
import { h, newId, errorText } from "../../ui.js";
import "./strings.js";

export function applyButton(job, app) {
  const firm = job.booth?.name ?? job.booth_name ?? "";
  return openerButton(app, {
    label: () => t("cv.apply.buttonFor", { title: job.title }),
    title: () => t("cv.apply.title", { title: job.title }),
    send: () => t("cv.apply.send"),
    firm,
    path: `/api/jobs/${job.id}/applications`,
  });
}

export function dropCvButton(booth, app) {
  return openerButton(app, {
    label: () => t("cv.drop.button"),
    title: () => t("cv.drop.title", { firm: booth.name }),
    send: () => t("cv.drop.send"),
    firm: booth.name,
    path: `/api/booths/${booth.id}/applications`,
  });
}

function openerButton(app, spec) {
  const wrap = h("div", { class: "cv-apply" });
  const result = h("p", { class: "notice", role: "status", hidden: true });
  const button = h("button", { type: "button", class: "button primary" });
  bind(button, (b) => (b.textContent = spec.label()));
  button.addEventListener("click", () => openDialog(app, spec, button, result));
  wrap.append(button, result);
  if (app?.user && app.user.role !== "jobseeker") button.hidden = true;
  return wrap;
}

async function openDialog(app, spec, opener, result) {
  if (!app?.user) {
    result.textContent = t("cv.apply.signIn");
    result.hidden = false;
    return;
  }
  let cvs = [];
  try {
    cvs = (await api("GET", "/api/me/cvs")).cvs;
  } catch (err) {
    result.textContent = errorText(err);
    result.hidden = false;
    return;
  }
  const titleId = newId("cv-dialog-title");
  const cvId = newId("cv-pick");
  const noteId = newId("cv-note");
  const noteHint = newId("cv-note-hint");
  const sharesId = newId("cv-shares");
  const errorBox = h("p", { class: "form-summary", role: "alert", hidden: true });
  const dialog = h("dialog", { class: "cv-dialog", "aria-labelledby": titleId, "aria-describedby": sharesId });
  const close = () => {
    dialog.close();
    dialog.remove();
    opener.focus();
  };
  dialog.addEventListener("cancel", (e) => {
    e.preventDefault();
    close();
  });

  const heading = h("h2", { id: titleId }, spec.title());
  const shares = h("p", { id: sharesId, class: "cv-shares" }, t("cv.apply.shares", { firm: spec.firm }));
  const cancel = h("button", { type: "button", class: "button", onclick: close }, tx("cv.apply.cancel"));

  if (!cvs.length) {
    dialog.append(
      heading,
      shares,
      h("p", {}, tx("cv.apply.noCv")),
      h("p", { class: "cv-dialog-actions" }, h("a", { href: "#/me/cvs", class: "button primary", onclick: () => close() }, tx("cv.apply.uploadFirst")), " ", cancel),
    );
  } else {
    const select = h(
      "select",
      { id: cvId, name: "cv_id" },
      cvs.map((c) => h("option", { value: String(c.id) }, c.name)),
    );
    const note = h("textarea", { id: noteId, name: "note", rows: "4", maxlength: "1000", "aria-describedby": noteHint });
    const submit = h("button", { type: "submit", class: "button primary" }, spec.send());
    const form = h(
      "form",
      {
        class: "form",
        method: "dialog",
        onsubmit: async (e) => {
          e.preventDefault();
          submit.disabled = true;
          errorBox.hidden = true;
          try {
            await api("POST", spec.path, { cv_id: Number(select.value), note: note.value });
            close();
            result.textContent = t("cv.apply.sent", { firm: spec.firm });
            result.hidden = false;
            app.announce?.(result.textContent);
          } catch (err) {
            errorBox.textContent = err.code === "conflict" && /already/.test(err.message ?? "") ? t("cv.apply.already") : err.message || errorText(err);
            errorBox.hidden = false;
            submit.disabled = false;
          }
        },
      },
      errorBox,
      h("div", { class: "field" }, h("label", { for: cvId }, tx("cv.apply.cv")), select),
      h(
        "div",
        { class: "field" },
        h("label", { for: noteId }, tx("cv.apply.note")),
        h("p", { class: "hint", id: noteHint }, tx("cv.apply.noteHint")),
        note,
      ),
      shares,
      h("p", { class: "cv-dialog-actions" }, submit, " ", cancel),
    );
    dialog.append(heading, form);
  }
  document.body.append(dialog);
  dialog.showModal();
  (dialog.querySelector("select, a.button") ?? cancel).focus();
}
