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
  "thread.open", "thread.list", "thread.send", "thread.history", "thread.read", "thread.typing", "chat.report", "chat.reports", "chat.delete", "chat.dismiss", "chat.mute", "chat.unmute", "chat.ban", "chat.unban", "chat.moderation",
  // presence
  "presence.booth", "presence.hall", "presence.visitors", "presence.availability",
  // queue
  "queue.create", "queue.close", "queue.console", "queue.call", "queue.list", "queue.join", "queue.leave", "queue.mine", "queue.accept", "queue.decline",
  // room
  "room.create", "room.invite", "room.mine", "room.get", "room.join", "room.leave", "room.signal", "room.chat", "room.chat_history", "room.kick", "room.end", "room.turn", "room.evaluate",
  // slot
  "slot.publish", "slot.withdraw", "slot.list", "slot.schedule", "slot.book", "slot.cancel", "slot.mine", "slot.waitlist_join", "slot.waitlist_leave", "slot.no_show", "slot.start", "slot.feed_rotate",
];
export const EVENTS = [
  "chat.message", "presence", "subscription.reset", "subscription.revoked", "fair.updated", "application.updated", "cv.updated",
  // chat
  "thread.message", "thread.read", "thread.typing", "thread.deleted", "chat.deleted",
  // presence
  "hall.presence", "booth.presence", "booth.visitors",
  // queue
  "queue.summary", "queue.line", "queue.place",
  // room
  "room.invited", "room.member", "room.signal", "room.chat", "room.ended",
  // slot
  "slot.changed", "slot.withdrawn", "slot.offer", "slot.reminder",
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
  THREAD_OPEN: known(COMMANDS, "thread.open"),
  THREAD_LIST: known(COMMANDS, "thread.list"),
  THREAD_SEND: known(COMMANDS, "thread.send"),
  THREAD_HISTORY: known(COMMANDS, "thread.history"),
  THREAD_READ: known(COMMANDS, "thread.read"),
  THREAD_TYPING: known(COMMANDS, "thread.typing"),
  CHAT_REPORT: known(COMMANDS, "chat.report"),
  CHAT_REPORTS: known(COMMANDS, "chat.reports"),
  CHAT_DELETE: known(COMMANDS, "chat.delete"),
  CHAT_DISMISS: known(COMMANDS, "chat.dismiss"),
  CHAT_MUTE: known(COMMANDS, "chat.mute"),
  CHAT_UNMUTE: known(COMMANDS, "chat.unmute"),
  CHAT_BAN: known(COMMANDS, "chat.ban"),
  CHAT_UNBAN: known(COMMANDS, "chat.unban"),
  CHAT_MODERATION: known(COMMANDS, "chat.moderation"),
  PRESENCE_BOOTH: known(COMMANDS, "presence.booth"),
  PRESENCE_HALL: known(COMMANDS, "presence.hall"),
  PRESENCE_VISITORS: known(COMMANDS, "presence.visitors"),
  PRESENCE_AVAILABILITY: known(COMMANDS, "presence.availability"),
  QUEUE_CREATE: known(COMMANDS, "queue.create"),
  QUEUE_CLOSE: known(COMMANDS, "queue.close"),
  QUEUE_CONSOLE: known(COMMANDS, "queue.console"),
  QUEUE_CALL: known(COMMANDS, "queue.call"),
  QUEUE_LIST: known(COMMANDS, "queue.list"),
  QUEUE_JOIN: known(COMMANDS, "queue.join"),
  QUEUE_LEAVE: known(COMMANDS, "queue.leave"),
  QUEUE_MINE: known(COMMANDS, "queue.mine"),
  QUEUE_ACCEPT: known(COMMANDS, "queue.accept"),
  QUEUE_DECLINE: known(COMMANDS, "queue.decline"),
  ROOM_CREATE: known(COMMANDS, "room.create"),
  ROOM_INVITE: known(COMMANDS, "room.invite"),
  ROOM_MINE: known(COMMANDS, "room.mine"),
  ROOM_GET: known(COMMANDS, "room.get"),
  ROOM_JOIN: known(COMMANDS, "room.join"),
  ROOM_LEAVE: known(COMMANDS, "room.leave"),
  ROOM_SIGNAL: known(COMMANDS, "room.signal"),
  ROOM_CHAT: known(COMMANDS, "room.chat"),
  ROOM_CHAT_HISTORY: known(COMMANDS, "room.chat_history"),
  ROOM_KICK: known(COMMANDS, "room.kick"),
  ROOM_END: known(COMMANDS, "room.end"),
  ROOM_TURN: known(COMMANDS, "room.turn"),
  ROOM_EVALUATE: known(COMMANDS, "room.evaluate"),
  SLOT_PUBLISH: known(COMMANDS, "slot.publish"),
  SLOT_WITHDRAW: known(COMMANDS, "slot.withdraw"),
  SLOT_LIST: known(COMMANDS, "slot.list"),
  SLOT_SCHEDULE: known(COMMANDS, "slot.schedule"),
  SLOT_BOOK: known(COMMANDS, "slot.book"),
  SLOT_CANCEL: known(COMMANDS, "slot.cancel"),
  SLOT_MINE: known(COMMANDS, "slot.mine"),
  SLOT_WAITLIST_JOIN: known(COMMANDS, "slot.waitlist_join"),
  SLOT_WAITLIST_LEAVE: known(COMMANDS, "slot.waitlist_leave"),
  SLOT_NO_SHOW: known(COMMANDS, "slot.no_show"),
  SLOT_START: known(COMMANDS, "slot.start"),
  SLOT_FEED_ROTATE: known(COMMANDS, "slot.feed_rotate"),
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
  THREAD_MESSAGE: known(EVENTS, "thread.message"),
  THREAD_READ: known(EVENTS, "thread.read"),
  THREAD_TYPING: known(EVENTS, "thread.typing"),
  THREAD_DELETED: known(EVENTS, "thread.deleted"),
  CHAT_DELETED: known(EVENTS, "chat.deleted"),
  HALL_PRESENCE: known(EVENTS, "hall.presence"),
  BOOTH_PRESENCE: known(EVENTS, "booth.presence"),
  BOOTH_VISITORS: known(EVENTS, "booth.visitors"),
  QUEUE_SUMMARY: known(EVENTS, "queue.summary"),
  QUEUE_LINE: known(EVENTS, "queue.line"),
  QUEUE_PLACE: known(EVENTS, "queue.place"),
  ROOM_INVITED: known(EVENTS, "room.invited"),
  ROOM_MEMBER: known(EVENTS, "room.member"),
  ROOM_SIGNAL: known(EVENTS, "room.signal"),
  ROOM_CHAT: known(EVENTS, "room.chat"),
  ROOM_ENDED: known(EVENTS, "room.ended"),
  SLOT_CHANGED: known(EVENTS, "slot.changed"),
  SLOT_WITHDRAWN: known(EVENTS, "slot.withdrawn"),
  SLOT_OFFER: known(EVENTS, "slot.offer"),
  SLOT_REMINDER: known(EVENTS, "slot.reminder"),
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
