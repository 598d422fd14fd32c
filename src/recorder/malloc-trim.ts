// Hands the pages glibc's malloc holds free back to the system, through native/malloc-trim (see its
// C source for why a recorder needs it). Where the addon is not built, or the C library is not
// glibc, it does nothing: RSS then keeps malloc's holes, which grow slowly, and nothing else changes.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { appUrl } from '../core/app-root.ts';

const ADDON = fileURLToPath(appUrl('native/malloc-trim/build/Release/malloc_trim.node'));

interface Native {
  /** Resolves, never rejects: false when nothing was given back. */
  trim(): Promise<boolean>;
}

let native: Native | null | undefined;

/** The addon, or null where it is not built or cannot load here (another ABI): then no trimming. */
function load(): Native | null {
  if (process.platform !== 'linux' || !existsSync(ADDON)) return null;
  try {
    return createRequire(import.meta.url)(ADDON) as Native;
  } catch {
    return null;
  }
}

/**
 * Gives malloc's whole free pages back, on a thread of libuv's pool (the JS thread goes on); true
 * when some were, false when none were or it cannot.
 */
export async function trimMalloc(): Promise<boolean> {
  if (native === undefined) native = load();
  return (await native?.trim()) ?? false;
}
