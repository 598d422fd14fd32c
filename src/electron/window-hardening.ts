// Window hardening of the desktop app, as small pure functions the main process wires into
// Electron's hooks (and that have their own tests): which URLs are the app's own, what a window may
// navigate to or open, which permissions a page gets (none), the CSP, the webPreferences, and how a
// `cairn://app/...` request maps to a file of the built renderer.
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../shared/content-security-policy.ts';

export const APP_SCHEME = 'cairn';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** Only `cairn://app/...` (no credentials, no port) is the app itself. */
export function isTrustedAppUrl(url: string): boolean {
  const parsed = parse(url);
  return (
    parsed !== null &&
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.hostname === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/** A window may move between the app's own pages and nowhere else. */
export function navigationDecision(url: string): 'allow' | 'deny' {
  return isTrustedAppUrl(url) ? 'allow' : 'deny';
}

/** Cairn never opens a second window from a page: every `window.open` and target=_blank is denied. */
export function windowOpenDecision(_details: { url: string }): { action: 'deny' } {
  return { action: 'deny' };
}

/** No page gets camera, microphone, notifications, geolocation, clipboard or anything else. */
export function permissionDecision(_permission: string, _origin: string): false {
  return false;
}

export function contentSecurityPolicy(): string {
  return CONTENT_SECURITY_POLICY;
}

/** The Electron security checklist's webPreferences for every Cairn window. */
export function secureWebPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
  } as const;
}

/**
 * The file inside `rendererDir` that `cairn://app/PATH` names (`/` is index.html), or null for
 * anything that is not the app's URL, is malformed, or would leave `rendererDir`.
 */
export function resolveAppAsset(requestUrl: string, rendererDir: string): string | null {
  if (!isTrustedAppUrl(requestUrl)) return null;
  let path: string;
  try {
    path = decodeURIComponent(new URL(requestUrl).pathname);
  } catch {
    return null;
  }
  // Backslashes and NULs have no business in an asset path (the former is a separator on Windows).
  if (path.includes('\0') || path.includes('\\')) return null;
  if (path === '' || path === '/') path = '/index.html';
  const root = resolve(rendererDir);
  const file = resolve(root, `.${path}`);
  const inside = relative(root, file);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) return null;
  return file;
}
