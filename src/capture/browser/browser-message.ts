// What Cairn's browser extension sends through native messaging, as one zod schema that the native
// host (before forwarding) and the recorder (on receipt) both check: a snapshot of every browser
// window the extension can see, each with a sequence number, its bounds, whether it is private, and
// the active tab's origin and title. Nothing else passes: unknown keys, a URL with a path or query
// where an origin belongs, and oversized fields make the whole message invalid, and it is dropped.
import { z } from 'zod';
import type { BrowserReport } from '../../core/browser-report.ts';
import type { Millis } from '../../core/input-event.ts';

/** Largest message the host reads from the browser; a longer one is skipped unread. */
export const MAX_MESSAGE_BYTES = 256 * 1024;
export const MAX_WINDOWS = 128;
export const MAX_TITLE_CHARS = 1024;

/** `scheme://host[:port]` of an http(s) URL, exactly as URL.origin spells it: no path, query, user. */
export function isWebOrigin(text: string): boolean {
  if (text.length > 300 || !/^https?:\/\//.test(text)) return false;
  try {
    return new URL(text).origin === text;
  } catch {
    return false;
  }
}

const pixels = z.number().int().min(-1_000_000).max(1_000_000);

export const browserWindowSchema = z
  .object({
    seq: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    id: z.number().int().min(-1).max(2 ** 31),
    left: pixels,
    top: pixels,
    width: pixels.nonnegative(),
    height: pixels.nonnegative(),
    incognito: z.boolean(),
    focused: z.boolean(),
    origin: z.string().refine(isWebOrigin, 'an origin is scheme://host[:port] of an http(s) URL, nothing more').nullable(),
    title: z.string().max(MAX_TITLE_CHARS),
  })
  .strict();

export const browserMessageSchema = z
  .object({
    /** The browser's wall clock (ms) when it read the windows: how long the snapshot took to arrive. */
    sentAt: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    windows: z.array(browserWindowSchema).max(MAX_WINDOWS),
  })
  .strict();

export type BrowserWindowMessage = z.infer<typeof browserWindowSchema>;
export type BrowserMessage = z.infer<typeof browserMessageSchema>;

/** The message's windows as the consent gate reads them, stamped with the event clock at arrival. */
export function toReports(message: BrowserMessage, at: Millis): BrowserReport[] {
  return message.windows.map((w) => ({
    seq: w.seq,
    at,
    browserWindowId: w.id,
    bounds: { x: w.left, y: w.top, width: w.width, height: w.height },
    incognito: w.incognito,
    focused: w.focused,
    origin: w.origin,
    title: w.title,
  }));
}
