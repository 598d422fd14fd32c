// The Electron fuses a packaged Cairn is given (electron.config.ts), and the packaging step that
// burns them (scripts/apply-fuses.ts) run on a small fake binary laid out as @electron/fuses reads a
// real one: the sentinel, the wire's version and length bytes, then one byte per fuse ('0' off,
// '1' on).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FuseV1Options } from '@electron/fuses';
import { describe, expect, it } from 'vitest';
import { fuses } from '../../electron.config.ts';
import { applyFuses, readFuses } from '../../scripts/apply-fuses.ts';

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
// Electron 45's wire as shipped: RunAsNode, NODE_OPTIONS, inspect, file:// privileges and Wasm trap
// handlers on; the rest off.
const SHIPPED_WIRE = '101100011';

/** A fake binary: random bytes, the fuse sentinel with version 1 and `wire`, random bytes. */
function fakeBinary(wire: string): { file: string; before: Buffer; wireAt: number } {
  const head = randomBytes(3000);
  const before = Buffer.concat([head, Buffer.from(SENTINEL), Buffer.from([1, wire.length]), Buffer.from(wire), randomBytes(2000)]);
  const file = join(mkdtempSync(join(tmpdir(), 'cairn-fuses-')), 'cairn');
  writeFileSync(file, before);
  return { file, before, wireAt: head.length + SENTINEL.length + 2 };
}

describe('Electron fuses', () => {
  it('decide every fuse of Electron 45: no Node mode, NODE_OPTIONS or inspector; app only from an integrity-checked asar', () => {
    const byName = Object.fromEntries(Object.entries(fuses).filter(([k]) => /^\d+$/.test(k)).map(([k, v]) => [FuseV1Options[Number(k)], v]));
    expect(byName).toEqual({
      RunAsNode: false,
      EnableCookieEncryption: true,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
      LoadBrowserProcessSpecificV8Snapshot: false,
      GrantFileProtocolExtraPrivileges: false,
      WasmTrapHandlers: true,
    });
    expect(fuses).toMatchObject({ version: '1', strictlyRequireAllFuses: true });
  });

  it('are burnt into a packaged binary, changing the fuse bytes and nothing else', async () => {
    const { file, before, wireAt } = fakeBinary(SHIPPED_WIRE);
    expect(await applyFuses(file)).toEqual({
      RunAsNode: 'off',
      EnableCookieEncryption: 'on',
      EnableNodeOptionsEnvironmentVariable: 'off',
      EnableNodeCliInspectArguments: 'off',
      EnableEmbeddedAsarIntegrityValidation: 'on',
      OnlyLoadAppFromAsar: 'on',
      LoadBrowserProcessSpecificV8Snapshot: 'off',
      GrantFileProtocolExtraPrivileges: 'off',
      WasmTrapHandlers: 'on',
    });
    const after = readFileSync(file);
    expect(after.subarray(wireAt, wireAt + 9).toString()).toBe('010011001');
    expect(after.subarray(0, wireAt).equals(before.subarray(0, wireAt))).toBe(true);
    expect(after.subarray(wireAt + 9).equals(before.subarray(wireAt + 9))).toBe(true);
  });

  it('refuse a binary with a fuse this configuration does not decide, and leave it as it was', async () => {
    const { file, before } = fakeBinary(`${SHIPPED_WIRE}1`);
    await expect(applyFuses(file)).rejects.toThrow(/strictlyRequireAllFuses/);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(await readFuses(file)).toMatchObject({ RunAsNode: 'on', 'fuse 9': 'on' });
  });

  it('are never burnt into the development Electron, which npm start and the tests run', async () => {
    const development = fileURLToPath(new URL('../../node_modules/electron/dist/electron', import.meta.url));
    await expect(applyFuses(development)).rejects.toThrow(/is the development Electron that `npm start` and the tests run; copy it into a package first/);
  });
});
