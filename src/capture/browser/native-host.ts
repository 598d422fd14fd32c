// Cairn's native-messaging host: the small program a browser starts when Cairn's extension connects
// (`cairn browser install` registers it). It reads the extension's messages from stdin, drops any
// that are malformed or too large, and forwards the rest, re-serialised from the checked schema so
// nothing unchecked passes, to the recording listening on the data folder's socket. It writes
// nothing to disk and nothing back to the browser. Built to dist/browser/native-host.mjs.
//
//   node dist/browser/native-host.mjs --data-dir DIR [the browser's own arguments]
import { browserMessageSchema, MAX_MESSAGE_BYTES } from './browser-message.ts';
import { browserSocketPath } from './browser-socket.ts';
import { NativeMessageReader } from './native-messaging.ts';
import { ReportForwarder } from './report-forwarder.ts';

const at = process.argv.indexOf('--data-dir');
const dataDir = at > 0 ? process.argv[at + 1] : undefined;
if (!dataDir) {
  process.stderr.write('cairn browser host: no --data-dir given; reinstall the host with `cairn browser install`.\n');
  process.exit(2);
}

const forwarder = new ReportForwarder(browserSocketPath(dataDir));
let rejected = 0;
const reject = (why: string) => {
  // Browsers log a host's stderr; one line is enough to tell that an extension and host disagree.
  if (rejected++ === 0) process.stderr.write(`cairn browser host: dropped a message (${why})\n`);
};

const reader = new NativeMessageReader(
  MAX_MESSAGE_BYTES,
  (body) => {
    let value: unknown;
    try {
      value = JSON.parse(body.toString('utf8'));
    } catch {
      return reject('not JSON');
    }
    const checked = browserMessageSchema.safeParse(value);
    if (!checked.success) return reject(checked.error.issues[0]?.message ?? 'invalid');
    forwarder.send(`${JSON.stringify(checked.data)}\n`);
  },
  (length) => reject(`${length} bytes, over the ${MAX_MESSAGE_BYTES}-byte limit`),
);

process.stdin.on('data', (chunk: Buffer) => reader.push(chunk));
// The browser closes stdin when the extension disconnects or the browser quits: so does the host.
process.stdin.on('end', () => {
  forwarder.close();
  process.exit(0);
});
