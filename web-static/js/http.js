// The HTTP half of the API (PROTOCOL.md section 1): JSON in and out, the session cookie sent by
// the browser, the CSRF header on every state-changing request.
import { FuarError } from "./client.js";

/**
 * api(method, path, body?, {signal}) → the parsed JSON body (null for 204).
 * Throws a FuarError {code, message, field, retry_after, status}: the server's error object when
 * it sent one; code "network" when the request did not get through. An aborted request throws
 * the fetch AbortError unchanged.
 */
export async function api(method, path, body, { signal } = {}) {
  const headers = { Accept: "application/json" };
  if (!["GET", "HEAD"].includes(method)) headers["X-Fuar-CSRF"] = "1";
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let res;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
      cache: "no-store",
      signal,
    });
  } catch (err) {
    if (err?.name === "AbortError") throw err;
    throw new FuarError({ code: "network", message: String(err?.message ?? err) });
  }
  if (res.status === 204) return null;
  let json = null;
  try {
    json = await res.json();
  } catch {
    /* empty or not JSON */
  }
  if (!res.ok) {
    const e = { ...(json?.error ?? { code: codeForStatus(res.status), message: res.statusText }) };
    if (e.retry_after == null && res.headers.get("Retry-After")) e.retry_after = Number(res.headers.get("Retry-After"));
    const err = new FuarError(e);
    err.status = res.status;
    throw err;
  }
  return json ?? {};
}

function codeForStatus(status) {
  return (
    { 400: "invalid", 401: "unauthorized", 403: "forbidden", 404: "not_found", 409: "conflict", 413: "too_large", 429: "rate_limited", 503: "unavailable" }[
      status
    ] ?? "internal"
  );
}
