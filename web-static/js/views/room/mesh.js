// The WebRTC mesh of one interview room: one RTCPeerConnection per other joined member, no SFU.
//
// Contract (protocol/ws/room.md, "Browser"):
//   - The NEWCOMER offers: after its room.join reply the page calls `call(id)` for every other
//     joined member. Members already in the room only answer.
//   - Signals travel as room.signal {to, kind: offer|answer|ice, payload}; `payload` is the SDP
//     text, or JSON.stringify(candidate) for ice. `handleSignal` takes the pushes addressed to us.
//   - An offer whose SDP session (the o= line) differs from the one our connection to that member
//     answered is a new session (the member reloaded or rejoined): the old connection is closed
//     and a new one answers. The same session again is a renegotiation (an ICE restart).
//   - Glare (both sides offered at once): the member with the lower user id gives way.
//   - ICE candidates that arrive before the remote description are kept and added after it.
//   - Every connection carries one audio and one video transceiver, both sendrecv, even without a
//     local track (the sender then sends nothing), so a camera started later, audio-only mode and
//     screen sharing are `replaceTrack` calls without renegotiation.
//   - A connection in "failed" is restarted (ICE restart offer) once by its offerer; after that it
//     stays failed and the page offers the text-only fallback.
// Nothing here touches the DOM; the page listens through the callbacks given to the constructor.

const MAX_ICE_RESTARTS = 1;

/** The session id of an SDP (the second field of its o= line), or "". */
export function sdpSession(sdp) {
  const m = /^o=\S+ (\S+) /m.exec(sdp ?? "");
  return m ? m[1] : "";
}

export class Mesh {
  /**
   * @param {object} o
   * @param {number} o.me            our user id
   * @param {(to:number, kind:string, payload:string) => Promise} o.send   sends one room.signal
   * @param {RTCConfiguration} o.config  iceServers, iceTransportPolicy
   * @param {(id:number, state:string) => void} o.onState        a connection's connectionState changed
   * @param {(id:number, stream:MediaStream) => void} o.onStream  remote media for a member
   * @param {(id:number) => void} o.onClosed                      a connection was closed by us
   */
  constructor({ me, send, config, onState, onStream, onClosed }) {
    this.me = me;
    this.send = send;
    this.config = config;
    this.onState = onState ?? (() => {});
    this.onStream = onStream ?? (() => {});
    this.onClosed = onClosed ?? (() => {});
    this.peers = new Map(); // user id → peer
    this.tracks = { audio: null, video: null }; // what every connection sends
    this.stream = new MediaStream();
  }

  setConfig(config) {
    this.config = config;
  }

  /** The local tracks to send (null: send nothing of that kind). Applies to every connection. */
  setTrack(kind, track) {
    this.tracks[kind] = track ?? null;
    for (const t of this.stream.getTracks()) if (t.kind === kind) this.stream.removeTrack(t);
    if (track) this.stream.addTrack(track);
    for (const peer of this.peers.values()) {
      const tr = peer.transceivers[kind];
      if (tr && peer.pc.signalingState !== "closed") tr.sender.replaceTrack(track ?? null).catch(() => {});
    }
  }

  /** We are the newcomer: open a connection to member `id` and send it an offer. */
  async call(id) {
    this.drop(id);
    const peer = this._peer(id, true);
    for (const kind of ["audio", "video"]) {
      peer.transceivers[kind] = peer.pc.addTransceiver(this.tracks[kind] ?? kind, { direction: "sendrecv", streams: [this.stream] });
    }
    await this._offer(peer, false);
  }

  /** Closes the connection to `id` (left, kicked, rejoined elsewhere). */
  drop(id) {
    const peer = this.peers.get(id);
    if (!peer) return;
    this.peers.delete(id);
    peer.closed = true;
    peer.pc.close();
    this.onClosed(id);
  }

  dropAll() {
    for (const id of [...this.peers.keys()]) this.drop(id);
  }

  has(id) {
    return this.peers.has(id);
  }

  state(id) {
    return this.peers.get(id)?.pc.connectionState ?? "closed";
  }

  /** Handles one room.signal push addressed to us: {from, kind, payload}. */
  async handleSignal({ from, kind, payload }) {
    if (typeof from !== "number" || from === this.me || typeof payload !== "string") return;
    try {
      if (kind === "offer") await this._onOffer(from, payload);
      else if (kind === "answer") await this._onAnswer(from, payload);
      else if (kind === "ice") await this._onIce(from, payload);
    } catch (err) {
      // A signal for a connection that has just been replaced, a malformed payload: the
      // connection concerned fails or is replaced; the page shows its state.
      console.warn(`room: ${kind} from ${from} not applied: ${err?.message ?? err}`);
    }
  }

  /** Figures for tests and the page: video frames decoded, bytes received, the selected
   *  candidate pair's local and remote candidate types. */
  async stats(id) {
    const peer = this.peers.get(id);
    if (!peer) return null;
    const report = await peer.pc.getStats();
    const out = { state: peer.pc.connectionState, framesDecoded: 0, bytesReceived: 0, audioBytesReceived: 0, localCandidate: null, remoteCandidate: null };
    let pairId = null;
    report.forEach((s) => {
      if (s.type === "inbound-rtp" && s.kind === "video") {
        out.framesDecoded += s.framesDecoded ?? 0;
        out.bytesReceived += s.bytesReceived ?? 0;
      }
      if (s.type === "inbound-rtp" && s.kind === "audio") out.audioBytesReceived += s.bytesReceived ?? 0;
      if (s.type === "transport" && s.selectedCandidatePairId) pairId = s.selectedCandidatePairId;
    });
    if (!pairId) report.forEach((s) => s.type === "candidate-pair" && s.nominated && s.state === "succeeded" && (pairId ??= s.id));
    const pair = pairId ? report.get(pairId) : null;
    if (pair) {
      out.localCandidate = report.get(pair.localCandidateId)?.candidateType ?? null;
      out.remoteCandidate = report.get(pair.remoteCandidateId)?.candidateType ?? null;
    }
    return out;
  }

  // ---- internals ----------------------------------------------------------------------------

  _peer(id, offerer) {
    const pc = new RTCPeerConnection(this.config);
    const peer = { id, pc, offerer, closed: false, making: false, pendingIce: [], remoteSession: "", restarts: 0, transceivers: {}, stream: new MediaStream() };
    this.peers.set(id, peer);
    pc.onicecandidate = (ev) => {
      if (ev.candidate && !peer.closed) this._send(id, "ice", JSON.stringify(ev.candidate.toJSON()));
    };
    pc.ontrack = (ev) => {
      if (peer.closed) return;
      if (!peer.stream.getTracks().includes(ev.track)) peer.stream.addTrack(ev.track);
      this.onStream(id, peer.stream);
    };
    pc.onconnectionstatechange = () => {
      if (peer.closed) return;
      const state = pc.connectionState;
      this.onState(id, state);
      if (state === "failed" && peer.offerer && peer.restarts < MAX_ICE_RESTARTS) {
        peer.restarts += 1;
        this._offer(peer, true).catch(() => {});
      }
    };
    this.onState(id, pc.connectionState);
    return peer;
  }

  async _offer(peer, iceRestart) {
    peer.making = true;
    try {
      const offer = await peer.pc.createOffer(iceRestart ? { iceRestart: true } : undefined);
      if (peer.closed) return;
      await peer.pc.setLocalDescription(offer);
      if (peer.closed) return;
      this._send(peer.id, "offer", peer.pc.localDescription.sdp);
    } finally {
      peer.making = false;
    }
  }

  async _onOffer(from, sdp) {
    let peer = this.peers.get(from);
    const session = sdpSession(sdp);
    if (peer) {
      const glare = peer.making || peer.pc.signalingState === "have-local-offer";
      if (glare && this.me > from) return; // we have priority: the other side answers our offer
      const sameSession = peer.remoteSession !== "" && peer.remoteSession === session && !glare;
      if (!sameSession) {
        this.drop(from);
        peer = null;
      }
    }
    if (!peer) peer = this._peer(from, false);
    peer.remoteSession = session;
    await peer.pc.setRemoteDescription({ type: "offer", sdp });
    if (peer.closed) return;
    // Send our tracks on the transceivers the offer created (one per kind, see the contract).
    for (const tr of peer.pc.getTransceivers()) {
      const kind = tr.receiver.track?.kind;
      if (!kind || peer.transceivers[kind]) continue;
      peer.transceivers[kind] = tr;
      tr.direction = "sendrecv";
      await tr.sender.replaceTrack(this.tracks[kind]);
      tr.sender.setStreams?.(this.stream);
    }
    await this._flushIce(peer);
    const answer = await peer.pc.createAnswer();
    if (peer.closed) return;
    await peer.pc.setLocalDescription(answer);
    if (peer.closed) return;
    this._send(from, "answer", peer.pc.localDescription.sdp);
  }

  async _onAnswer(from, sdp) {
    const peer = this.peers.get(from);
    if (!peer || peer.pc.signalingState !== "have-local-offer") return; // stale: a replaced offer
    peer.remoteSession = sdpSession(sdp);
    await peer.pc.setRemoteDescription({ type: "answer", sdp });
    await this._flushIce(peer);
  }

  async _onIce(from, payload) {
    const peer = this.peers.get(from);
    if (!peer) return;
    const candidate = JSON.parse(payload);
    if (!peer.pc.remoteDescription) {
      if (peer.pendingIce.length < 200) peer.pendingIce.push(candidate);
      return;
    }
    await peer.pc.addIceCandidate(candidate);
  }

  async _flushIce(peer) {
    const list = peer.pendingIce;
    peer.pendingIce = [];
    for (const c of list) {
      try {
        await peer.pc.addIceCandidate(c);
      } catch {
        /* a candidate of an earlier session */
      }
    }
  }

  _send(to, kind, payload) {
    Promise.resolve(this.send(to, kind, payload)).catch((err) => console.warn(`room: ${kind} to ${to} not sent: ${err?.code ?? err}`));
  }
}
