// The list of the app's capabilities, in one place. Each capability keeps its pages, strings and
// live sections in views/<capability>/routes.js, which may export:
//   ROUTES          rows {pattern, view, auth, guestOnly, roles} for the router (app.js)
//   NAV             rows {href, key, roles}: links in the header
//   BOOTH_SECTIONS  functions (ctx, {booth, fair, jobs}) => element|null, shown on a booth page
//   STAFF_LINKS     rows {key, href(boothId)}: a booth's staff pages on the employer's "My booths"
// Adding a capability: import its routes.js here, add it to CAPABILITIES (and, when it is live on
// a booth, to ON_A_BOOTH), and link its stylesheet in index.html.
//
// The tables are read through functions, at render time: a capability's own pages may import this
// module (employer.js does), and in that import cycle this module's constants are not yet set
// while the capability's module is being evaluated.
import * as fairs from "./views/fairs/routes.js";
import * as booths from "./views/booths/routes.js";
import * as people from "./views/people/routes.js";
import * as cvs from "./views/cvs/routes.js";
import * as chat from "./views/chat/routes.js";
import * as presence from "./views/presence/routes.js";
import * as queue from "./views/queue/routes.js";
import * as room from "./views/room/routes.js";
import * as slot from "./views/slot/routes.js";

/** Every capability, in the order of their header links. */
const CAPABILITIES = [fairs, booths, people, cvs, chat, presence, queue, room, slot];

/** The live capabilities in the order a visitor meets them at a booth: who is there, the queue,
 *  a time slot, an interview, then the private conversation (the same order for the staff
 *  links). */
const ON_A_BOOTH = [presence, queue, slot, room, chat];

/** The router rows of every capability. */
export function capabilityRoutes() {
  return CAPABILITIES.flatMap((c) => c.ROUTES ?? []);
}

/** The header links of every capability. */
export function navLinks() {
  return CAPABILITIES.flatMap((c) => c.NAV ?? []);
}

/** The sections the live capabilities add to a booth page. */
export function boothSections() {
  return ON_A_BOOTH.flatMap((c) => c.BOOTH_SECTIONS ?? []);
}

/** The links to a booth's staff pages of the live capabilities. */
export function staffLinks() {
  return ON_A_BOOTH.flatMap((c) => c.STAFF_LINKS ?? []);
}
