// Entry of the service process (an Electron utility process): Cairn's service with its store and
// recorder, talking to the main process over `process.parentPort`. Loaded through
// service-entry.ts, which registers tsx so the TypeScript sources run as they do for `npx cairn`.
import type { ParentPort } from 'electron';
import { createCairnService } from '../host/cairn-service.ts';
import { resolveDataDir } from '../store/data-dir.ts';
import { runService, type ServicePort } from './service-host.ts';

const dataDirFlag = process.argv.indexOf('--data-dir');
const dataDir = resolveDataDir(dataDirFlag >= 0 ? process.argv[dataDirFlag + 1] : undefined);
const parentPort = (process as unknown as { parentPort: ParentPort }).parentPort;

runService(
  parentPort as unknown as ServicePort,
  ({ ownWindow, onEvent }) => createCairnService({ dataDir, ownWindow, onEvent }),
  () => process.exit(0),
);
