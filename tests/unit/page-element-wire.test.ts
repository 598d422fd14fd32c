// What a page may say of the element acted on, and where: the schema lets through tags, roles, a
// bounded name, bounds and a selector of tags and positions only, and refuses anything more (a value,
// an id or class in the selector, an unknown key); pages report only on the sites the recording allows.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { elementMessageSchema, elementSitesSchema, toPageElement } from '../../src/capture/browser/element-message.ts';
import { matchPatterns, mayReport } from '../../extension/src/page-sites.ts';

const target = { tag: 'input', role: 'textbox', name: 'Password', bounds: { x: 10, y: 20, width: 180, height: 22 }, selector: 'html > body > form > input:nth-of-type(2)', password: true, states: ['focused', 'required'] };
const message = { sentAt: 1_700_000_000_000, element: { kind: 'focus', windowId: 7, origin: 'http://127.0.0.1:8001', point: null, target } };

describe('a page element report', () => {
  it('passes with tags, roles, a name, bounds and a structural selector, and becomes an extension element', () => {
    const parsed = elementMessageSchema.parse(message);
    const report = toPageElement(parsed, 500);
    expect(report).toMatchObject({ kind: 'focus', at: 500, browserWindowId: 7, origin: 'http://127.0.0.1:8001' });
    expect(report.element).toMatchObject({ source: 'extension', role: 'textbox', tag: 'input', password: true, name: 'Password' });
  });

  it('refuses a field value, ids and classes in the selector, a URL with a path, and any key it does not know', () => {
    const bad = [
      { ...message, element: { ...message.element, target: { ...target, value: 'hunter2' } } },
      { ...message, element: { ...message.element, target: { ...target, selector: 'input#user-ann@example.com' } } },
      { ...message, element: { ...message.element, target: { ...target, selector: 'div.account-ann' } } },
      { ...message, element: { ...message.element, origin: 'http://127.0.0.1:8001/inbox?token=x' } },
      { ...message, element: { ...message.element, target: { ...target, name: 'x'.repeat(257) } } },
      { ...message, element: { ...message.element, target: { ...target, states: ['value'] } } },
      { ...message, text: 'page text' },
    ];
    for (const m of bad) expect(elementMessageSchema.safeParse(m).success, JSON.stringify(m).slice(0, 120)).toBe(false);
  });

  it('never lets a selector carry anything but tags, positions and combinators', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (selector) => {
        const ok = elementMessageSchema.safeParse({ ...message, element: { ...message.element, target: { ...target, selector } } }).success;
        if (ok) expect(selector).toMatch(/^[a-z0-9 >:()-]*$/);
      }),
    );
  });

  it('tells the extension sites, every site (null) or none, and nothing else', () => {
    expect(elementSitesSchema.safeParse({ elementSites: ['mail.google.com'] }).success).toBe(true);
    expect(elementSitesSchema.safeParse({ elementSites: null }).success).toBe(true);
    expect(elementSitesSchema.safeParse({ elementSites: [], more: 1 }).success).toBe(false);
  });
});

describe('where pages may report', () => {
  it('only on the allowed sites, exactly; every web page when the browser is allowed whole; none without a recording', () => {
    const sites = ['127.0.0.1:8001', 'https://github.com'];
    expect(mayReport(sites, 'http://127.0.0.1:8001')).toBe(true);
    expect(mayReport(sites, 'http://127.0.0.1:8002')).toBe(false);
    expect(mayReport(sites, 'https://github.com')).toBe(true);
    expect(mayReport(sites, 'http://github.com')).toBe(false);
    expect(mayReport(sites, 'https://gist.github.com')).toBe(false);
    expect(mayReport(null, 'https://anything.example')).toBe(true);
    expect(mayReport(null, null)).toBe(false);
    expect(mayReport([], 'https://github.com')).toBe(false);
  });

  it('registers the script only for the allowed hosts (any port: the page asks before it reads)', () => {
    expect(matchPatterns(['127.0.0.1:8001', 'https://github.com'])).toEqual(['http://127.0.0.1/*', 'https://127.0.0.1/*', 'https://github.com/*']);
    expect(matchPatterns(null)).toEqual(['http://*/*', 'https://*/*']);
    expect(matchPatterns([])).toEqual([]);
  });
});
