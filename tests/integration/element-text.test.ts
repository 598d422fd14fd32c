// Element text is screen text: a secret in the name of an element acted on, or in a window tree of an
// observation, is found by the detectors (`source: "element"`), blocks approval while open, and is
// erased for good by `cairn redact --auto` (no byte of it left in the data folder); the export then
// carries each step's element and AgentNet-style element records without it. A real store, the real CLI.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ElementInfo } from '../../src/core/element-info.ts';
import { insertElements } from '../../src/store/elements-repo.ts';
import { openStore } from '../../src/store/open-store.ts';
import { runCairn } from '../helpers/cli.ts';
import { filesContaining } from '../helpers/disk-bytes.ts';
import { seedReviewSession } from '../helpers/seed-review.ts';

const ID = '5e1e0000-aaaa-4bbb-8ccc-0123456789ab';
const EMAIL = 'ann.lee@example.com';
const KEY = 'AKIAIOSFODNN7EXAMPLE';

const element = (role: string, name: string | null): ElementInfo => ({ source: 'atspi', role, name, states: ['enabled', 'showing'], bounds: { x: 10, y: 20, width: 120, height: 30 }, path: [{ role: 'frame', index: 0 }, { role, index: 2 }], password: false });

describe('element text', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cairn-element-text-'));
    env = { ...process.env, CAIRN_DATA_DIR: dataDir };
    const store = openStore(dataDir);
    const seeded = await seedReviewSession(store, { id: ID, state: 'recorded', typed: { before: 'hello ', secret: 'there', after: ' bye' } });
    const click = seeded.events.find((e) => e.kind === 'mouse-down')!;
    const frame = seeded.frames[0]!;
    insertElements(store, ID, [
      { seq: 1, t: click.t, kind: 'click', eventSeq: click.seq, frameSeq: null, windowSeq: click.windowSeq, element: element('push button', `Mail ${EMAIL}`), tree: null },
      {
        seq: 2,
        t: frame.t,
        kind: 'tree',
        eventSeq: null,
        frameSeq: frame.seq,
        windowSeq: frame.windowSeq,
        element: element('frame', 'bash'),
        tree: { root: { role: 'frame', name: 'bash', states: [], bounds: null, children: [{ role: 'label', name: `Key ${KEY}`, states: [], bounds: null, children: [] }, { role: 'push button', name: 'OK', states: [], bounds: null, children: [] }] }, nodes: 3, truncated: false },
      },
    ]);
    store.close();
  }, 60_000);

  const cairn = (...args: string[]) => runCairn(args, env);

  it('is scanned, holds approval back, and is redacted for good, then exported without it', async () => {
    expect(filesContaining(dataDir, EMAIL).length).toBeGreaterThan(0);
    expect(filesContaining(dataDir, KEY).length).toBeGreaterThan(0);

    const redact = await cairn('redact', ID, '--auto', '--no-ocr');
    expect(redact.code, redact.stderr).toBe(0);
    const view = JSON.parse((await cairn('show', ID, '--json')).stdout);
    const onElements = view.findings.filter((f: { source: string }) => f.source === 'element');
    expect(onElements.map((f: { detector: string; status: string; location: unknown }) => [f.detector, f.status, f.location])).toEqual(
      expect.arrayContaining([
        ['email', 'redacted', { elementSeq: 1 }],
        [expect.stringMatching(/aws/), 'redacted', { elementSeq: 2, node: 1 }],
      ]),
    );
    expect(view.elements.acted).toEqual([expect.objectContaining({ kind: 'click', role: 'push button', name: null })]);
    expect(filesContaining(dataDir, EMAIL)).toEqual([]);
    expect(filesContaining(dataDir, KEY)).toEqual([]);
    expect(filesContaining(dataDir, 'ann.lee')).toEqual([]);

    for (const args of [['submit', ID], ['approve', ID]]) {
      const r = await cairn(...args);
      expect(r.code, r.stderr).toBe(0);
    }
    for (const format of ['cairn', 'pyautogui']) {
      const out = join(mkdtempSync(join(tmpdir(), 'cairn-element-export-')), format);
      const r = await cairn('export', '--out', out, '--format', format);
      expect(r.code, r.stderr).toBe(0);
      expect(filesContaining(out, EMAIL)).toEqual([]);
      expect(filesContaining(out, KEY)).toEqual([]);
      const records = readFileSync(join(out, `elements/${ID}/element.jsonl`), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      expect(records).toEqual([expect.objectContaining({ a11y_tree: { Name: '', ControlType: 'push button', BoundingRectangle: { left: 10, top: 20, right: 130, bottom: 50 }, Depth: 0, Children: [] } })]);
      expect(records[0].cairn).toMatchObject({ session_id: ID, step: 0, kind: 'click', source: 'atspi', path: [{ role: 'frame', index: 0 }, { role: 'push button', index: 2 }] });
      const trees = readFileSync(join(out, `elements/${ID}/a11y.jsonl`), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      expect(trees[0].a11y_tree.Children.map((c: { Name: string; ControlType: string }) => [c.ControlType, c.Name])).toEqual([['label', ''], ['push button', 'OK']]);
      if (format === 'cairn') {
        const steps = readFileSync(join(out, 'episodes.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
        expect(steps[0].element).toMatchObject({ role: 'push button', name: null, source: 'atspi' });
        expect(steps.filter((s: { element: unknown }) => s.element !== null)).toHaveLength(1);
        const withTree = steps.find((s: { frameTree: string | null }) => s.frameTree !== null);
        expect(existsSync(join(out, withTree.frameTree))).toBe(true);
      }
    }
  }, 120_000);

  it('holds approval back while a finding on an element is open', async () => {
    expect((await cairn('submit', ID)).code).toBe(0);
    const approve = await cairn('approve', ID);
    expect(approve.code).toBe(1);
    expect(approve.stderr).toMatch(/open finding/);
  }, 60_000);
});
