// The call controls: mute, camera off, audio only, share the screen (recruiters, where the browser
// can), leave. Toggles are buttons with aria-pressed; what is enabled comes from call.controls().
import { t, tx, tattr } from "../../i18n.js";
import { h } from "../../ui.js";
import { controls as controlsState } from "./call.js";
import { reasonOf } from "./media.js";

/**
 * @param {object} o
 * @param {import("./call.js").Call} o.call
 * @param {import("./media.js").LocalMedia} o.local
 * @param {boolean} o.recruiter      recruiters may share their screen
 * @param {() => void} o.onLeave
 * @param {(what: "self"|"all") => void} o.onChange   our own media changed: re-render our tile
 *        ("self") or also the notice ("all")
 * Returns {element, problem (the error line under the bar), render()}.
 */
export function roomControls({ call, local, recruiter, onLeave, onChange }) {
  const toggle = (control, key) => h("button", { type: "button", class: "button room-toggle", "aria-pressed": "false", "data-control": control }, tx(key));
  const mute = toggle("mute", "room.mute");
  const camera = toggle("camera", "room.cameraOff");
  const audioOnly = toggle("audio-only", "room.audioOnly");
  const canShare = recruiter && typeof navigator.mediaDevices?.getDisplayMedia === "function";
  const share = canShare ? toggle("share", "room.share") : null;
  const leave = h("button", { type: "button", class: "button room-leave", "data-control": "leave" }, tx("room.leave"));
  const problem = h("p", { class: "error-text", role: "alert" });
  const element = h("div", { class: "room-controls", role: "group" }, mute, camera, audioOnly, share, leave);
  tattr(element, "aria-label", "room.controls");

  function render() {
    const c = controlsState({ phase: call.phase, rtc: call.rtc, media: local.status, local });
    for (const [button, s] of [[mute, c.mute], [camera, c.camera], [audioOnly, c.audioOnly], [share, c.share]]) {
      if (!button) continue;
      button.setAttribute("aria-pressed", String(s.pressed));
      button.disabled = s.disabled;
    }
    leave.hidden = c.leaveHidden;
    element.hidden = c.hidden;
  }

  const inCall = () => call.phase === "joined";
  mute.addEventListener("click", () => {
    if (!local.mic) return;
    local.toggleMute();
    render();
    onChange("self");
  });
  camera.addEventListener("click", () => {
    if (!local.camera) return;
    local.toggleCamera();
    render();
  });
  audioOnly.addEventListener("click", async () => {
    problem.textContent = "";
    if (local.audioOnly) audioOnly.disabled = true;
    try {
      if (!(await local.toggleAudioOnly(inCall))) return; // left the call during the prompt
    } catch (err) {
      problem.textContent = t("room.cameraFailed", { reason: reasonOf(err) });
    }
    render();
    onChange("all");
  });
  share?.addEventListener("click", async () => {
    problem.textContent = "";
    if (local.screen) {
      local.stopShare();
    } else {
      try {
        if (!(await local.share(inCall))) return; // left the call during the picker
      } catch (err) {
        problem.textContent = t("room.shareFailed", { reason: reasonOf(err) });
      }
    }
    render();
    onChange("self");
  });
  local.onChange = () => {
    render();
    onChange("self");
  };
  leave.addEventListener("click", () => onLeave());

  return { element, problem, render };
}
