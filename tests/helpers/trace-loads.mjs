// Preloaded with `node --import` into a spawned `cairn`: appends the URL of every module the
// process loads (imported or required, Cairn's chunks and npm packages alike) to the file named by
// CAIRN_TRACE_LOADS, so a test can see exactly which code a command brought in.
import { appendFileSync } from 'node:fs';
import { registerHooks } from 'node:module';

const file = process.env.CAIRN_TRACE_LOADS;
if (file) {
  registerHooks({
    load(url, context, nextLoad) {
      appendFileSync(file, `${url}\n`);
      return nextLoad(url, context);
    },
  });
}
