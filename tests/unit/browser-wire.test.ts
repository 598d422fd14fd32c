import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { browserMessageSchema, isWebOrigin, MAX_MESSAGE_BYTES } from '../../src/capture/browser/browser-message.ts';
import { CHROMIUM_EXTENSION_ID, GECKO_ID } from '../../src/capture/browser/extension-identity.ts';
import { encodeNativeMessage, NativeMessageReader } from '../../src/capture/browser/native-messaging.ts';
import { originOf, snapshot, titleOf } from '../../extension/src/window-report.ts';
import { firefoxManifest } from '../../scripts/extension-manifest.ts';

const window = { seq: 1, id: 7, left: 0, top: 0, width: 800, height: 600, incognito: false, focused: true, origin: 'https://mail.example', title: 'Inbox' };

describe('the extension never names more than a site', () => {
  it('reduces any URL to its origin, with no path, query, fragment or credentials', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.webPath(), (url, path) => {
        const origin = originOf(url + path);
        expect(origin).not.toBeNull();
        expect(isWebOrigin(origin!)).toBe(true);
        expect(origin).toBe(new URL(url).origin);
      }),
      { numRuns: 150 },
    );
  });

  it('names no origin for pages that are not web sites', () => {
    for (const url of ['chrome://newtab/', 'about:blank', 'file:///home/me/notes.txt', 'data:text/html,hi', 'chrome-extension://abc/page.html', 'not a url', undefined]) {
      expect(originOf(url)).toBeNull();
    }
  });

  it('cuts a title made from the URL (an untitled page) to the host, and leaves real titles alone', () => {
    expect(titleOf('127.0.0.1:8080/private/path?token=s3cret', 'http://127.0.0.1:8080/private/path?token=s3cret')).toBe('127.0.0.1:8080');
    expect(titleOf('Inbox (3)', 'https://mail.example/u/0/#inbox')).toBe('Inbox (3)');
    expect(titleOf('mail', 'https://mail.example/x')).toBe('mail');
  });

  it('reports every normal window with bounds and the active tab, numbered in order, and skips the rest', () => {
    let seq = 10;
    const message = snapshot(
      [
        { id: 1, type: 'normal', left: 0, top: 0, width: 800, height: 600, incognito: false, focused: true, tabs: [{ active: false, url: 'https://a.example/x', title: 'A' }, { active: true, url: 'https://b.example/y?q=1', title: 'B' }] },
        { id: 2, type: 'popup', left: 0, top: 0, width: 300, height: 200, incognito: false, focused: false, tabs: [] },
        { id: 3, type: 'normal', incognito: true, focused: false, tabs: [] },
        { id: 4, type: 'normal', left: 10.4, top: 20, width: 400, height: 300, incognito: true, focused: false, tabs: [{ active: true, url: 'chrome://newtab/', title: 'New Tab' }] },
      ],
      () => ++seq,
    );
    expect(message.windows).toEqual([
      { seq: 11, id: 1, left: 0, top: 0, width: 800, height: 600, incognito: false, focused: true, origin: 'https://b.example', title: 'B' },
      { seq: 12, id: 4, left: 10, top: 20, width: 400, height: 300, incognito: true, focused: false, origin: null, title: 'New Tab' },
    ]);
    expect(browserMessageSchema.safeParse(message).success).toBe(true);
    expect(snapshot([], () => 1, 1_700_000_000_000)).toEqual({ sentAt: 1_700_000_000_000, windows: [] });
  });

  it("names a Firefox window by the window's own title, which its X window carries even for a page without <title>", () => {
    const untitled = { active: true, url: 'http://127.0.0.1:8080/draft?token=s3cret', title: '127.0.0.1:8080/draft?token=s3cret' };
    const firefox = { id: 1, type: 'normal', left: 0, top: 0, width: 800, height: 600, incognito: false, focused: true, tabs: [untitled] };
    expect(snapshot([{ ...firefox, title: 'Mozilla Firefox' }], () => 1).windows[0]).toMatchObject({ origin: 'http://127.0.0.1:8080', title: 'Mozilla Firefox' });
    expect(snapshot([firefox], () => 1).windows[0]?.title).toBe('127.0.0.1:8080');
  });
});

describe('the schema the host and the recorder check', () => {
  it('accepts a well-formed snapshot', () => {
    expect(browserMessageSchema.safeParse({ windows: [window, { ...window, id: 8, origin: null }] }).success).toBe(true);
    expect(browserMessageSchema.safeParse({ sentAt: 1_700_000_000_000, windows: [window] }).success).toBe(true);
    for (const sentAt of [-1, 1.5, '1700000000000', null]) expect(browserMessageSchema.safeParse({ sentAt, windows: [window] }).success).toBe(false);
  });

  it('refuses a URL with a path or query where an origin belongs, an unknown key, and oversized fields', () => {
    const bad = [
      { windows: [{ ...window, origin: 'https://mail.example/inbox' }] },
      { windows: [{ ...window, origin: 'https://mail.example?x=1' }] },
      { windows: [{ ...window, origin: 'https://user:pw@mail.example' }] },
      { windows: [{ ...window, origin: 'javascript:alert(1)' }] },
      { windows: [{ ...window, url: 'https://mail.example/inbox' }] },
      { windows: [window], extra: 1 },
      { windows: [{ ...window, title: 'x'.repeat(5000) }] },
      { windows: Array.from({ length: 500 }, () => window) },
      { windows: [{ ...window, seq: -1 }] },
      { windows: [{ ...window, width: 1.5 }] },
      { windows: 'all' },
      null,
    ];
    for (const message of bad) expect(browserMessageSchema.safeParse(message).success).toBe(false);
  });

  it('survives arbitrary JSON without throwing', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => void browserMessageSchema.safeParse(value)));
  });
});

describe('native-messaging framing', () => {
  it('reads back every message however the bytes are split into chunks', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 20 }), fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1 }), (values, cuts) => {
        const bytes = Buffer.concat(values.map((v) => encodeNativeMessage(v)));
        const got: unknown[] = [];
        const reader = new NativeMessageReader(MAX_MESSAGE_BYTES, (body) => got.push(JSON.parse(body.toString('utf8'))));
        let at = 0;
        for (let i = 0; at < bytes.length; i++) {
          const size = cuts[i % cuts.length]!;
          reader.push(bytes.subarray(at, at + size));
          at += size;
        }
        expect(got).toEqual(values.map((v) => JSON.parse(JSON.stringify(v))));
      }),
    );
  });

  it('skips a message over the limit unread and reads the next one', () => {
    const got: string[] = [];
    const skipped: number[] = [];
    const reader = new NativeMessageReader(16, (body) => got.push(body.toString()), (length) => skipped.push(length));
    reader.push(Buffer.concat([encodeNativeMessage('x'.repeat(100)), encodeNativeMessage('ok')]));
    expect(got).toEqual(['"ok"']);
    expect(skipped).toEqual([102]);
  });
});

describe('extension identity', () => {
  it('fixes the Chromium id with the public key in the manifest', () => {
    const manifest = JSON.parse(readFileSync('extension/manifest.json', 'utf8')) as { key: string; permissions: string[] };
    const hex = createHash('sha256').update(Buffer.from(manifest.key, 'base64')).digest('hex').slice(0, 32);
    const id = [...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
    expect(id).toBe(CHROMIUM_EXTENSION_ID);
    // scripting and the web's hosts: the element script is registered for the sites a recording allows only.
    expect(manifest.permissions).toEqual(['nativeMessaging', 'tabs', 'scripting']);
    expect((manifest as { host_permissions?: string[] }).host_permissions).toEqual(['http://*/*', 'https://*/*']);
    expect(Object.keys(manifest)).not.toContain('content_scripts');
  });

  it("derives Firefox's manifest: its gecko id, a background script, no Chromium key", () => {
    const chromium = JSON.parse(readFileSync('extension/manifest.json', 'utf8'));
    const firefox = firefoxManifest(chromium);
    expect(firefox).toMatchObject({ browser_specific_settings: { gecko: { id: GECKO_ID } }, background: { scripts: ['background.js'] }, permissions: ['nativeMessaging', 'tabs', 'scripting'] });
    expect(firefox).not.toHaveProperty('key');
  });
});
