// The Electron-free parts of the desktop shell: hotkey accelerators, tray icons, what the tray and
// hotkeys do, and finding the Electron binary without a download.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Handlers } from '../../src/host/invoke.ts';
import { DomainError } from '../../src/core/domain-error.ts';
import { DEFAULT_HOTKEYS } from '../../src/shared/hotkeys.ts';
import { findElectronBinary } from '../../src/electron/electron-binary.ts';
import { hotkeyAccelerator, registerHotkeys } from '../../src/electron/hotkeys.ts';
import { createDesktopControls } from '../../src/electron/desktop-controls.ts';
import { trayIconBitmap } from '../../src/electron/tray-icons.ts';

describe('desktop shell parts', () => {
  it('registers the core\'s hotkeys as the accelerators their labels name', () => {
    const registered: string[] = [];
    const refused = registerHotkeys({ register: (accelerator) => registered.push(accelerator) > 0 }, () => undefined);
    expect(refused).toEqual([]);
    expect(registered).toEqual(DEFAULT_HOTKEYS.map((h) => h.label.replace('Ctrl', 'Control')));
    expect(registered).toEqual(['Control+Alt+Shift+R', 'Control+Alt+Shift+P', 'Control+Alt+Shift+F']);
    expect(hotkeyAccelerator({ ...DEFAULT_HOTKEYS[0]!, keycode: 2 })).toBeNull();
  });

  it('reports hotkeys the desktop refuses', () => {
    expect(registerHotkeys({ register: (a) => !a.endsWith('+P') }, () => undefined)).toEqual(['Ctrl+Alt+Shift+P']);
  });

  it('draws a tray icon that is visibly different while recording', () => {
    const red = (bgra: Buffer) => {
      let n = 0;
      for (let i = 0; i < bgra.length; i += 4) if (bgra[i + 3] === 255 && bgra[i + 2]! > 200 && bgra[i + 1]! < 60) n++;
      return n;
    };
    const idle = trayIconBitmap('idle');
    const recording = trayIconBitmap('recording');
    expect(idle.length).toBe(16 * 16 * 4);
    expect(red(idle)).toBe(0);
    expect(red(recording)).toBeGreaterThan(100);
    expect(trayIconBitmap('paused').equals(recording)).toBe(false);
  });

  it('sends every tray action to the one recorder.control; global hotkeys act only while idle', async () => {
    const calls: string[] = [];
    let phase: 'idle' | 'recording' = 'idle';
    const snapshot = () => ({ state: phase, sessionId: null, elapsedMs: 0, kept: 0, stored: 0, dropped: {}, frames: 0, bytes: 0, storageUsed: 0, storageBudget: 1, warnings: [], stoppedBecause: null });
    const handlers = new Proxy({} as Handlers, {
      get: (_t, name: string) => (input: { action: string }) => {
        calls.push(`${name} ${input.action}`);
        if (input.action === 'toggle-record') phase = phase === 'idle' ? 'recording' : 'idle';
        if (input.action === 'toggle-pause' && phase === 'idle') throw new DomainError('conflict', 'Nothing is being recorded.');
        return snapshot();
      },
    });
    const changes: string[] = [];
    const errors: string[] = [];
    const controls = createDesktopControls(handlers, (seen, _s, changed) => changed && changes.push(seen), (message, action) => errors.push(`${action}: ${message}`));
    await controls.hotkey('toggle-record');
    // Recording: the recorder sees its hotkeys itself, so the desktop's copy does nothing.
    await controls.hotkey('toggle-pause');
    await controls.hotkey('toggle-record');
    await controls.run('toggle-record');
    await controls.hotkey('forget-5-minutes');
    await controls.run('toggle-pause');
    expect(calls).toEqual(['recorder.control toggle-record', 'recorder.control toggle-record', 'recorder.control forget-5-minutes', 'recorder.control toggle-pause']);
    expect(changes).toEqual(['recording', 'idle']);
    expect(controls.phase).toBe('idle');
    expect(errors).toEqual(['toggle-pause: Nothing is being recorded.']);
  });

  it('finds the Electron binary only where it exists, never by downloading it', () => {
    const root = mkdtempSync(join(tmpdir(), 'cairn-electron-'));
    expect(findElectronBinary(root, {})).toBeNull();
    mkdirSync(join(root, 'node_modules', 'electron', 'dist'), { recursive: true });
    writeFileSync(join(root, 'node_modules', 'electron', 'path.txt'), 'electron');
    expect(findElectronBinary(root, {})).toBeNull();
    writeFileSync(join(root, 'node_modules', 'electron', 'dist', 'electron'), '');
    expect(findElectronBinary(root, {})).toBe(join(root, 'node_modules', 'electron', 'dist', 'electron'));
    expect(findElectronBinary(root, { ELECTRON_OVERRIDE_DIST_PATH: join(root, 'nowhere') })).toBeNull();
  });
});
