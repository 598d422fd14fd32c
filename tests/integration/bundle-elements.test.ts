// Elements travel in bundles (format version 3): a session recorded with the observation ring (frames
// `before` and `after` each step) and with the elements acted on and a window tree arrives on the
// reviewer's machine with the very same elements, counts and frame reasons; a name redacted before
// the bundle was made travels erased (no byte of it anywhere in the bundle) and its findings are
// settled as redacted by the importing machine's own check. Elements that are not what Cairn would
// store are refused in one sentence. A version 2 bundle made by the Cairn before this one
// (fixtures/bundles/v2-submitted.cairnbundle) still imports, and a bundle of a later version is refused.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBundle } from '../../src/export/bundle/create-bundle.ts';
import { importBundle } from '../../src/export/bundle/import-bundle.ts';
import { unpackTar } from '../../src/export/bundle/tar-container.ts';
import { resolveFinding } from '../../src/review/redaction/resolve-finding.ts';
import { scanSession } from '../../src/review/scan-session.ts';
import { readElementCounts, readElements } from '../../src/store/elements-repo.ts';
import { listFindings } from '../../src/store/findings-repo.ts';
import { openStore } from '../../src/store/open-store.ts';
import { readFrameInfos } from '../../src/store/session-content.ts';
import { applyAction, getSession } from '../../src/store/session-repo.ts';
import type { Store } from '../../src/store/store.ts';
import { filesContaining } from '../helpers/disk-bytes.ts';
import { editSession, importRefusal, repackBundle, type SessionJson } from '../helpers/bundle-tamper.ts';
import { seedObservedSession } from '../helpers/seed-observed.ts';
import { storeDigest } from '../helpers/store-digest.ts';

const ID = 'e1e00000-3333-4aaa-8bbb-000000000003';
const EMAIL = 'ann.lee@example.com';
const V2_FIXTURE = 'fixtures/bundles/v2-submitted.cairnbundle';
const V2_ID = 'b2b20000-0000-4000-8000-000000000002';
const root = mkdtempSync(join(tmpdir(), 'cairn-bundle-elements-'));
const source = join(root, 'contributor');
const bundleDir = join(root, 'bundle');
const bundleFile = join(bundleDir, 'elements.cairnbundle');
let bundle: Buffer;
let n = 0;
const target = () => join(root, `reviewer-${++n}`);

/** What the round trip must keep: every element row, the counts, and each frame's reason and bytes' sha256. */
function snapshot(store: Store, id: string) {
  return { elements: readElements(store, id), counts: readElementCounts(store, id), frames: readFrameInfos(store, id).map((f) => [f.seq, f.t, f.reason, f.sha256]) };
}
let sent: ReturnType<typeof snapshot>;

beforeAll(async () => {
  const store = openStore(source);
  try {
    await seedObservedSession(store, { id: ID, state: 'recorded', buttonName: `Mail ${EMAIL}` });
    // The address is in the clicked button's name and in the window tree: both found, both redacted.
    const found = (await scanSession(store, ID, { frames: false })).filter((f) => f.source === 'element');
    expect(found.length).toBe(2);
    for (const f of found) await resolveFinding(store, ID, f.id, 'redact', 'an address', { actor: 'contributor' });
    applyAction(store, ID, 'submit', { actor: 'contributor' });
    sent = snapshot(store, ID);
    createBundle(store, [ID], bundleFile, { actor: 'contributor' });
  } finally {
    store.close();
  }
  bundle = readFileSync(bundleFile);
}, 60_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('a bundle of a session with elements and observations', () => {
  it('is format version 3 and holds no byte of a redacted element name, in any encoding', () => {
    expect(JSON.parse(unpackTar(bundle)[0]!.bytes.toString('utf8'))).toMatchObject({ format: 'cairn-bundle', version: 3 });
    expect(sent.elements.length).toBe(3);
    expect(sent.elements.find((e) => e.kind === 'click')!.element.name).toBeNull();
    expect(filesContaining(bundleDir, EMAIL)).toEqual([]);
    expect(filesContaining(bundleDir, 'ann.lee')).toEqual([]);
    expect(bundle.toString('latin1')).toContain('"Search"');
  });

  it('imports into a fresh data folder with the same elements, counts and frame reasons, its element findings settled as redacted here', async () => {
    const dataDir = target();
    const file = join(root, 'in.cairnbundle');
    writeFileSync(file, bundle);
    const store = openStore(dataDir);
    try {
      const summary = await importBundle(store, file, { actor: 'reviewer' });
      expect(summary.elements).toBe(3);
      expect(snapshot(store, ID)).toEqual(sent);
      expect(sent.frames.map((f) => f[2])).toEqual(['before', 'after', 'before', 'after', 'before', 'after', 'before', 'after']);
      expect(getSession(store, ID).state).toBe('submitted');
      // The bundle said they were redacted; this machine sees the names gone and agrees.
      const onElements = listFindings(store, ID).filter((f) => f.source === 'element');
      expect(onElements.map((f) => [f.status, f.claim?.status])).toEqual([
        ['redacted', 'redacted'],
        ['redacted', 'redacted'],
      ]);
    } finally {
      store.close();
    }
    expect(filesContaining(dataDir, EMAIL)).toEqual([]);
  });

  it('whose elements are not what Cairn stores is refused in one sentence, even with every checksum right, storing nothing', async () => {
    const dataDir = target();
    await seedObservedSession(dataDir, { id: 'e1e00000-4444-4aaa-8bbb-000000000004', state: 'recorded' });
    const before = storeDigest(dataDir);
    type Row = Record<string, unknown> & { element: Record<string, unknown>; tree: Record<string, unknown> | null };
    const edit = (change: (s: SessionJson & { elements?: Row[] }, of: (kind: string) => Row) => void) =>
      repackBundle(bundle, (_h, parts) =>
        editSession(parts, ID, (s) => {
          const rows = s.elements as Row[];
          change(s as SessionJson & { elements?: Row[] }, (kind) => rows.find((r) => r.kind === kind)!);
        }),
      );
    // A tree nested 100,000 deep, spelled as text (JSON.stringify itself would overflow the stack).
    const DEEP = '"a tree too deep to stringify"';
    const node = '{"role":"panel","name":null,"states":[],"bounds":null,"children":[';
    const deep = repackBundle(bundle, (_h, parts) => {
      editSession(parts, ID, (s) => ((s.elements as Row[]).find((r) => r.kind === 'tree')!.tree!.root = JSON.parse(DEEP)));
      const part = parts.find((p) => p.name.endsWith('session.json'))!;
      part.bytes = Buffer.from(part.bytes.toString('utf8').replace(DEEP, `${node.repeat(100_000)}${']}'.repeat(100_000)}`));
    });
    const cases: [Buffer, RegExp][] = [
      [edit((_s, of) => (of('click').eventSeq = 9999)), /holds element 1 of session .* for event 9999, which the session does not hold/],
      [edit((_s, of) => (of('tree').frameSeq = 77)), /holds element 3 of session .* for frame 77, which the session does not hold/],
      [edit((s, of) => s.elements!.push(of('focus'))), /lists element 2 of session .* twice/],
      [edit((_s, of) => (of('focus').element.name = 'x'.repeat(257))), /does not match the bundle format: in the session .*, elements\.\d\.element\.name/],
      [edit((_s, of) => (of('click').tree = of('tree').tree)), /does not match the bundle format: in the session .*, elements\.\d is a tree belongs to a frame/],
      [deep, /whose tree is more than 16 levels deep/],
      [edit((_s, of) => (of('tree').tree!.nodes = 2)), /whose tree has 3 nodes where it says 2/],
      [edit((s) => (s.elementCountsJson = '{"stored":-1}')), /elementCountsJson/],
      [edit((s) => delete s.elements), /in the session .*, elements is/],
    ];
    for (const [bytes, expected] of cases) {
      const message = await importRefusal(bytes, dataDir, root);
      expect(message).toMatch(expected);
      expect(message).toMatch(/nothing was imported\.$/);
      expect(message).not.toContain('\n');
    }
    expect(storeDigest(dataDir)).toBe(before);
  });
});

describe('bundles of other versions', () => {
  it('a version 2 bundle made by the Cairn before elements travelled imports, with its task and frames and no elements', async () => {
    const store = openStore(target());
    try {
      const summary = await importBundle(store, V2_FIXTURE, { actor: 'reviewer' });
      expect([summary.sessions, summary.frames, summary.elements]).toEqual([[V2_ID], 2, 0]);
      expect(getSession(store, V2_ID)).toMatchObject({ state: 'submitted', task: 'Note a greeting in the terminal' });
      expect(readElements(store, V2_ID)).toEqual([]);
      expect(readElementCounts(store, V2_ID)).toBeNull();
    } finally {
      store.close();
    }
  });

  it('a version 2 bundle that carries elements, or a finding on one, is refused: version 2 did not carry them', async () => {
    const v2 = readFileSync(V2_FIXTURE);
    const withElements = repackBundle(v2, (_h, parts) => editSession(parts, V2_ID, (s) => (s.elements = [])));
    expect(await importRefusal(withElements, target(), root)).toMatch(/does not match the bundle format: in the session .*: Unrecognized key: "elements"|does not match the bundle format: in the session .*elements/);
    const withFinding = repackBundle(v2, (_h, parts) => editSession(parts, V2_ID, (s) => (s.findings![0]!.source = 'element')));
    expect(await importRefusal(withFinding, target(), root)).toMatch(/a finding on an element, which version 2 does not carry; nothing was imported\.$/);
  });

  it('a bundle of a later version is refused in one sentence naming the versions this Cairn reads', async () => {
    const message = await importRefusal(repackBundle(bundle, (h) => (h.version = 4)), target(), root);
    expect(message).toMatch(/^The bundle .* is in bundle format version 4, and this Cairn reads versions 1, 2 and 3 only \(update Cairn on the machine that imports it\); nothing was imported\.$/);
  });
});
