// How often the real recorder wakes the X server for its focus watcher's round trips (each one also
// wakes the gate and the store writer): at rest never (the watcher's own 1 s heartbeat is all), and
// while keys come at most once per 200 ms, with the last key still vouched for and stored at once
// rather than at the next heartbeat.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCairn, startRecording } from '../helpers/cli.ts';
import { type RecordingDesk, openRecordingDesk } from '../helpers/recording-desk.ts';
import { sleep } from '../helpers/typing.ts';
import { xdotool, xvfbMissingReason } from '../helpers/xvfb.ts';

const missing = xvfbMissingReason();
if (missing) console.warn(`Skipping the recorder cadence test: ${missing}.`);

describe.skipIf(missing !== null)("the recorder's round trips to the focus watcher", () => {
  let desk: RecordingDesk;

  beforeAll(async () => {
    desk = await openRecordingDesk({ app: 'CadenceTerm', geometry: '60x15+0+0' });
  }, 60_000);

  afterAll(() => desk?.close());

  it('asks for none at rest, at most one per 200 ms while keys come, and one soon after the last key', async () => {
    const { x, env, dataDir } = desk;
    await desk.focus();
    const syncTimesFile = join(dataDir, 'syncs.json');
    const rec = await startRecording([], env, { syncTimesFile });
    await sleep(500); // the start's own round trips are done
    const restFrom = Date.now();
    await sleep(2500);
    const typingFrom = Date.now();
    const typed = 'cadence of round trips';
    await xdotool(x.env, 'type', '--delay', '80', typed);
    const typingTo = Date.now();
    await sleep(2500);
    const restTo = Date.now();
    const result = await rec.stop();
    expect(result.code, result.stderr).toBe(0);

    const asked = JSON.parse(readFileSync(syncTimesFile, 'utf8')) as number[];
    const between = (from: number, to: number) => asked.filter((t) => t >= from && t < to);
    expect(between(restFrom, typingFrom), 'round trips at rest before typing').toEqual([]);
    const whileTyping = between(typingFrom, typingTo + 400);
    // ~1.8 s of keys: one round trip per 200 ms is about 9; one per key would be 44.
    expect(whileTyping.length).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < whileTyping.length; i++) expect(whileTyping[i]! - whileTyping[i - 1]!).toBeGreaterThanOrEqual(195);
    // The last key is vouched for by a round trip of its own, not left to the 1 s heartbeat.
    expect(whileTyping.at(-1)!).toBeGreaterThanOrEqual(typingTo - 50);
    expect(between(typingTo + 400, restTo), 'round trips at rest after typing').toEqual([]);

    const view = JSON.parse((await runCairn(['show', rec.sessionId, '--json'], env)).stdout) as { typedText: { text: string }[] };
    expect(view.typedText.map((r) => r.text).join('')).toBe(typed);
  }, 60_000);
});
