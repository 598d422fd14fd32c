// Module hooks that append the URL of every module a process resolves to $CAIRN_MODULE_LOG, so a
// test can see what was loaded (see module-log.mjs, which registers them).
import { appendFileSync } from 'node:fs';

export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(process.env.CAIRN_MODULE_LOG, `${resolved.url}\n`);
  return resolved;
}
