// Cairn's native-messaging host: the small program a browser starts when Cairn's extension connects
// (`cairn browser install` registers it). It reads the extension's messages from stdin (window
// snapshots, and the element acted on in a page of an allowed site), drops any that are malformed
// or too large, and forwards the rest, re-serialised from the checked schema so nothing unchecked
// passes, to the recording listening on the data folder's socket. Back to the browser it passes one
// thing only, checked the same way: the sites the recording lets pages report their elements on
// (none once the recording has gone). It writes nothing to disk. Built to dist/browser/native-host.mjs.
//
//   node dist/browser/native-host.mjs --data-dir DIR [the browser's own arguments]
import { z } from 'zod';
import { browserMessageSchema, MAX_MESSAGE_BYTES } from './browser-message.ts';
import { browserSocketPath } from './browser-socket.ts';
import { elementMessageSchema, elementSitesSchema } from './element-message.ts';
import { encodeNativeMessage, NativeMessageReader } from './native-messaging.ts';
import { ReportForwarder } from './report-forwarder.ts';

const at = process.argv.indexOf('--data-dir');
const dataDir = at > 0 ? process.argv[at + 1] : undefined;
if (!dataDir) {
  process.stderr.write('cairn browser host: no --data-dir given; reinstall the host with `cairn browser install`.\n');
  process.exit(2);
}

const fromBrowser = z.union([browserMessageSchema, elementMessageSchema]);
const toBrowser = (value: unknown) => process.stdout.write(encodeNativeMessage(value));
const forwarder = new ReportForwarder(
  browserSocketPath(dataDir),
  500,
  (line) => {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return;
    }
    const sites = elementSitesSchema.safeParse(value);
    if (sites.success) toBrowser(sites.data);
  },
  // The recording ended: no page reports its elements any more.
  () => toBrowser({ elementSites: [] }),
);
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
    const checked = fromBrowser.safeParse(value);
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
