// Withdrawal: as easy as giving consent, and the same from every front end. Stops this process's
// own recording (discarding what it holds), marks consent withdrawn (a recorder in another process
// notices within a quarter second and throws away what it holds), stops the other recorders, then
// erases everything stored (copies kept in the data folder too) and keeps only tombstones of the
// session ids. The backups and bundles written elsewhere are out of its reach: it names them for the
// person to delete.
import { setTimeout as sleep } from 'node:timers/promises';
import { markWithdrawn } from '../store/consent-repo.ts';
import { withdrawAll } from '../store/erase.ts';
import type { CopyElsewhere } from '../store/kept-copies.ts';
import { openStore } from '../store/open-store.ts';
import { isRecorderAlive } from '../store/recovery.ts';
import { recordingProcesses } from '../store/session-repo.ts';
import { CONSENT_WITHDRAWN } from '../recorder/recording-fault.ts';
import type { RecordingService } from './recording-service.ts';

export interface WithdrawalResult {
  sessions: number;
  events: number;
  frames: number;
  stoppedRecorders: number;
  copiesElsewhere: CopyElsewhere[];
}

/** `ownRecording`: the recording service of this process, when it has one (the app's service). */
export async function withdrawConsent(dataDir: string, ownRecording?: Pick<RecordingService, 'stop'>, actor = 'contributor'): Promise<WithdrawalResult> {
  const stoppedHere = ownRecording ? (await ownRecording.stop(CONSENT_WITHDRAWN)) !== null : false;
  const store = openStore(dataDir);
  const now = Date.now();
  markWithdrawn(store, now, actor);
  const live = recordingProcesses(store).filter((r) => r.pid !== process.pid && isRecorderAlive(r.pid, r.host));
  // A recorder notices the withdrawal by itself within a quarter second and discards what it holds;
  // one that does not is told to stop, and killed if it still runs, since consent is gone. A process
  // that outlives its recording (the desktop app's service, `cairn serve`) has done its part once
  // none of its sessions is still marked recording: it is not signalled.
  const alive = () => {
    const recording = new Set(recordingProcesses(store).map((r) => `${r.pid}@${r.host}`));
    return live.filter((r) => recording.has(`${r.pid}@${r.host}`) && isRecorderAlive(r.pid, r.host));
  };
  await waitUntil(() => alive().length === 0, 2000);
  for (const r of alive()) signal(r.pid, 'SIGTERM');
  await waitUntil(() => alive().length === 0, 3000);
  for (const r of alive()) signal(r.pid, 'SIGKILL');
  try {
    const erased = withdrawAll(store, Date.now(), actor);
    return {
      sessions: erased.sessions,
      events: erased.events,
      frames: erased.frames,
      stoppedRecorders: live.length + (stoppedHere ? 1 : 0),
      copiesElsewhere: erased.copiesElsewhere,
    };
  } finally {
    store.close();
  }
}

async function waitUntil(done: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done() && Date.now() < deadline) await sleep(50);
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // Already gone.
  }
}
