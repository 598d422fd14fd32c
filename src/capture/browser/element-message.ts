// The element acted on in a page, as Cairn's extension sends it (only from a page of a site the
// recording allows), and what a recording tells the extension back through the native host: the
// sites whose pages may report their elements. One schema each, checked by the native host before
// it forwards and by the recording on receipt. Never a field's value, never the page's text beyond
// the element's own accessible name; a selector names tags and positions only.
import { z } from 'zod';
import { NAME_CHARS } from '../../core/element-info.ts';
import type { Millis } from '../../core/input-event.ts';
import type { PageElementReport } from '../../core/page-element.ts';
import { isWebOrigin } from './browser-message.ts';

const pixels = z.number().int().min(-1_000_000).max(1_000_000);

/** What the extension may say of a page's states (ARIA's names). */
export const PAGE_STATES = ['checked', 'disabled', 'expanded', 'focused', 'readonly', 'required', 'selected'] as const;

export const pageTargetSchema = z
  .object({
    tag: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/),
    role: z.string().regex(/^[a-z][a-z-]{0,63}$/),
    name: z.string().max(NAME_CHARS).nullable(),
    bounds: z.object({ x: pixels, y: pixels, width: pixels.nonnegative(), height: pixels.nonnegative() }).strict().nullable(),
    selector: z.string().max(1024).regex(/^[a-z0-9 >:()-]*$/, 'a selector of tags and positions only'),
    password: z.boolean(),
    states: z.array(z.enum(PAGE_STATES)).max(PAGE_STATES.length),
  })
  .strict();

export const elementMessageSchema = z
  .object({
    /** The browser's wall clock (ms) when it happened in the page. */
    sentAt: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    element: z
      .object({
        kind: z.enum(['click', 'focus']),
        windowId: z.number().int().min(-1).max(2 ** 31),
        origin: z.string().refine(isWebOrigin, 'an origin is scheme://host[:port] of an http(s) URL, nothing more'),
        point: z.object({ x: pixels, y: pixels }).strict().nullable(),
        /** Null: the focus left the page's fields (to the address bar, another tab, another window). */
        target: pageTargetSchema.nullable(),
      })
      .strict(),
  })
  .strict();

export type PageTarget = z.infer<typeof pageTargetSchema>;
export type ElementMessage = z.infer<typeof elementMessageSchema>;

/** What a recording sends the extension: sites as Cairn names them (site-origin.ts); null for every site, [] for none. */
export const elementSitesSchema = z.object({ elementSites: z.array(z.string().min(1).max(300)).max(1000).nullable() }).strict();
export type ElementSites = z.infer<typeof elementSitesSchema>;

/** The message as the recording keeps it, stamped on the event clock. */
export function toPageElement(message: ElementMessage, at: Millis): PageElementReport {
  const { kind, windowId, origin, point, target } = message.element;
  return {
    kind,
    at,
    browserWindowId: windowId,
    origin,
    point,
    element: target && {
      source: 'extension',
      role: target.role,
      name: target.name,
      states: target.states,
      bounds: target.bounds,
      path: [],
      tag: target.tag,
      selector: target.selector,
      password: target.password,
    },
  };
}
