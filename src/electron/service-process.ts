// Entry of the service process (an Electron utility process): Cairn's service with its store and
// recorder, talking to the main process over `process.parentPort`. Built into dist/node/ with the
// CLI (the `node` target of electron.config.ts), so it shares the CLI's chunks and lazy loading.
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
