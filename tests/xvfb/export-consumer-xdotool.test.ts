// The xdotool commands Anthropic's reference computer tool would run for the exported actions, run
// for real by a shell against a private Xvfb: every one of the real recording's, and keys Cairn can
// name under modifiers. xdotool says on stderr when it refuses a key sequence or ignores a key it
// has no name for ("No such key name"); none may say so. Commands are the ones the reference tool
// runs, as tests/helpers/consumers/anthropic-check.ts builds them from facts of its source.
import { exec } from 'node:child_process';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anthropicActions } from '../../src/export/writers/anthropic-actions.ts';
import { isRefusal } from '../../src/export/writers/refusal.ts';
import { anthropicCheck } from '../helpers/consumers/anthropic-check.ts';
import { loadFixtureSession } from '../helpers/consumers/demo-session.ts';
import { cairnKeyNames, FRAME, hotkeyStep, MODIFIERS } from '../helpers/consumers/steps.ts';
import { startXvfb, type XvfbDisplay, xvfbMissingReason } from '../helpers/xvfb.ts';

const run = promisify(exec);
const missing = xvfbMissingReason();
if (missing) console.warn(`Skipping the xdotool run of exported actions: ${missing}.`);

// Keys that act on the X server or session rather than on a window are not pressed here.
const UNSAFE = /Terminate|Switch_VT|VMode|Grab|LogOff|PowerOff|Suspend|Hibernate|Sleep|Standby|Shutdown/;

describe.skipIf(missing !== null)('xdotool running the reference tool\'s commands for exported actions', () => {
  let x: XvfbDisplay;
  beforeAll(async () => {
    x = await startXvfb({ width: FRAME[0], height: FRAME[1] });
  }, 30_000);
  afterAll(async () => {
    await x?.stop();
  });

  /** Each command run by a shell on the display: what xdotool said on stderr, by command. */
  async function runAll(actions: Record<string, unknown>[]): Promise<[string, string][]> {
    const results = actions.map((action) => anthropicCheck(action, FRAME));
    const said: [string, string][] = [];
    for (const command of results.flatMap((r) => r.commands)) {
      // `mousemove --sync` waits for the pointer to move, and never returns if it is already there
      // (as after a scroll at the same spot): the pointer starts each command from a far corner.
      await run(`xdotool mousemove ${FRAME[0] - 1} ${FRAME[1] - 1}`, { env: x.env });
      const { stderr } = await run(command, { env: x.env, timeout: 10_000 });
      said.push([command, stderr.trim()]);
    }
    return said;
  }

  it('takes every key, click, scroll and drag of the real recording without a word', async () => {
    const { actions } = loadFixtureSession();
    const inputs = actions.flatMap((a) => {
      const spelled = anthropicActions(a);
      // Waits and typing run no key names; typing is xdotool type of a quoted string.
      return isRefusal(spelled) ? [] : spelled.filter((s) => s.action !== 'wait');
    });
    const said = await runAll(inputs);
    expect(said.length).toBeGreaterThanOrEqual(20);
    expect(said.filter(([, err]) => err !== '')).toEqual([]);
  }, 60_000);

  it('takes keys Cairn can name, under modifiers, without a word (and names what it refuses: ctrl+/ is "No such key name")', async () => {
    const keys = [...cairnKeyNames().keys()].filter((k) => !UNSAFE.test(k));
    const sample = fc.sample(fc.tuple(fc.subarray([...MODIFIERS]), fc.constantFrom(...keys)), { numRuns: 120, seed: 61 });
    const inputs = sample.map(([m, k]) => anthropicActions(hotkeyStep([...m, k]))).flatMap((s) => (isRefusal(s) ? [] : s));
    const said = await runAll(inputs);
    expect(said.filter(([, err]) => err !== '')).toEqual([]);
    const { stderr } = await run('xdotool key -- ctrl+/', { env: x.env });
    expect(stderr).toMatch(/No such key name/);
  }, 60_000);
});
