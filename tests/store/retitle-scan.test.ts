// Text typed across a retitle of one window is one run: a token whose first key made the window
// retitle itself is found whole, and the password-prompt rule reads the title each stretch was
// typed under (a tab switch to a sign-in page). A real store, the real scan.
import { describe, expect, it } from 'vitest';
import { BUILTIN_US_LAYOUT } from '../../src/shared/keyboard-layout.ts';
import { scanSession } from '../../src/review/scan-session.ts';
import { describeSession } from '../../src/review/session-view.ts';
import { applyAction } from '../../src/store/session-repo.ts';
import { writeBatch } from '../../src/store/write-batch.ts';
import { createSeedSession } from '../helpers/seed-session.ts';
import { open, tempDataDir } from './helpers.ts';
import { typingEvents } from '../helpers/seed-review.ts';

const ID = '7c1e0f3a-2222-4333-8444-955556666777';
const TOKEN = 'ghp_' + 'R8x2Kq7LmN4pV9tW3yZ6aB1cD5eF0gH2jK4m';
const bounds = { x: 0, y: 0, width: 900, height: 650 };

describe('typed text across a retitle of one window', () => {
  it('is one run, scanned whole, with the password-prompt rule per title', async () => {
    const store = open(tempDataDir());
    const startedAt = Date.now() - 60_000;
    createSeedSession(store, { id: ID, startedAt, layout: BUILTIN_US_LAYOUT });
    // Row 1 until the token's first key, which made the page retitle itself; then a tab switch to a sign-in page.
    const first = typingEvents(TOKEN.slice(0, 1), 1, 100.5);
    const rest = typingEvents(`${TOKEN.slice(1)} `, first.length + 1, 500.5).map((e) => ({ ...e, windowSeq: 2 }));
    const password = typingEvents('hunter2', first.length + rest.length + 1, 5000.5).map((e) => ({ ...e, windowSeq: 3 }));
    writeBatch(store, ID, {
      windows: [
        { seq: 1, t: 0, app: 'XTerm', title: 'Notes - Chromium', ...bounds },
        { seq: 2, t: 110, app: 'XTerm', title: '*Notes - Chromium', ...bounds },
        { seq: 3, t: 4000, app: 'XTerm', title: 'Sign in - Chromium', ...bounds },
      ],
      events: [...first, ...rest, ...password],
      frames: [],
      at: startedAt + 10_000,
    });
    applyAction(store, ID, 'stop', { actor: 'contributor', at: startedAt + 10_000 });

    expect(describeSession(store, ID).typedText.map((r) => r.text)).toEqual([`${TOKEN} hunter2`]);
    const findings = await scanSession(store, ID, { frames: false });
    const keyDown = (events: typeof first) => events.filter((e) => e.kind === 'key-down' && e.keycode !== 42).map((e) => e.seq);
    const token = findings.find((f) => f.detector === 'github-token');
    expect(token?.location).toMatchObject({ fromSeq: keyDown(first)[0], toSeq: keyDown(rest).at(-2) });
    const prompt = findings.find((f) => f.detector === 'password-prompt');
    expect(prompt?.location).toMatchObject({ fromSeq: keyDown(password)[0], toSeq: keyDown(password).at(-1) });
  });
});
