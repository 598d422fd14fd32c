import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KeyboardLayout } from '../../src/shared/keyboard-layout.ts';
import { rebuildTextRuns } from '../../src/core/typed-text.ts';

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/sessions/xterm-typing.json', import.meta.url), 'utf8'));

describe('typed text of a real recording', () => {
  it('rebuilds what xdotool typed (with Shift and BackSpace) from key codes and the recorded X11 layout', () => {
    const layout = KeyboardLayout.parse(fixture.layout);
    expect(layout.name).toMatch(/^x11:/);
    expect(rebuildTextRuns(fixture.events, layout).map((r) => r.text).join('')).toBe(fixture.expectedText);
  });
});
