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
