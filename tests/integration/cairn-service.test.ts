// The service's handlers over a real store, called through the one wrapper as both hosts call them:
// consent, sensitive apps, deletion, forgetting and withdrawal, checked on the bytes on disk.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { invoke } from '../../src/host/invoke.ts';
import { loadConsentText } from '../../src/consent/consent-text.ts';
import { type CairnService, createCairnService } from '../../src/host/cairn-service.ts';
import { filesContaining } from '../helpers/disk-bytes.ts';
import { seedRecordedSession } from '../helpers/seed-session.ts';

const sha = loadConsentText().sha256;
const ID_A = '00000000-0000-4000-8000-00000000000a';
const ID_B = '00000000-0000-4000-8000-00000000000b';
let dataDir: string;
let service: CairnService;

// No display: apps.list then shows configured apps only, whatever runs on the machine's screen.
const savedDisplay = process.env.DISPLAY;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'cairn-service-'));
  delete process.env.DISPLAY;
});
afterEach(async () => {
  await service?.close();
  if (savedDisplay !== undefined) process.env.DISPLAY = savedDisplay;
});

const start = () => (service = createCairnService({ dataDir }));
const call = (method: string, input: unknown = {}) => invoke(service.handlers, method, input);
async function ok(method: string, input: unknown = {}) {
  const r = await call(method, input);
  if (!r.ok) throw new Error(`${method} failed: ${r.error.message}`);
  return r.result as Record<string, unknown> & { app: string; id: string }[];
}

describe('the Cairn service', () => {
  it('accepts consent only with the current text\'s sha256', async () => {
    start();
    expect((await ok('consent.get')).accepted).toBeNull();
    const wrong = await call('consent.accept', { sha256: 'b'.repeat(64) });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'refused' } });
    expect((await ok('consent.get')).accepted).toBeNull();
    const accepted = await ok('consent.accept', { sha256: sha });
    expect(accepted.accepted).toMatchObject({ sha256: sha, current: true });
  });

  it('refuses a sensitive app with fewer than two confirmations and allows it with two', async () => {
    start();
    const once = await call('apps.set', { app: 'KeePassXC', allowed: true, confirmSensitive: 1 });
    expect(once).toMatchObject({ ok: false, error: { code: 'refused' } });
    if (!once.ok) expect(once.error.message).toMatch(/^KeePassXC is a sensitive app \(.*\) and stays denied unless you confirm twice\.$/);
    expect(await ok('apps.list')).toEqual([]);
    const twice = await ok('apps.set', { app: 'KeePassXC', allowed: true, confirmSensitive: 2 });
    expect(twice).toMatchObject({ app: 'KeePassXC', allowed: true, sensitive: expect.any(String) });
    const plain = await ok('apps.set', { app: 'XTerm', allowed: true, keys: 'timing', screens: 'off' });
    expect(plain).toMatchObject({ allowed: true, keys: 'timing', screens: 'off', titles: 'keep', sensitive: null });
    expect((await ok('apps.list')).map((a) => a.app)).toEqual(['KeePassXC', 'XTerm']);
  });

  it('allows a browser for named sites only, normalised, and refuses a site that is not an origin with invalid-input', async () => {
    start();
    const sites = await ok('apps.set', { app: 'Chromium', allowed: true, sites: ['Bücher.de', 'https://Mail.Example.com:443/'] });
    expect(sites).toMatchObject({ app: 'Chromium', allowed: true, browser: true, sites: ['https://mail.example.com', 'xn--bcher-kva.de'] });
    const bad = await call('apps.set', { app: 'Chromium', allowed: true, sites: ['mail.example.com/inbox'] });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const notBrowser = await call('apps.set', { app: 'XTerm', allowed: true, sites: ['example.com'] });
    expect(notBrowser).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await ok('apps.list')).toEqual([expect.objectContaining({ app: 'Chromium', sites: ['https://mail.example.com', 'xn--bcher-kva.de'] })]);
    const whole = await ok('apps.set', { app: 'Chromium', allowed: true });
    expect(whole).toMatchObject({ browser: true, sites: null });
    const denied = await ok('apps.set', { app: 'Chromium', allowed: false, sites: ['example.com'] });
    expect(denied).toMatchObject({ allowed: false, sites: null });
  });

  it('refuses to record without consent, then without an allowed app, with one sentence each', async () => {
    start();
    const noConsent = await call('recorder.start');
    expect(noConsent).toMatchObject({ ok: false, error: { code: 'refused', message: expect.stringContaining('No consent given yet') } });
    await ok('consent.accept', { sha256: sha });
    const noApp = await call('recorder.start');
    expect(noApp).toMatchObject({ ok: false, error: { code: 'refused', message: expect.stringContaining('No app is allowed yet') } });
    expect(await ok('recorder.status')).toMatchObject({ state: 'idle', sessionId: null, storageBudget: 5 * 1024 ** 3 });
  });

  it('says why capture cannot work without a display', async () => {
    start();
    expect(await ok('recorder.capability')).toEqual({ ok: false, problem: expect.stringMatching(/^No display: DISPLAY is not set/) });
  });

  it('lists, shows, serves a frame of and deletes a session, erasing it from every file', async () => {
    seedRecordedSession(dataDir, { id: ID_A, title: 'MARKER-DELETE-41c' });
    seedRecordedSession(dataDir, { id: ID_B, title: 'MARKER-KEEP-93d' });
    start();
    expect((await ok('sessions.list')).map((s) => s.id).sort()).toEqual([ID_A, ID_B]);
    const detail = await ok('sessions.get', { id: ID_A });
    expect(detail).toMatchObject({ state: 'recorded', counts: { events: 20, frames: 2 }, windows: [{ title: 'MARKER-DELETE-41c' }] });
    const frame = await ok('sessions.frame', { id: ID_A, seq: 1 });
    expect(frame.mime).toBe('image/webp');
    expect(Buffer.from(frame.base64 as string, 'base64').toString()).toContain(`RIFF-frame-${ID_A}`);
    expect(await call('sessions.frame', { id: ID_A, seq: 99 })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(filesContaining(dataDir, 'MARKER-DELETE-41c').length).toBeGreaterThan(0);

    expect(await ok('sessions.delete', { id: ID_A })).toEqual({ events: 20, frames: 2 });
    expect(filesContaining(dataDir, 'MARKER-DELETE-41c')).toEqual([]);
    expect(filesContaining(dataDir, 'MARKER-KEEP-93d').length).toBeGreaterThan(0);
    expect((await ok('sessions.list')).map((s) => s.id)).toEqual([ID_B]);
    expect(await call('sessions.delete', { id: ID_A })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('forgets the last minutes, deleting a session left empty', async () => {
    seedRecordedSession(dataDir, { id: ID_A, title: 'MARKER-FORGET-77a', startedAt: Date.now() - 30_000 });
    seedRecordedSession(dataDir, { id: ID_B, title: 'MARKER-OLD-12b', startedAt: Date.now() - 3 * 60 * 60_000 });
    start();
    expect(await ok('data.forget', { minutes: 5 })).toEqual({ events: 20, frames: 2, deletedSessions: 1 });
    expect(filesContaining(dataDir, 'MARKER-FORGET-77a')).toEqual([]);
    expect(filesContaining(dataDir, 'MARKER-OLD-12b').length).toBeGreaterThan(0);
    const data = await ok('data.get');
    expect(data).toMatchObject({ sessions: 1, events: 20, frames: 2, tombstones: 1, dataDir });
    expect(data.freeDiskBytes).toBeGreaterThan(0);
    expect(data.encryption).toEqual({ encrypted: false, keyStore: null });
    expect((data.audit as { action: string }[]).map((a) => a.action)).toContain('forget');
  });

  it('withdraws consent: erases every session from the bytes of every file, keeps tombstones', async () => {
    seedRecordedSession(dataDir, { id: ID_A, title: 'MARKER-WITHDRAW-5e1' });
    start();
    await ok('consent.accept', { sha256: sha });
    await ok('apps.set', { app: 'XTerm', allowed: true });
    expect(await ok('consent.withdraw')).toEqual({ sessions: 1, events: 20, frames: 2, stoppedRecorders: 0, copiesElsewhere: [] });
    expect(filesContaining(dataDir, 'MARKER-WITHDRAW-5e1')).toEqual([]);
    expect(filesContaining(dataDir, `RIFF-frame-${ID_A}`)).toEqual([]);
    expect((await ok('consent.get')).accepted).toBeNull();
    expect(await ok('apps.list')).toEqual([]);
    expect(await ok('data.get')).toMatchObject({ sessions: 0, events: 0, frames: 0, tombstones: 1 });
  });

  it('changes settings, applying retention at once', async () => {
    seedRecordedSession(dataDir, { id: ID_A, startedAt: Date.now() - 10 * 24 * 60 * 60_000 });
    start();
    expect(await ok('settings.get')).toEqual({ retentionDays: null, storageBudgetBytes: 5 * 1024 ** 3, minFreeDiskBytes: 1024 ** 3 });
    expect(await ok('settings.set', { retentionDays: 7 })).toMatchObject({ retentionDays: 7 });
    expect(await ok('sessions.list')).toEqual([]);
    expect(await call('settings.set', { storageBudgetBytes: 10 })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('applies retention when it starts', async () => {
    seedRecordedSession(dataDir, { id: ID_A, startedAt: Date.now() - 10 * 24 * 60 * 60_000 });
    start();
    await ok('settings.set', { retentionDays: 30 });
    await service.close();
    seedRecordedSession(dataDir, { id: ID_B, startedAt: Date.now() - 40 * 24 * 60 * 60_000 });
    start();
    expect((await ok('sessions.list')).map((s) => s.id)).toEqual([ID_A]);
  });
});
