// The app's Content-Security-Policy, one policy wherever the app is served: the desktop shell
// sends it as a header (electron/protocol.ts), the web build carries it as a meta tag
// (vite.web.config.ts), and `npm start`'s local server sends it as a header
// (scripts/serve-static.mjs). Plain JavaScript so the Node scripts read it as it is.

/** The policy as a meta tag can carry it (`frame-ancestors` is ignored in a meta tag). */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  // pdf.js compiles its image decoders to WebAssembly.
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self' blob: data:",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** The same policy as an HTTP header, which can also forbid framing the app. */
export const CONTENT_SECURITY_POLICY_HEADER = `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`;

/**
 * The team server's origin (`https://couch.lab.example:6984`), checked: exactly one http(s)
 * origin, never a wildcard or a path. Throws a sentence naming the value otherwise.
 */
export function checkSyncOrigin(value) {
  let url;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`"${value}" is not an origin such as https://couch.example.org:6984.`);
  }
  // The host must be a plain name or address: `*` or `;` would widen or break the policy.
  const plainHost = /^([a-z0-9-]+\.)*[a-z0-9-]+$|^\[[0-9a-f:.]+\]$/i.test(url.hostname);
  if (!/^https?:$/.test(url.protocol) || !plainHost || url.origin !== value.replace(/\/+$/, '')) {
    throw new Error(`"${value}" must be exactly one origin (scheme, host, port), such as https://couch.example.org:6984.`);
  }
  return url.origin;
}

/**
 * The policy with the team servers' origins added to `connect-src` (a list, or a string of
 * origins separated by spaces as CLAIMSCOPE_SYNC_ORIGIN gives them; each checked; none: the
 * policy as it is).
 */
export function policyWithSyncOrigin(origins) {
  const given = Array.isArray(origins) ? origins : (origins ?? '').split(/\s+/);
  const list = given.filter(Boolean).map(checkSyncOrigin);
  if (list.length === 0) return CONTENT_SECURITY_POLICY;
  return CONTENT_SECURITY_POLICY.replace(
    "connect-src 'self' blob: data:",
    `connect-src 'self' blob: data: ${[...new Set(list)].join(' ')}`,
  );
}

/** The header form of {@link policyWithSyncOrigin}. */
export function headerWithSyncOrigin(origin) {
  return `${policyWithSyncOrigin(origin)}; frame-ancestors 'none'`;
}
