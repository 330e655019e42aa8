// This window's own media: the microphone, camera and screen-share tracks, the user's toggles
// (mute, camera off, audio only), and what the browser allowed (`status`). Every change is handed
// to the mesh (mesh.setTrack), which sends it on every connection without renegotiation.
// Also the ICE configuration (TURN credentials from room.turn, refreshed at half their lifetime).
import { CMD } from "../../protocol.js";

const VIDEO = { width: { ideal: 640 }, height: { ideal: 360 }, frameRate: { ideal: 24 } };

/** The error name a failed getUserMedia/getDisplayMedia is shown with. */
export const reasonOf = (err) => err?.name ?? String(err);

export class LocalMedia {
  /** @param {import("./mesh.js").Mesh|null} mesh  null: no WebRTC in this browser */
  constructor(mesh) {
    this.mesh = mesh;
    this.status = null; // null: not asked yet; else {problem: null|"audioOnly"|"failed"|"unsupported", reason}
    this.mic = null;
    this.camera = null;
    this.screen = null;
    this.muted = false;
    this.cameraOff = false;
    this.audioOnly = false;
    this.onChange = () => {}; // the screen share ended from the browser's own UI
  }

  /**
   * Asks for camera and microphone once (until stop()); falls back to the microphone alone, then
   * to nothing. `stillWanted()` is asked after the browser's prompt: when false (the page or the
   * room was left meanwhile) the devices are released at once and nothing changes.
   */
  async acquire(stillWanted) {
    if (this.status) return;
    if (!this.mesh) {
      this.status = { problem: "unsupported", reason: "" };
      return;
    }
    if (typeof navigator.mediaDevices?.getUserMedia !== "function") {
      this.status = { problem: "failed", reason: "getUserMedia" };
      return;
    }
    let stream = null;
    let problem = null;
    let reason = "";
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: this.audioOnly ? false : VIDEO });
    } catch (err) {
      reason = reasonOf(err);
      try {
        stream = await navigator.mediaDevices.getUserMedia({ audio: true });
        if (!this.audioOnly) problem = "audioOnly";
      } catch (err2) {
        problem = "failed";
        reason = err2?.name ?? reason;
      }
    }
    if (!stillWanted()) {
      stream?.getTracks().forEach((tr) => tr.stop());
      return;
    }
    this.mic = stream?.getAudioTracks()[0] ?? null;
    this.camera = stream?.getVideoTracks()[0] ?? null;
    if (!this.camera && problem === "audioOnly") this.audioOnly = true;
    if (this.mic) this.mic.enabled = !this.muted;
    if (this.camera) this.camera.enabled = !this.cameraOff;
    this.mesh.setTrack("audio", this.mic);
    this.mesh.setTrack("video", this.screen ?? this.camera);
    this.status = { problem, reason };
  }

  /** Releases every device; the next acquire() asks again. */
  stop() {
    for (const tr of [this.mic, this.camera, this.screen]) tr?.stop();
    this.mic = this.camera = this.screen = null;
    this.mesh?.setTrack("audio", null);
    this.mesh?.setTrack("video", null);
    this.status = null;
  }

  toggleMute() {
    if (!this.mic) return;
    this.muted = !this.muted;
    this.mic.enabled = !this.muted;
  }

  toggleCamera() {
    if (!this.camera) return;
    this.cameraOff = !this.cameraOff;
    this.camera.enabled = !this.cameraOff;
  }

  /**
   * Audio only on: the camera is released. Off: the camera is asked for again; `stillInCall()`
   * is asked after the prompt. Returns false when the call was left meanwhile (nothing changed).
   * Throws the browser's error when the camera cannot be had.
   */
  async toggleAudioOnly(stillInCall) {
    if (!this.audioOnly) {
      this.audioOnly = true;
      this.camera?.stop();
      this.camera = null;
      if (!this.screen) this.mesh?.setTrack("video", null);
      return true;
    }
    const s = await navigator.mediaDevices.getUserMedia({ video: VIDEO });
    if (!stillInCall()) {
      s.getTracks().forEach((tr) => tr.stop());
      return false;
    }
    this.camera = s.getVideoTracks()[0];
    this.camera.enabled = !this.cameraOff;
    this.audioOnly = false;
    if (this.status?.problem === "audioOnly") this.status.problem = null;
    if (!this.screen) this.mesh?.setTrack("video", this.camera);
    return true;
  }

  /** Starts sharing the screen in place of the camera. Returns false when the call was left
   *  during the picker. Throws the browser's error, except when the user cancelled the picker
   *  (NotAllowedError, AbortError: nothing to say). */
  async share(stillInCall) {
    try {
      const s = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
      if (!stillInCall()) {
        s.getTracks().forEach((tr) => tr.stop());
        return false;
      }
      this.screen = s.getVideoTracks()[0];
      this.screen.addEventListener("ended", () => {
        if (this.stopShare()) this.onChange();
      });
      this.mesh?.setTrack("video", this.screen);
    } catch (err) {
      if (err?.name !== "NotAllowedError" && err?.name !== "AbortError") throw err;
    }
    return true;
  }

  /** Back to the camera (or nothing in audio-only mode). Returns whether a share was stopped. */
  stopShare() {
    if (!this.screen) return false;
    this.screen.stop();
    this.screen = null;
    this.mesh?.setTrack("video", this.audioOnly ? null : this.camera);
    return true;
  }
}

/** The mesh's ICE configuration: TURN/STUN servers from room.turn, cached for half their TTL.
 *  `relay` forces TURN relays (iceTransportPolicy "relay"). */
export class IceConfig {
  constructor(client, roomId, relay) {
    this.client = client;
    this.roomId = roomId;
    this.relay = relay;
    this.iceServers = [];
    this.fetchedAt = 0;
    this.ttlMs = 0;
  }

  /** Refreshes the servers when due and then applies them to `mesh`. Rethrows not_found/forbidden
   *  (no longer a member); anything else keeps the old servers. */
  async apply(mesh) {
    if (!mesh) return;
    if (this.fetchedAt && Date.now() - this.fetchedAt < this.ttlMs / 2) return;
    try {
      const r = await this.client.request(CMD.ROOM_TURN, { room_id: this.roomId });
      this.iceServers = Array.isArray(r.ice_servers) ? r.ice_servers : [];
      this.ttlMs = (r.ttl_s ?? 600) * 1000;
      this.fetchedAt = Date.now();
    } catch (err) {
      if (err.code === "not_found" || err.code === "forbidden") throw err;
      // Without TURN or STUN the call still works between hosts that can reach each other.
    }
    mesh.setConfig({ iceServers: this.iceServers, iceTransportPolicy: this.relay ? "relay" : "all" });
  }
}
