// Pages of the people capability (see app.js): ROUTES rows {pattern, view, auth, roles},
// NAV rows {href, key, roles}.
export const ROUTES = [];
export const NAV = [];
