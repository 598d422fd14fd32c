// The one Content-Security-Policy of Cairn's UI, sent by both hosts: the Electron app's `cairn://`
// protocol handler and the browser host (`cairn serve`). Only the app's own files, no inline script
// or style, no framing, no forms, no base-URL tricks; images may also be data:/blob: for frames.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self'",
  "script-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
