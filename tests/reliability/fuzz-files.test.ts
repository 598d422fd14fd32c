// Hostile files Cairn reads: bundles (random bytes, cut or extended, valid bundles with random
// mutations), consent texts (random or missing front matter, huge, binary), the default policy file
// and custom detector rules (bad and catastrophic regexes). Each is refused with one sentence,
// nothing hangs, and a refused bundle leaves the target store byte-for-byte unchanged.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConsentText, parseConsentFile } from '../../src/consent/consent-text.ts';
import { loadDefaultPolicy } from '../../src/consent/default-policy.ts';
import { BundleRefused } from '../../src/export/bundle/bundle-format.ts';
import { createBundle } from '../../src/export/bundle/create-bundle.ts';
import { importBundle } from '../../src/export/bundle/import-bundle.ts';
import { findCustom, loadCustomRules, parseCustomRules } from '../../src/review/detectors/custom-rules.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/store.ts';
import { prototypePolluted, sentenceProblem } from '../helpers/fuzz-payloads.ts';
import { seedRecordedSession } from '../helpers/seed-session.ts';
import { seedReviewSession } from '../helpers/seed-review.ts';
import { storeDigest } from '../helpers/store-digest.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20260611);
const SUBMITTED = 'bbbbbbbb-0000-4000-8000-000000000002';
let root: string;
let bundle: Buffer;
let targetDir: string;
let target: Store;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'cairn-fuzz-files-'));
  const sourceDir = join(root, 'source');
  await seedReviewSession(sourceDir, { id: SUBMITTED, state: 'submitted', otherEvents: 30, findings: 'waived' });
  const source = openStore(sourceDir);
  createBundle(source, [SUBMITTED], join(root, 'good.cairn'), { actor: 'contributor' });
  source.close();
  bundle = readFileSync(join(root, 'good.cairn'));
  targetDir = join(root, 'target');
  seedRecordedSession(targetDir, { id: 'cccccccc-0000-4000-8000-000000000003' });
  target = openStore(targetDir);
});

afterAll(() => {
  target?.close();
  rmSync(root, { recursive: true, force: true });
});

/** A bundle's bytes changed at random: flipped bytes, cut, extended, overwritten, or replaced. */
const damagedBundle = (good: Buffer) =>
  fc.oneof(
    fc.array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }).map((flips) => {
      const b = Buffer.from(good);
      for (const [at, x] of flips) b[at] = b[at]! ^ x;
      return { how: 'flipped', bytes: b };
    }),
    fc.nat(good.length - 1).map((n) => ({ how: 'truncated', bytes: good.subarray(0, n) })),
    fc.uint8Array({ minLength: 1, maxLength: 2048 }).map((extra) => ({ how: 'extended', bytes: Buffer.concat([good, Buffer.from(extra)]) })),
    fc.tuple(fc.nat(good.length - 1), fc.uint8Array({ minLength: 1, maxLength: 600 })).map(([at, junk]) => {
      const b = Buffer.from(good);
      Buffer.from(junk).copy(b, at);
      return { how: 'overwritten', bytes: b };
    }),
    fc.uint8Array({ maxLength: 4096 }).map((bytes) => ({ how: 'random', bytes: Buffer.from(bytes) })),
  ).filter((d) => !d.bytes.equals(good));

describe('hostile files', () => {
  it('refuses every damaged bundle with one sentence and leaves the target store unchanged', async () => {
    const before = storeDigest(targetDir);
    const cases = fc.sample(damagedBundle(bundle), { numRuns: 400, seed: SEED });
    const counts: Record<string, number> = {};
    const problems: string[] = [];
    for (const [i, d] of cases.entries()) {
      counts[d.how] = (counts[d.how] ?? 0) + 1;
      const file = join(root, `damaged-${i}.cairn`);
      writeFileSync(file, d.bytes);
      try {
        await importBundle(target, file, { actor: 'reviewer' });
        problems.push(`${d.how} #${i}: imported`);
      } catch (error) {
        if (!(error instanceof BundleRefused)) problems.push(`${d.how} #${i}: ${(error as Error).name}: ${(error as Error).message}`);
        const bad = sentenceProblem((error as Error).message, '');
        if (bad) problems.push(`${d.how} #${i}: message ${bad}: ${(error as Error).message}`);
      }
      rmSync(file);
      if (i % 20 === 0 && storeDigest(targetDir) !== before) problems.push(`${d.how} #${i}: the store changed`);
    }
    console.log(`fuzz-files: ${cases.length} damaged bundles (seed ${SEED}) ${JSON.stringify(counts)}, all refused: ${problems.length === 0}`);
    expect(problems.slice(0, 10)).toEqual([]);
    expect(storeDigest(targetDir)).toBe(before);
    // The undamaged bundle imports: the refusals above were for the damage, not for the bundle.
    expect((await importBundle(target, join(root, 'good.cairn'), { actor: 'reviewer' })).sessions).toEqual([SUBMITTED]);
  });

  it('reads any consent file as a consent text or refuses it with one sentence, quickly', () => {
    const dir = join(root, 'consent');
    mkdirSync(dir);
    const line = fc.oneof(
      fc.tuple(fc.constantFrom('version', 'title', '__proto__', 'constructor', 'prototype', 'toString', ''), fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('1', '2', '0', '-1', '1.5', '1e400', 'NaN', '0x10', ' 3 '))).map(([k, v]) => `${k}: ${v}`),
      fc.string({ maxLength: 30 }),
    );
    const file = fc.oneof(
      fc.tuple(fc.array(line, { maxLength: 6 }), fc.string({ maxLength: 200 }), fc.constantFrom('\n', '\r\n')).map(([lines, body, nl]) => `---${nl}${lines.join(nl)}${nl}---${nl}${body}`),
      fc.tuple(fc.array(line, { maxLength: 6 }), fc.string({ maxLength: 200 })).map(([lines, body]) => `---\n${lines.join('\n')}\n${body}`),
      fc.string({ maxLength: 300 }),
      fc.uint8Array({ maxLength: 600 }).map((b) => Buffer.from(b)),
    );
    const problems: string[] = [];
    const samples: Array<string | Buffer> = [...fc.sample(file, { numRuns: 500, seed: SEED }), `---\nversion: 1\ntitle: t\n${'x'.repeat(20_000_000)}`, `---\nversion: 1\n---\n${'y'.repeat(20_000_000)}`, Buffer.alloc(5_000_000, 0xff)];
    let accepted = 0;
    const started = Date.now();
    samples.forEach((content, i) => {
      const path = join(dir, `consent-v${i + 1}.md`);
      writeFileSync(path, content);
      const t0 = Date.now();
      try {
        const text = parseConsentFile(path);
        accepted++;
        if (!Number.isInteger(text.version) || text.version < 1) problems.push(`#${i}: version ${text.version}`);
        if (text.sha256 !== createHash('sha256').update(readFileSync(path)).digest('hex')) problems.push(`#${i}: wrong sha256`);
        if (typeof text.title !== 'string' || typeof text.body !== 'string') problems.push(`#${i}: title or body not text`);
      } catch (error) {
        const bad = sentenceProblem((error as Error).message, '');
        if (bad) problems.push(`#${i}: message ${bad}: ${(error as Error).message.slice(0, 200)}`);
      }
      if (Date.now() - t0 > 2_000) problems.push(`#${i}: took ${Date.now() - t0} ms`);
      rmSync(path);
    });
    // A folder holding a broken newer version refuses, rather than silently showing an older text.
    writeFileSync(join(dir, 'consent-v1.md'), '---\nversion: 1\ntitle: t\n---\nbody\n');
    writeFileSync(join(dir, 'consent-v2.md'), Buffer.from([0, 1, 2, 0xff]));
    expect(() => loadConsentText(dir)).toThrow(/consent-v2\.md has no front matter/);
    console.log(`fuzz-files: ${samples.length} consent files (3 of 5-20 MB) in ${Date.now() - started} ms, ${accepted} read as texts, the rest refused`);
    expect(problems.slice(0, 10)).toEqual([]);
    expect(prototypePolluted()).toBe(false);
  });

  it('refuses a damaged policy file with one sentence naming it', () => {
    const problems: string[] = [];
    const contents = fc.sample(fc.oneof(fc.string({ maxLength: 100 }), fc.jsonValue().map((v) => JSON.stringify(v)), fc.constant('{"__proto__":{"polluted":"yes"},"version":1}')), { numRuns: 200, seed: SEED });
    contents.forEach((content, i) => {
      const path = join(root, `policy-${i}.json`);
      writeFileSync(path, content);
      try {
        loadDefaultPolicy(path);
        problems.push(`#${i}: accepted ${content.slice(0, 80)}`);
      } catch (error) {
        const message = (error as Error).message;
        const bad = sentenceProblem(message, '') ?? (message.includes(path) ? null : 'does not name the file');
        if (bad) problems.push(`#${i}: message ${bad}: ${message.slice(0, 200)}`);
      }
    });
    expect(problems.slice(0, 10)).toEqual([]);
    expect(prototypePolluted()).toBe(false);
  });

  it('refuses rule files that are not valid, and patterns that backtrack exponentially, before they can hang a scan', () => {
    const problems: string[] = [];
    for (const json of fc.sample(fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.record({ rules: fc.array(fc.record({ name: fc.string({ maxLength: 10 }), pattern: fc.string({ maxLength: 20 }), flags: fc.string({ maxLength: 3 }) }, { requiredKeys: [] })) })), { numRuns: 500, seed: SEED })) {
      try {
        parseCustomRules(json);
      } catch (error) {
        const bad = sentenceProblem((error as Error).message, JSON.stringify(json));
        if (bad) problems.push(`${JSON.stringify(json).slice(0, 100)}: message ${bad}: ${(error as Error).message.slice(0, 200)}`);
      }
    }
    expect(problems.slice(0, 10)).toEqual([]);
    const broken = join(root, 'detectors.json');
    writeFileSync(broken, '{"rules": [');
    expect(() => loadCustomRules(broken)).toThrow(/detectors\.json is not valid JSON\.$/);

    // The classics of catastrophic backtracking, with the flags that keep them off the linear engine.
    const catastrophic = ['(a+)+$', '(a*)*$', '(a|a)*$', '(a|aa)+$', '(.*a){12}', '([a-z]+)*$', '(\\w+\\s?)+$', '^(a+)+b', '(x+x+)+y', '(a)\\1*b'];
    for (const pattern of catastrophic) {
      for (const flags of ['', 'i', 'u', 'is']) {
        let rules;
        try {
          rules = parseCustomRules({ rules: [{ name: 'evil', pattern, flags }] });
        } catch (error) {
          expect((error as Error).message, `${pattern} /${flags}`).toMatch(/^The custom detector "evil" in detectors\.json has a pattern that could take exponential time .*\.$/);
          continue;
        }
        // Taken: it must run on the linear engine, in linear time, over a text built to blow it up.
        const t0 = cpuMs();
        findCustom(`${'a'.repeat(50_000)}!`, rules);
        expect(cpuMs() - t0, `${pattern} /${flags}`).toBeLessThan(2_000);
      }
    }
  });

  it('runs any rule it accepts over hostile text in linear time (generated patterns)', () => {
    const atom = fc.constantFrom('a', 'b', '.', '\\d', '\\w', '[ab]', '[^x]', '\\s', 'a?');
    const pattern: fc.Arbitrary<string> = fc.letrec<{ p: string }>((tie) => ({
      p: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        atom,
        fc.tuple(tie('p'), tie('p')).map(([a, b]) => `${a}${b}`),
        fc.tuple(tie('p'), tie('p')).map(([a, b]) => `(${a}|${b})`),
        fc.tuple(tie('p'), fc.constantFrom('*', '+', '?', '{2,}', '{1,9}')).map(([a, q]) => `(${a})${q}`),
      ),
    })).p;
    const texts = [`${'a'.repeat(20_000)}!`, `${'ab'.repeat(10_000)}x`, `${'a1 '.repeat(7_000)}`];
    let accepted = 0;
    let refused = 0;
    for (const [p, flags] of fc.sample(fc.tuple(pattern, fc.constantFrom('', 'i', 'm', 's', 'iu')), { numRuns: 150, seed: SEED })) {
      let rules;
      try {
        rules = parseCustomRules({ rules: [{ name: 'gen', pattern: p, flags }] });
      } catch {
        refused++;
        continue;
      }
      accepted++;
      const t0 = cpuMs();
      for (const text of texts) findCustom(text, rules);
      expect(cpuMs() - t0, `/${p}/${flags}`).toBeLessThan(3_000);
    }
    console.log(`fuzz-files: 150 generated rule patterns, ${accepted} accepted and run over 20,000-character texts, ${refused} refused`);
    // The bound that proves linear time is the CPU time per pattern above; the whole run may wait
    // for a core on a busy machine, so it gets more than the default 30 s.
  }, 180_000);
});

/** CPU time this process has used (ms): a backtracking blow-up shows in it, while a busy machine's
 *  waiting for a core (other test files, other processes) does not, unlike wall time. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
