// Where the environment names no accessibility bus, the accessibility source starts no worker thread
// (the thread and dbus-next cost a recording ~24 MB) and answers every request at once as `no-bus`,
// with the sentence the recorder shows. Where a bus is named, the worker is started as before.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AtspiSource } from '../../src/capture/atspi/accessibility-source.ts';
import { NO_SESSION_BUS } from '../../src/capture/atspi/bus-address.ts';

const threads = (): number => readdirSync('/proc/self/task').length;
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 300));

describe.skipIf(process.platform !== 'linux')('the accessibility source without a bus', () => {
  it('starts no thread and answers no-bus at once', async () => {
    const before = threads();
    const source = new AtspiSource({ PATH: process.env.PATH });
    await settle();
    expect(threads()).toBe(before);
    expect(source.problem).toBe(NO_SESSION_BUS);
    expect(await source.ask({ type: 'barrier', pid: 1 })).toEqual({ ok: false, miss: 'no-bus', why: NO_SESSION_BUS });
    await source.close();
  });

  it('starts its worker thread where a bus is named (the count above can tell)', async () => {
    const before = threads();
    const source = new AtspiSource({ DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/cairn-test-bus' });
    expect(threads()).toBeGreaterThan(before);
    await source.close();
  });
});
