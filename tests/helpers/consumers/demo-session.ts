// A recording kept as a fixture (fixtures/sessions/*.json: events, windows, frame sizes, keyboard
// layout of a real `cairn record`) as the export writers take it, and its exports written to a
// folder: what the consumer checks read. Frames are a placeholder: the checks read actions only.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Action } from '../../../src/export/actions/action.ts';
import { deriveActions } from '../../../src/export/actions/derive-actions.ts';
import type { ExportSession } from '../../../src/export/export-session.ts';
import { writerFor } from '../../../src/export/writers/index.ts';
import { checkExportFolder, type Consumer, type ConsumerReport } from './check-export.ts';
import type { ExportFormat } from '../../../src/export/writers/export-writer.ts';

export const DEMO_FIXTURE = new URL('../../../fixtures/sessions/consumer-demo.json', import.meta.url);

export function loadFixtureSession(path: URL | string = DEMO_FIXTURE): { session: ExportSession; actions: Action[] } {
  const fixture = JSON.parse(readFileSync(path, 'utf8')) as Pick<ExportSession, 'layout' | 'windows' | 'events'> & {
    frames: Omit<ExportSession['frames'][number], 'format' | 'sha256' | 'size'>[];
  };
  const session: ExportSession = {
    id: 'consumer-demo',
    state: 'approved',
    startedAt: 0,
    endedAt: null,
    task: 'Try every kind of input in the terminal',
    layout: fixture.layout,
    policies: [],
    consent: null,
    review: { reviewer: null, approvedAt: null },
    windows: fixture.windows,
    events: fixture.events,
    frames: fixture.frames.map((f) => ({ ...f, format: 'webp', sha256: '', size: 0 })),
    elements: [],
    frameBytes: () => Buffer.from('placeholder'),
  };
  return { session, actions: deriveActions(session) };
}

/** The formats whose actions a consumer runs, written into a new temporary folder. */
export async function writeConsumerFormats(session: ExportSession, actions: Action[]): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-consumers-'));
  for (const format of ['pyautogui', 'computer13', 'computer-use'] as ExportFormat[]) await writerFor(format).write(session, actions, join(dir, format));
  return dir;
}

/** The export folder (format) each consumer reads. */
export const CONSUMER_FOLDERS: Record<Consumer, string> = { agentnet: 'pyautogui', osworld: 'computer13', anthropic: 'computer-use', openai: 'computer-use' };

/** The fixture recording exported and checked by one consumer. */
export async function checkedDemo(consumer: Consumer, path: URL | string = DEMO_FIXTURE): Promise<ConsumerReport> {
  const { session, actions } = loadFixtureSession(path);
  const dir = await writeConsumerFormats(session, actions);
  return checkExportFolder(join(dir, CONSUMER_FOLDERS[consumer])).find((r) => r.consumer === consumer)!;
}
