// Pages of the cvs capability (capabilities.js): ROUTES rows {pattern, view, auth, roles},
// NAV rows {href, key, roles}.
import "./strings.js";
import { myCvsView } from "./mycvs.js";
import { myApplicationsView } from "./applications.js";
import { applicantsView } from "./applicants.js";
import { cvDownloadsView } from "./downloads.js";

export const ROUTES = [
  { pattern: /^\/me\/cvs$/, view: myCvsView, auth: true, roles: ["jobseeker"] },
  { pattern: /^\/me\/applications$/, view: myApplicationsView, auth: true, roles: ["jobseeker"] },
  { pattern: /^\/employer\/booth\/(\d+)\/applicants$/, view: applicantsView, auth: true, roles: ["employer"] },
  { pattern: /^\/organiser\/fair\/(\d+)\/cv-downloads$/, view: cvDownloadsView, auth: true, roles: ["organiser"] },
];
export const NAV = [
  { href: "#/me/cvs", key: "cv.nav.cvs", roles: ["jobseeker"] },
  { href: "#/me/applications", key: "cv.nav.applications", roles: ["jobseeker"] },
];
