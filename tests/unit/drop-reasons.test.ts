// Drop reasons in words: every code the consent gate counts has one sentence of its own (not the
// code), the README's table names every code, and the CLI's summaries (the recorder's status line,
// `cairn show`) print the words, never the codes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deniedPolicy } from '../../src/core/app-policy.ts';
import { ConsentGate } from '../../src/core/consent-gate.ts';
import { FocusTimeline } from '../../src/core/focus-timeline.ts';
import { WindowJudge } from '../../src/core/window-decision.ts';
import { formatCounters } from '../../src/recorder/recorder-counters.ts';
import { printSession, type SessionView } from '../../src/review/session-view.ts';
import { DROP_REASONS, dropReasonText, dropsInWords } from '../../src/shared/drop-reasons.ts';

const zeroLatency = { count: 0, p50: null, p99: null, max: null };

describe('drop reasons', () => {
  it('are the very codes the gate counts, each with a sentence of its own in words', () => {
    const judge = new WindowJudge({ rules: { policyOf: (w) => deniedPolicy(w.app), isBrowser: () => false, isPrivateTitle: () => false }, isOwnWindow: () => false });
    const gate = new ConsentGate({ timeline: new FocusTimeline(), judge, onKept: () => undefined });
    expect(Object.keys(gate.dropped).sort()).toEqual([...DROP_REASONS].sort());
    const sentences = DROP_REASONS.map(dropReasonText);
    expect(new Set(sentences).size).toBe(DROP_REASONS.length);
    // Words, not a code: several of them, and no hyphenated code among them.
    DROP_REASONS.forEach((code, i) => expect(sentences[i]).toMatch(/^[^-]+ [^-]+ [^-]+$/));
    expect(dropReasonText('app-denied')).toBe('a denied app had focus');
    expect(dropReasonText('private-window')).toBe('a private window had focus');
  });

  it('read a code this Cairn does not know (a newer store) as the code itself', () => {
    expect(dropReasonText('moon-phase')).toBe('moon-phase');
    expect(dropReasonText('toString')).toBe('toString');
  });

  it('are all in the README table of reasons', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const code of DROP_REASONS) expect(readme, code).toMatch(new RegExp(`\\| \`${code}\` \\|`));
  });

  it('are printed in words, most first, by the recorder status line and by `cairn show`', () => {
    const dropped = Object.fromEntries(DROP_REASONS.map((r) => [r, 0])) as Record<(typeof DROP_REASONS)[number], number>;
    Object.assign(dropped, { paused: 1, 'app-denied': 3 });
    expect(dropsInWords(dropped)).toBe('3 because a denied app had focus, 1 because the recording was paused');
    const line = formatCounters({ elapsedMs: 1000, paused: false, kept: 5, thinned: 0, stored: 5, dropped, pending: 0, frames: 0, frameCounts: undefined, bytes: 0, keyToDiskMs: zeroLatency, warnings: [] });
    expect(line).toContain('dropped 4 (3 because a denied app had focus, 1 because the recording was paused)');
    expect(line).not.toMatch(/app-denied|paused \d/);

    const lines: string[] = [];
    const view = { id: 'x', state: 'recorded', startedAt: '', endedAt: null, task: null, stopped: null, keyboardLayout: 'us', policies: [], dropped, counts: { events: 0, frames: 0, byKind: {} }, typedText: [], windows: [], frames: [], events: [], audit: [], claimedByBundle: [], findings: [], review: { reviewer: null, reviewedAt: null, reason: null } };
    printSession(view as unknown as SessionView, (l) => lines.push(l), { events: false });
    expect(lines.find((l) => l.includes('dropped by the consent gate'))).toBe('  dropped by the consent gate: 3 because a denied app had focus, 1 because the recording was paused');
  });
});
