// "Report" on a chat message (public booth chat and private threads): a button that opens a
// small inline form asking for the reason, then sends chat.report. Focus goes into the form and
// back to the button; the outcome is said in a status line beside it.
import { t, tx, bind } from "../../i18n.js";
import { CMD } from "../../protocol.js";
import { h, newId } from "../../ui.js";
import { chatErrorText } from "./strings.js";

/** A report control for one message: kind "public" | "thread". */
export function reportControl(client, kind, message, authorName) {
  const formId = newId("report");
  const inputId = `${formId}-reason`;
  const button = h("button", { type: "button", class: "link-button report-button", "aria-expanded": "false", "aria-controls": formId }, tx("report.button"));
  bind(button, (el) => el.setAttribute("aria-label", t("report.buttonLabel", { name: authorName })));
  const input = h("input", { id: inputId, type: "text", maxlength: 500, autocomplete: "off", required: true });
  const note = h("p", { class: "hint report-note", role: "status" });
  const submit = h("button", { type: "submit", class: "button" }, tx("report.submit"));
  const cancel = h("button", { type: "button", class: "button" }, tx("report.cancel"));
  const form = h(
    "form",
    { id: formId, class: "report-form", hidden: true, novalidate: true },
    h("label", { for: inputId }, tx("report.reason")),
    input,
    h("span", { class: "report-actions" }, submit, " ", cancel),
  );
  const close = () => {
    form.hidden = true;
    button.setAttribute("aria-expanded", "false");
    button.focus();
  };
  button.addEventListener("click", () => {
    const open = form.hidden;
    form.hidden = !open;
    button.setAttribute("aria-expanded", String(open));
    if (open) input.focus();
  });
  cancel.addEventListener("click", close);
  form.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape") close();
  });
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const reason = input.value.trim();
    if (!reason || [...reason].length > 500) {
      note.textContent = t("report.reasonInvalid");
      input.setAttribute("aria-invalid", "true");
      input.focus();
      return;
    }
    input.removeAttribute("aria-invalid");
    submit.disabled = true;
    try {
      await client.request(CMD.CHAT_REPORT, { kind, message_id: message.id, reason });
      note.textContent = t("report.done");
      input.value = "";
      button.hidden = true;
      form.hidden = true;
    } catch (err) {
      note.textContent = err.code === "conflict" ? t("report.already") : chatErrorText(err);
      if (err.code === "conflict") {
        form.hidden = true;
        button.hidden = true;
      }
    } finally {
      submit.disabled = false;
    }
  });
  return h("span", { class: "report" }, button, form, note);
}
