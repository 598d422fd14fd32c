// Unit behaviour of the detectors: check digits (property tests), previews, overlaps, password
// prompts and custom rules.
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ibanValid, luhnValid, mod97 } from '../../src/review/detectors/checksums.ts';
import { detectPasswordPrompt, detectText, loadCustomRules, parseCustomRules } from '../../src/review/detectors/index.ts';
import { maskValue } from '../../src/review/detectors/mask.ts';

const digits = (min: number, max: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((a) => a.join(''));

function withLuhnDigit(body: string): string {
  for (let d = 0; d < 10; d++) if (luhnValid(body + d)) return body + d;
  throw new Error('no Luhn digit');
}

describe('Luhn', () => {
  it('accepts exactly one check digit for any body', () => {
    fc.assert(fc.property(digits(1, 18), (body) => {
      const valid = [...'0123456789'].filter((d) => luhnValid(body + d));
      expect(valid).toHaveLength(1);
    }));
  });
  it('rejects every single-digit change of a valid number', () => {
    fc.assert(fc.property(digits(12, 18), fc.nat(), fc.integer({ min: 1, max: 9 }), (body, pos, delta) => {
      const n = withLuhnDigit(body);
      const i = pos % n.length;
      const changed = n.slice(0, i) + String((Number(n[i]) + delta) % 10) + n.slice(i + 1);
      expect(luhnValid(changed)).toBe(false);
    }));
  });
});

describe('IBAN mod 97', () => {
  it('accepts an IBAN built with the right check digits and rejects any other check digits', () => {
    fc.assert(fc.property(digits(18, 18), fc.integer({ min: 0, max: 99 }), (bban, other) => {
      const check = String(98 - mod97(`${bban}DE00`)).padStart(2, '0');
      expect(ibanValid(`DE${check}${bban}`)).toBe(true);
      if (String(other).padStart(2, '0') !== check) expect(ibanValid(`DE${String(other).padStart(2, '0')}${bban}`)).toBe(false);
    }));
  });
  it('detects a valid IBAN with spaces and ignores the same shape failing mod 97', async () => {
    expect((await detectText('IBAN GB82 WEST 1234 5698 7654 32')).map((m) => m.detector)).toEqual(['iban']);
    expect(await detectText('IBAN GB82 WEST 1234 5698 7654 33')).toEqual([]);
  });
});

describe('previews', () => {
  it('never contain the whole value, whatever the detector', () => {
    const detectors = ['email', 'card', 'iban', 'phone', 'aws-key', 'high-entropy', 'password-prompt', 'custom:x'];
    fc.assert(fc.property(fc.constantFrom(...detectors), fc.string({ minLength: 4, maxLength: 80 }), (detector, value) => {
      expect(maskValue(detector, value).includes(value)).toBe(false);
    }));
  });
  it('never contain a detected card number, key or email in full', async () => {
    await fc.assert(fc.asyncProperty(digits(14, 14), async (body) => {
      const card = withLuhnDigit(`4${body}`);
      const [match] = await detectText(`pay ${card} now`);
      expect(match?.detector).toBe('card');
      expect(match?.preview).toBe(`•••• ${card.slice(-4)}`);
    }), { numRuns: 30 });
    const [email] = await detectText('mail jane.doe@example.com');
    expect(email?.preview).toBe('j•••@e•••.com');
  });
});

describe('overlaps and look-alikes', () => {
  it('keeps the card, not a phone, when both could claim the digits', async () => {
    const matches = await detectText('4242-4242-4242-4242');
    expect(matches.map((m) => m.detector)).toEqual(['card']);
  });
  it('flags nothing in versions, git SHAs, UUIDs and dates', async () => {
    for (const text of ['v20.20.2 1.2.3', '9fceb02d0ae598e95dc970b74767f19372d61af8', '123e4567-e89b-12d3-a456-426614174000', '2024-03-15T10:22:31Z']) {
      expect(await detectText(text), text).toEqual([]);
    }
  });
  it('flags a JWT only when its header decodes as JSON', async () => {
    const jwt = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
    expect((await detectText(jwt)).map((m) => m.detector)).toEqual(['jwt']);
    expect((await detectText('eyJnotjson123.abcdefghijk.lmnopqrstuv')).map((m) => m.detector)).not.toContain('jwt');
  });
});

describe('password prompts', () => {
  it('flags everything typed in a window titled like a password prompt', () => {
    const [m] = detectPasswordPrompt('[sudo] password for jane', '  hunter2\n');
    expect(m).toMatchObject({ detector: 'password-prompt', start: 2, end: 9, preview: '•••' });
    expect(detectPasswordPrompt('Untitled - Text Editor', 'hunter2')).toEqual([]);
  });
  it('flags the line typed after a sudo command, and all of a sign-in window', () => {
    const spans = [detectPasswordPrompt('Terminal', 'sudo ls\nhunter2\n'), detectPasswordPrompt('Sign in', 'pw')];
    expect(spans.map((matches) => matches.map((m) => [m.start, m.end]))).toEqual([[[8, 15]], [[0, 2]]]);
  });
});

describe('custom rules', () => {
  it('reports an org rule as custom:<name>', async () => {
    const rules = parseCustomRules({ rules: [{ name: 'employee-id', pattern: 'EMP-\\d{6}', flags: 'i' }] });
    const matches = await detectText('badge emp-123456', { customRules: rules });
    expect(matches.map((m) => [m.detector, m.start, m.end])).toEqual([['custom:employee-id', 6, 16]]);
  });
  it('rejects a bad regex with one sentence naming the rule', () => {
    expect(() => parseCustomRules({ rules: [{ name: 'broken', pattern: '(unclosed' }] })).toThrow(/^The custom detector "broken" in detectors\.json has a pattern that is not a valid regular expression \(.*\)\.$/);
  });
  it('rejects a malformed file and loads the shipped consent/detectors.json', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-rules-'));
    writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ rules: [{ name: 'Bad Name', pattern: 'x' }] }));
    expect(() => loadCustomRules(path.join(dir, 'bad.json'))).toThrow(/is not valid: rules\.0\.name/);
    expect(loadCustomRules(path.join(dir, 'missing.json'))).toEqual([]);
    expect(loadCustomRules().map((r) => r.name)).toContain('employee-id');
  });
});

describe('secretlint in a long-lived process', () => {
  it('leaves no performance marks behind, so thousands of scans stay fast and the process exits', async () => {
    const { performance } = await import('node:perf_hooks');
    for (let i = 0; i < 50; i++) await detectText(`typed run ${i}`);
    expect(performance.getEntriesByType('mark').filter((e) => e.name.includes('@core') || e.name.includes('secretlint'))).toEqual([]);
  });
});
