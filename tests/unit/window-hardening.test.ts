import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src/shared/content-security-policy.ts';
import {
  contentSecurityPolicy,
  isTrustedAppUrl,
  navigationDecision,
  permissionDecision,
  resolveAppAsset,
  secureWebPreferences,
  windowOpenDecision,
} from '../../src/electron/window-hardening.ts';

const FOREIGN = [
  'https://example.com/',
  'http://127.0.0.1:5173/index.html',
  'file:///etc/passwd',
  'cairn://evil/index.html',
  'cairn://app.evil.com/index.html',
  'cairn://user:pw@app/index.html',
  'cairn://app:8080/index.html',
  'CAIRN-x://app/',
  'javascript:alert(1)',
  'data:text/html,<script>1</script>',
  'about:blank',
  'devtools://devtools/bundled/inspector.html',
  'not a url',
  '',
];

describe('window hardening', () => {
  it('trusts only cairn://app/ URLs', () => {
    for (const url of ['cairn://app/', 'cairn://app/index.html', 'cairn://app/assets/app.js?x=1#token']) expect(isTrustedAppUrl(url), url).toBe(true);
    for (const url of FOREIGN) expect(isTrustedAppUrl(url), url).toBe(false);
  });

  it('lets a window navigate between the app pages and nowhere else', () => {
    expect(navigationDecision('cairn://app/index.html#/sessions')).toBe('allow');
    for (const url of FOREIGN) expect(navigationDecision(url), url).toBe('deny');
  });

  it('denies every new window, even one to the app itself', () => {
    for (const url of ['cairn://app/index.html', 'https://example.com/', 'about:blank']) expect(windowOpenDecision({ url })).toEqual({ action: 'deny' });
  });

  it('denies every permission, whoever asks', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'display-capture', 'openExternal', 'fullscreen', 'unknown']) {
      expect(permissionDecision(permission, 'cairn://app')).toBe(false);
      expect(permissionDecision(permission, 'https://example.com')).toBe(false);
    }
  });

  it('sends the same strict CSP as the browser host: only self, no inline, no framing', () => {
    expect(contentSecurityPolicy()).toBe(CONTENT_SECURITY_POLICY);
    const directives = new Map(contentSecurityPolicy().split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
    expect(directives.get('default-src')).toBe("'self'");
    expect(directives.get('script-src')).toBe("'self'");
    expect(directives.get('style-src')).toBe("'self'");
    expect(directives.get('frame-ancestors')).toBe("'none'");
    expect(directives.get('base-uri')).toBe("'none'");
    expect(directives.get('form-action')).toBe("'none'");
    expect(contentSecurityPolicy()).not.toMatch(/unsafe|\*/);
  });

  it('gives every window the security checklist webPreferences', () => {
    expect(secureWebPreferences('/app/preload.cjs')).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    });
  });

  describe('resolveAppAsset', () => {
    const root = mkdtempSync(join(tmpdir(), 'cairn-renderer-'));

    it('maps app URLs to files inside the renderer folder', () => {
      expect(resolveAppAsset('cairn://app/', root)).toBe(join(root, 'index.html'));
      expect(resolveAppAsset('cairn://app/index.html?x#token=1', root)).toBe(join(root, 'index.html'));
      expect(resolveAppAsset('cairn://app/assets/app%20x.js', root)).toBe(join(root, 'assets', 'app x.js'));
    });

    it('refuses traversal, however it is spelled, and anything not the app', () => {
      for (const url of [
        'cairn://app/../secret',
        'cairn://app/%2e%2e/secret',
        'cairn://app/assets/%2e%2e/%2e%2e/secret',
        'cairn://app/%2E%2E%2Fsecret',
        'cairn://app/..%2f..%2fetc%2fpasswd',
        'cairn://app/..%5c..%5csecret',
        'cairn://app/a%00.html',
        'cairn://app/%E0%A4%A',
        'cairn://other/index.html',
        'file:///etc/passwd',
        'https://example.com/index.html',
      ]) {
        const file = resolveAppAsset(url, root);
        if (file !== null) expect(file.startsWith(`${root}/`), `${url} -> ${file}`).toBe(true);
        if (!url.startsWith('cairn://app/') || /%00|%E0%A4%A|%5c/i.test(url)) expect(file, url).toBeNull();
      }
      expect(resolveAppAsset('cairn://app/..%2f..%2fetc%2fpasswd', root)).toBeNull();
      expect(resolveAppAsset('cairn://app/%2E%2E%2Fsecret', root)).toBeNull();
    });
  });
});
