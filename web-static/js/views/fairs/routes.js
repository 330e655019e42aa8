// Pages of the fairs capability (capabilities.js): ROUTES rows {pattern, view, auth, roles},
// NAV rows {href, key, roles}.
import { myFairsView, fairFormView } from "./organiser.js";
import { inviteView } from "./invite.js";
import { teamView } from "./team.js";

export const ROUTES = [
  { pattern: /^\/organiser$/, view: myFairsView, auth: true, roles: ["organiser"] },
  { pattern: /^\/organiser\/fair\/new$/, view: fairFormView, auth: true, roles: ["organiser"] },
  { pattern: /^\/organiser\/fair\/(\d+)$/, view: fairFormView, auth: true, roles: ["organiser"] },
  // Open to everyone: the invited person usually has no account yet.
  { pattern: /^\/invite\/([A-Za-z0-9_-]{20,100})$/, view: inviteView },
  { pattern: /^\/employer\/booth\/(\d+)\/team$/, view: teamView, auth: true, roles: ["employer"] },
];
export const NAV = [{ href: "#/organiser", key: "fairs.nav.mine", roles: ["organiser"] }];
