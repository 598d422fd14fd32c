// A review worker closed with its service starts no thread for a request that comes later. A check
// still reading its session from PostgreSQL when the service stopped asks for its scan after the
// close; given a new worker, it ran the OCR of every frame on after the stop, and `cairn server start`
// outlived its SIGTERM by more than 30 s (seen in upload-resume.test.ts on a loaded machine).
import { readdirSync } from 'node:fs';
import { expect, it } from 'vitest';
import { type PlainSession, ReviewWorker } from '../../src/server/review/review-job.ts';

it('refuses a scan asked after close() instead of starting a worker that would outlive the service', async () => {
  const worker = new ReviewWorker();
  await worker.close();
  const session: PlainSession = { part: {} as PlainSession['part'], events: [], frames: [] };
  const threadsBefore = readdirSync('/proc/self/task').length;
  await expect(worker.scan(session)).rejects.toThrow('The service is stopping; the session is checked again at its next start.');
  expect(readdirSync('/proc/self/task').length).toBe(threadsBefore);
});
