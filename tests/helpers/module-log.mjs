// `node --import tsx --import ./module-log.mjs …`: logs every module the process loads (after tsx,
// so the sources it transpiles are seen too) to $CAIRN_MODULE_LOG.
import { register } from 'node:module';

register('./module-log-hooks.mjs', import.meta.url);
