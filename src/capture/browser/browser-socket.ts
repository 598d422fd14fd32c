// Where the native host hands the extension's reports to a recording: a Unix domain socket in the
// data folder (mode 0600, so only its owner can connect; no TCP port is ever opened for it).
import { join, resolve } from 'node:path';

export const BROWSER_SOCKET_FILE = 'browser.sock';

/** The kernel's limit for a socket's path (sun_path less its terminating NUL). */
export const MAX_SOCKET_PATH_BYTES = process.platform === 'darwin' ? 103 : 107;

export function browserSocketPath(dataDir: string): string {
  return join(resolve(dataDir), BROWSER_SOCKET_FILE);
}

/** Why a socket cannot be made at `path`, or null. */
export function socketPathProblem(path: string): string | null {
  if (process.platform === 'win32') return 'browser reports need a Unix domain socket, which Cairn does not use on Windows yet';
  if (Buffer.byteLength(path) > MAX_SOCKET_PATH_BYTES) {
    return `the data folder's path is too long for a socket (${path} is over ${MAX_SOCKET_PATH_BYTES} bytes); use a shorter --data-dir`;
  }
  return null;
}
