// The web client's copy of the fuar message catalogue (protocol/PROTOCOL.md section 3).
//
// The block between the markers is compared with the server's catalogue
// (protocol/catalogue.cpp) by a C++ unit test: keep the markers and one array per line, and
// change the names only together with the server. Everything below the block derives from it.

// BEGIN CATALOGUE
// Lists may span lines; // comments inside are ignored. One line per capability.
export const COMMANDS = [
  "hello", "ping", "subscribe", "unsubscribe", "presence.get", "chat.send", "chat.history",
  // chat
  // presence
  // queue
  // room
  // slot
];
export const EVENTS = [
  "chat.message", "presence", "subscription.reset", "subscription.revoked", "fair.updated", "application.updated", "cv.updated",
  // chat
  // presence
  // queue
  // room
  "room.invited",
  // slot
];
// END CATALOGUE

/** Returns `name` when it is in `list`; throws at module load time otherwise, so a typo or a
 *  name the server does not know cannot reach the wire. */
function known(list, name) {
  if (!list.includes(name)) throw new Error(`fuar protocol: "${name}" is not in the catalogue`);
  return name;
}

/** Command names, to be used instead of string literals. */
export const CMD = Object.freeze({
  HELLO: known(COMMANDS, "hello"),
  PING: known(COMMANDS, "ping"),
  SUBSCRIBE: known(COMMANDS, "subscribe"),
  UNSUBSCRIBE: known(COMMANDS, "unsubscribe"),
  PRESENCE_GET: known(COMMANDS, "presence.get"),
  CHAT_SEND: known(COMMANDS, "chat.send"),
  CHAT_HISTORY: known(COMMANDS, "chat.history"),
});

/** Event names carried by pushes. */
export const EVT = Object.freeze({
  CHAT_MESSAGE: known(EVENTS, "chat.message"),
  PRESENCE: known(EVENTS, "presence"),
  SUBSCRIPTION_RESET: known(EVENTS, "subscription.reset"),
  SUBSCRIPTION_REVOKED: known(EVENTS, "subscription.revoked"),
  FAIR_UPDATED: known(EVENTS, "fair.updated"),
  APPLICATION_UPDATED: known(EVENTS, "application.updated"),
  CV_UPDATED: known(EVENTS, "cv.updated"),
  ROOM_INVITED: known(EVENTS, "room.invited"),
});

/** Topic names (PROTOCOL.md section 5). */
export const topic = Object.freeze({
  fair: (id) => `fair:${id}`,
  booth: (id) => `booth:${id}`,
  user: (id) => `user:${id}`,
  staff: (boothId) => `staff:${boothId}`,
  room: (id) => `room:${id}`,
});

/** Field limits the client checks before sending (PROTOCOL.md sections 1 and 3). */
export const LIMITS = Object.freeze({
  EMAIL_MIN: 3, EMAIL_MAX: 254,
  PASSWORD_MIN: 8, PASSWORD_MAX: 128,
  NAME_MIN: 1, NAME_MAX: 100,
  CHAT_TEXT_MIN: 1, CHAT_TEXT_MAX: 2000,
  NONCE_MAX: 64,
  HISTORY_LIMIT_MAX: 100,
});

/** Client reaction to a WebSocket close code (PROTOCOL.md section 7).
 *  Returns "none" | "reconnect" | "reconnect_now" | "login" | "give_up" | "stop". */
export function closeReaction(code) {
  if (code === 1000) return "none";
  if (code === 1008) return "stop";
  if (code === 4000) return "reconnect_now";
  if (code >= 4000 && code <= 4099) return "reconnect";
  if (code >= 4100 && code <= 4199) return "login";
  if (code >= 4200 && code <= 4299) return "give_up";
  // 1001 going away, 1006 abnormal (network drop, refused upgrade), 1009, 1011, anything else.
  return "reconnect";
}
