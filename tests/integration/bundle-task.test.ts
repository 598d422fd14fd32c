// A session's task travels in its bundle (since format version 2): it arrives as the task of the imported
// session, a finding on it stays open on the reviewer's machine (the task is there, so nothing was
// redacted), a task that is not one Cairn would store is refused even with every checksum right,
// and a version 1 bundle, made before tasks travelled, imports with no task.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBundle } from '../../src/export/bundle/create-bundle.ts';
import { importBundle } from '../../src/export/bundle/import-bundle.ts';
import { setSessionTask } from '../../src/review/session-task.ts';
import { listFindings } from '../../src/store/findings-repo.ts';
import { openStore } from '../../src/store/open-store.ts';
import { getSession } from '../../src/store/session-repo.ts';
import { editSession, importRefusal, repackBundle } from '../helpers/bundle-tamper.ts';
import { seedReviewSession } from '../helpers/seed-review.ts';
import { storeDigest } from '../helpers/store-digest.ts';

const WITH_TASK = '7a5c0000-1111-4a4a-8b8b-000000000001';
const NO_TASK = '7a5c0000-2222-4a4a-8b8b-000000000002';
const TASK = 'Send the Q3 draft to jane.doe@example.com';
const root = mkdtempSync(join(tmpdir(), 'cairn-bundle-task-'));
const source = join(root, 'contributor');
let bundle: Buffer;
let n = 0;
/** A fresh reviewer's data folder for each import. */
const target = () => join(root, `reviewer-${++n}`);

async function importInto(dataDir: string, bytes: Buffer) {
  const file = join(root, `in-${n}.cairnbundle`);
  writeFileSync(file, bytes);
  const store = openStore(dataDir);
  try {
    await importBundle(store, file, { actor: 'reviewer' });
    return { task: getSession(store, WITH_TASK).task, other: getSession(store, NO_TASK).task, findings: listFindings(store, WITH_TASK).filter((f) => f.source === 'task') };
  } finally {
    store.close();
  }
}

beforeAll(async () => {
  await seedReviewSession(source, { id: WITH_TASK, state: 'submitted' });
  await seedReviewSession(source, { id: NO_TASK, state: 'submitted' });
  const store = openStore(source);
  try {
    await setSessionTask(store, WITH_TASK, TASK, { actor: 'contributor' });
    createBundle(store, [WITH_TASK, NO_TASK], join(root, 'two.cairnbundle'), { actor: 'contributor' });
  } finally {
    store.close();
  }
  bundle = readFileSync(join(root, 'two.cairnbundle'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('a bundle', () => {
  it('carries the task: it arrives as the imported session\'s task, and the finding on it stays open', async () => {
    const got = await importInto(target(), bundle);
    expect(got.task).toBe(TASK);
    expect(got.other).toBeNull();
    // Open, not settled as redacted: the address is still in the task, so a reviewer must decide.
    expect(got.findings.map((f) => [f.detector, f.status])).toEqual([['email', 'open']]);
  });

  it('whose task is not one Cairn would store is refused, even with every checksum right, and nothing is imported', async () => {
    const dataDir = target();
    await seedReviewSession(dataDir, { id: '7a5c0000-3333-4a4a-8b8b-000000000003', state: 'recorded' });
    const before = storeDigest(dataDir);
    for (const bad of ['two\nlines', ' padded ', '', 'x'.repeat(501), 42]) {
      const tampered = repackBundle(bundle, (_h, parts) => editSession(parts, WITH_TASK, (s) => (s.task = bad)));
      expect(await importRefusal(tampered, dataDir, root)).toMatch(new RegExp(`does not match the bundle format: in the session ${WITH_TASK}, task is`));
    }
    const noTaskField = repackBundle(bundle, (_h, parts) => editSession(parts, WITH_TASK, (s) => delete s.task));
    expect(await importRefusal(noTaskField, dataDir, root)).toMatch(/in the session .*, task is/);
    expect(storeDigest(dataDir)).toBe(before);
  });

  it('of version 1 (made before tasks travelled) imports with no task; a task in one is refused', async () => {
    const v1 = repackBundle(bundle, (h, parts) => {
      h.version = 1;
      // A version 1 session has neither a task nor the elements of version 3.
      for (const id of [WITH_TASK, NO_TASK]) editSession(parts, id, (s) => (delete s.task, delete s.elements, delete s.elementCountsJson));
    });
    const got = await importInto(target(), v1);
    expect([got.task, got.other]).toEqual([null, null]);
    // Its finding is settled here: the task it pointed at did not come.
    expect(got.findings.map((f) => f.status)).toEqual(['redacted']);

    const v1WithTask = repackBundle(bundle, (h, parts) => {
      h.version = 1;
      for (const id of [WITH_TASK, NO_TASK]) editSession(parts, id, (s) => (delete s.elements, delete s.elementCountsJson));
    });
    expect(await importRefusal(v1WithTask, target(), root)).toMatch(/does not match the bundle format: in the session/);
  });

  it('of a version this Cairn does not read is refused, naming the versions it reads', async () => {
    expect(await importRefusal(repackBundle(bundle, (h) => (h.version = 4)), target(), root)).toMatch(/is in bundle format version 4, and this Cairn reads versions 1, 2 and 3 only/);
  });
});
