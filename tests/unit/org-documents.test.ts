import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OrgPolicy } from '../../src/core/org-policy.ts';
import { dpiaPack } from '../../src/server/governance/dpia-pack.ts';
import type { LiveConfiguration } from '../../src/server/governance/live-configuration.ts';
import { recordOfProcessing } from '../../src/server/governance/record-of-processing.ts';

const policy = OrgPolicy.parse((JSON.parse(readFileSync('fixtures/org-policy/policy.json', 'utf8')) as { policy: unknown }).policy);
const config = (over: Partial<LiveConfiguration> = {}): LiveConfiguration => ({
  generatedAt: Date.UTC(2026, 11, 5, 12),
  policy: { policy, sha256: 'ab'.repeat(32), setAt: Date.UTC(2026, 11, 2), signers: [{ role: 'admin', name: 'ada', fingerprint: '1111222233334444' }, { role: 'council', name: 'carl', fingerprint: '5555666677778888' }] },
  roles: { contributor: 42, reviewer: 3, researcher: 2, admin: 1, council: 2 },
  sessions: { held: 310, erased: 7, datasetsPulled: 4 },
  storage: { database: 'db.internal:5432/cairn', blobDir: '/srv/cairn/blobs', keyDir: '/srv/cairn/keys' },
  ...over,
});

describe('record of processing and DPIA pack, from the live configuration', () => {
  it('the record of processing names the signed policy, its purposes, apps and retention, the accounts per role, storage and measures', () => {
    const md = recordOfProcessing(config());
    for (const fact of [
      'Example Lab', 'issued 2026-12-01T09:00:00Z', `sha256 \`${'ab'.repeat(32)}\``, 'admin ada (key 1111222233334444) and council carl (key 5555666677778888)',
      "Training and evaluating computer-use agents on the lab's own internal tools", 'contributors (42 accounts)', 'reviewers 3, researchers 2, admins 1, council 2',
      '| Mousepad | timing | on | off |', 'github.com, https://docs.example.org', 'erased after 30 days', '310 sessions, 7 tombstones', '4 pulled so far',
      'db.internal:5432/cairn', '/srv/cairn/blobs', '/srv/cairn/keys', 'AES-256-GCM', 'at least 5 contributors',
    ]) expect(md, fact).toContain(fact);
    expect(md).toMatch(/^# Record of processing activities \(GDPR Art\. 30\)\n/);
    for (const section of ['(a) Controller', '(b) Purposes', '(c) Categories', '(d) Recipients', '(e) Transfers', '(f) Time limits', '(g) Technical']) expect(md).toContain(`## ${section}`);
  });

  it('the DPIA pack describes the processing, its proportionality, each risk with its measures, and the signatures', () => {
    const md = dpiaPack(config());
    for (const fact of ['Example Lab', '42 contributors', 'erased on contributors\' machines after 30 days', '| Monitoring of employees\' performance or behaviour |', 'admin: ada, key fingerprint 1111222233334444', 'council: carl']) expect(md, fact).toContain(fact);
  });

  it('says plainly when no signed policy is in force, and keeps policy text from breaking the Markdown', () => {
    expect(recordOfProcessing(config({ policy: null }))).toContain('**No signed organisation policy is in force**');
    expect(dpiaPack(config({ policy: null }))).toContain('- No policy is in force.');
    const hostile = { ...policy, organisation: 'Evil | Co\n# Injected', purposes: ['a <script>x</script> purpose'] };
    const md = recordOfProcessing(config({ policy: { ...config().policy!, policy: hostile } }));
    expect(md).not.toMatch(/^# Injected/m);
    expect(md).toContain('Evil \\| Co \\# Injected');
    expect(md).not.toContain('<script>');
  });
});
