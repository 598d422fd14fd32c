// The desktop app itself, driven by Playwright's Electron support: hardening as a page sees it.
// Runs where the Electron binary exists (it cannot be downloaded on every machine); elsewhere the
// suite is skipped and says why.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../../src/shared/contract.ts';
import { findElectronBinary } from '../../src/electron/electron-binary.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const mainBundle = join(root, 'dist', 'electron', 'main.cjs');
const electronBinary = findElectronBinary(root);
const skipReason = !electronBinary
  ? 'the Electron binary is not on this machine (node_modules/electron/dist is empty and Cairn never downloads it)'
  : !existsSync(mainBundle)
    ? 'dist/electron/main.cjs is missing: run npm run build first'
    : null;
if (skipReason) console.warn(`tests/electron/app.test.ts skipped: ${skipReason}.`);

describe.skipIf(skipReason !== null)('the Electron app', () => {
  let app: ElectronApplication;
  let page: Page;

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cairn-electron-app-'));
    app = await electron.launch({ executablePath: electronBinary!, args: [mainBundle, '--data-dir', dataDir], cwd: root });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  afterAll(async () => {
    await app?.close();
  });

  it('opens the UI from cairn://app/ with context isolation, sandbox and no Node', async () => {
    expect(page.url()).toMatch(/^cairn:\/\/app\//);
    // With context isolation the page sees only what contextBridge copied: plain functions, no
    // preload globals, no Node.
    const isolated = await page.evaluate(() => {
      const api = (globalThis as unknown as { cairn: Record<string, unknown> }).cairn;
      return { ipc: 'ipcRenderer' in api, frozen: Object.isFrozen(api), contextBridgeVisible: 'contextBridge' in globalThis };
    });
    expect(isolated).toEqual({ ipc: false, frozen: true, contextBridgeVisible: false });
    expect(await page.evaluate(() => [typeof (globalThis as { require?: unknown }).require, typeof (globalThis as { process?: unknown }).process])).toEqual(['undefined', 'undefined']);
  });

  it('exposes exactly the contract\'s methods (and onEvent) on window.cairn, and no ipcRenderer', async () => {
    const keys = await page.evaluate(() => Object.keys((globalThis as unknown as { cairn: object }).cairn).sort());
    expect(keys).toEqual([...METHOD_NAMES, 'onEvent'].sort());
    const consent = await page.evaluate(() => (globalThis as unknown as { cairn: Record<string, (i: object) => Promise<{ version: number }>> }).cairn['consent.get']!({}));
    expect(consent.version).toBeGreaterThan(0);
    await expect(page.evaluate(() => (globalThis as unknown as { cairn: Record<string, (i: object) => Promise<unknown>> }).cairn['data.forget']!({ minutes: 'x' }))).rejects.toThrow(/\[cairn:invalid-input\]/);
  });

  it('blocks navigation away from the app', async () => {
    await page.evaluate(() => {
      (globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toMatch(/^cairn:\/\/app\//);
  });

  it('refuses new windows', async () => {
    const before = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length);
    const opened = await page.evaluate(() => (globalThis as unknown as { open(url: string): unknown }).open('https://example.com/') === null);
    await page.waitForTimeout(300);
    expect(opened).toBe(true);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(before);
  });

  it('puts an icon in the tray that says Cairn is not recording', async () => {
    // Electron has no API listing trays: main.ts leaves its Tray on the main process's globalThis.
    const tray = await app.evaluate(() => {
      const t = (globalThis as unknown as { cairnTray?: { isDestroyed(): boolean } }).cairnTray;
      return t ? { alive: !t.isDestroyed() } : null;
    });
    expect(tray).toEqual({ alive: true });
  });
});
