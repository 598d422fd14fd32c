// The desktop app's service as Electron forks it: the built dist/node/service-process.js, not the
// TypeScript sources. It finds the consent texts and its lazily loaded chunks from dist/, answers
// calls, and closes on request. Electron's utility process is stood in for by a forked Node process
// with the same `process.parentPort`.
import { fork } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { loadConsentText } from '../../src/consent/consent-text.ts';
import type { FromService, ToService } from '../../src/electron/service-messages.ts';

const SERVICE = fileURLToPath(new URL('../../dist/node/service-process.js', import.meta.url));
const SHIM = fileURLToPath(new URL('../helpers/parent-port-shim.mjs', import.meta.url));

it('the built service starts from dist/, answers calls through its lazy chunks, and closes', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cairn-service-'));
  const child = fork(SERVICE, ['--data-dir', dataDir], { execArgv: ['--import', SHIM], env: { ...process.env, DISPLAY: ':9999' }, stdio: 'pipe' });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const messages: FromService[] = [];
  const next = (type: FromService['type'], id?: number) =>
    new Promise<FromService>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${type} from the service within 15 s: ${stderr}`)), 15_000);
      const check = () => {
        const found = messages.find((m) => m.type === type && (id === undefined || (m as { id?: number }).id === id));
        if (found) {
          clearTimeout(timer);
          resolve(found);
        } else setTimeout(check, 20);
      };
      check();
    });
  child.on('message', (m: FromService) => messages.push(m));
  const send = (m: ToService) => child.send(m);
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));

  await next('ready');
  send({ type: 'call', id: 1, method: 'consent.get', input: {} });
  send({ type: 'call', id: 2, method: 'recorder.capability', input: {} });
  const consent = (await next('result', 1)) as Extract<FromService, { type: 'result' }>;
  expect(consent.result.ok, JSON.stringify(consent.result)).toBe(true);
  // The text it read from consent/ (found from dist/ through the app root) is the current one.
  const text = loadConsentText();
  expect(consent.result.ok && consent.result.result).toMatchObject({ accepted: null, version: text.version, sha256: text.sha256 });
  const capability = (await next('result', 2)) as Extract<FromService, { type: 'result' }>;
  expect(capability.result.ok, JSON.stringify(capability.result)).toBe(true);
  send({ type: 'close' });
  await next('closed');
  expect(await exited).toBe(0);
  expect(stderr).toBe('');
});
