import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { myDataArchive } from '../../src/server/governance/my-data-archive.ts';

const ID = '0b6f2c1e-3c7d-4a8e-9f10-1234567890ab';
const GONE = '7d1a2b3c-4d5e-4f60-8a9b-abcdefabcdef';

describe("a contributor's data download (access and portability)", () => {
  it('is a tar that the system tar reads: account, sessions, access log and each held session as a bundle', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-mydata-'));
    const file = join(dir, 'my-data.tar');
    writeFileSync(
      file,
      Buffer.concat(
        myDataArchive({
          account: { name: 'ana', role: 'contributor', createdAt: 1 },
          generatedAt: Date.UTC(2026, 11, 5),
          sessions: [
            { id: ID, state: 'approved', submittedAt: 2, startedAt: 1, endedAt: 2, decidedBy: 'rita', decidedAt: 3, reason: null, erasedAt: null },
            { id: GONE, state: 'erased', submittedAt: 2, startedAt: 1, endedAt: 2, decidedBy: null, decidedAt: null, reason: null, erasedAt: 4 },
          ],
          accessLog: [{ sessionId: ID, at: 3, who: 'rita', role: 'reviewer', action: 'approve', detail: null }],
          bundles: [{ sessionId: ID, bytes: Buffer.from('BUNDLE-BYTES') }],
        }),
      ),
    );
    expect(execFileSync('tar', ['-tf', file], { encoding: 'utf8' }).trim().split('\n')).toEqual(['README.txt', 'account.json', 'sessions.json', 'access-log.json', `sessions/${ID}.cairn`]);
    execFileSync('tar', ['-xf', file, '-C', dir]);
    expect(JSON.parse(readFileSync(join(dir, 'sessions.json'), 'utf8'))).toHaveLength(2);
    expect(JSON.parse(readFileSync(join(dir, 'access-log.json'), 'utf8'))[0]).toMatchObject({ who: 'rita', action: 'approve' });
    expect(readFileSync(join(dir, `sessions/${ID}.cairn`), 'utf8')).toBe('BUNDLE-BYTES');
    expect(readFileSync(join(dir, 'README.txt'), 'utf8')).toContain('your 2 sessions: state, dates, who approved or rejected each and why (1 erased');
  });
});
