// Encryption at rest with the key in a real Secret Service (GNOME Keyring on a private D-Bus bus):
// a real recording under Xvfb lands in an encrypted store, so no typed key, window class or frame
// is in any byte of any file, backups included; without the secret store every command is refused
// with one sentence and nothing changes; with the keyring back (same files, as after a reboot)
// everything reads again. Turning encryption off shows the same checks do see plaintext.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCairn, startRecording } from '../helpers/cli.ts';
import { filesContaining, folderDigest } from '../helpers/disk-bytes.ts';
import { openRecordingDesk, type RecordingDesk } from '../helpers/recording-desk.ts';
import { type SecretService, secretServiceMissingReason, startSecretService } from '../helpers/secret-service.ts';
import { sleep } from '../helpers/typing.ts';
import { type XvfbDisplay, xdotool, xvfbMissingReason } from '../helpers/xvfb.ts';

const missing = xvfbMissingReason() ?? secretServiceMissingReason();
if (missing) console.warn(`Skipping the encryption-at-rest test: ${missing}.`);

const TYPED = 'qzxencmarker';
const APP = 'EncTerm';
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
// Every stored frame is a lossless WebP: in a plaintext store its chunk header is on disk.
const WEBP_CHUNK = 'WEBPVP8L';


describe.skipIf(missing !== null)('encryption at rest with the key in the Secret Service', () => {
  let desk: RecordingDesk;
  let x: XvfbDisplay;
  let secrets: SecretService;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let sessionId: string;

  beforeAll(async () => {
    secrets = await startSecretService();
    const { DBUS_SESSION_BUS_ADDRESS, HOME, XDG_RUNTIME_DIR, XDG_DATA_HOME, XDG_CONFIG_HOME } = secrets.env;
    desk = await openRecordingDesk({ app: APP, geometry: '80x20+0+0', screens: 'on', extraEnv: { DBUS_SESSION_BUS_ADDRESS, HOME, XDG_RUNTIME_DIR, XDG_DATA_HOME, XDG_CONFIG_HOME } });
    ({ x, env, dataDir } = desk);
  }, 60_000);

  afterAll(async () => {
    await desk?.close();
    await secrets?.stop();
  });

  it('refuses to enable without a reachable secret store, and changes nothing', async () => {
    const before = folderDigest(dataDir);
    const r = await runCairn(['encryption', 'enable'], { ...env, DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(dataDir, 'no-bus')}` });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/could not reach the Secret Service .* never keeps the key in a plaintext file/);
    expect(folderDigest(dataDir)).toEqual(before);
    expect((await runCairn(['encryption', 'status', '--json'], env)).stdout).toContain('"state":"off"');
  });

  it('encrypts the store, and a real recording into it leaves no typed key, class name or frame in any byte', async () => {
    expect(filesContaining(dataDir, APP)).not.toEqual([]); // plaintext before

    const enable = await runCairn(['encryption', 'enable'], env);
    expect(enable.stderr).toBe('');
    expect(enable.code).toBe(0);
    expect(enable.stdout).toMatch(/The store is encrypted .* held by the Secret Service/);

    await desk.focus();
    const rec = await startRecording([], env);
    sessionId = rec.sessionId;
    await sleep(300);
    await xdotool(x.env, 'type', '--delay', '40', TYPED);
    await sleep(1_500); // a frame after the typing
    const stopped = await rec.stop();
    expect(stopped.code).toBe(0);

    const show = JSON.parse((await runCairn(['show', sessionId, '--json'], env)).stdout);
    expect(show.typedText.map((r: { text: string }) => r.text).join('')).toContain(TYPED);
    expect(show.frames.length).toBeGreaterThan(0);

    for (const needle of [TYPED, APP, WEBP_CHUNK]) expect(filesContaining(dataDir, needle), needle).toEqual([]);
    expect(readFileSync(join(dataDir, 'cairn.db')).subarray(0, 16).equals(SQLITE_MAGIC)).toBe(false);

    const backup = join(dataDir, '..', `${sessionId}.backup.db`);
    expect((await runCairn(['backup', '--out', backup], env)).code).toBe(0);
    const copy = readFileSync(backup);
    expect(copy.subarray(0, 16).equals(SQLITE_MAGIC)).toBe(false);
    for (const needle of [TYPED, APP, WEBP_CHUNK]) expect(copy.includes(needle), needle).toBe(false);
  }, 60_000);

  it('refuses every command while the secret store is gone, changing nothing, and reads again once it is back', async () => {
    await secrets.stopKeyring();
    const before = folderDigest(dataDir);
    for (const args of [['sessions'], ['show', sessionId], ['apps', 'list']]) {
      const r = await runCairn(args, env);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/could not reach the Secret Service/);
    }
    const rec = await runCairn(['record', '--duration', '1'], env);
    expect(rec.code).not.toBe(0);
    expect(folderDigest(dataDir)).toEqual(before);

    await secrets.startKeyring();
    const sessions = await runCairn(['sessions'], env);
    expect(sessions.stderr).toBe('');
    expect(sessions.code).toBe(0);
    expect(sessions.stdout).toContain(sessionId.slice(0, 8));
  }, 60_000);

  it('turns encryption off: the same checks now find the recording in plaintext', async () => {
    const r = await runCairn(['encryption', 'disable'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/NOT encrypted/);
    expect(existsSync(join(dataDir, 'encryption.json'))).toBe(false);
    expect(filesContaining(dataDir, APP)).not.toEqual([]);
    expect(filesContaining(dataDir, WEBP_CHUNK)).not.toEqual([]);
  }, 30_000);
});
