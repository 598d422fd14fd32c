// The bundle format, version 3: what a bundle holds and the zod schemas an import checks it against.
// Version 2 added the session's task; version 3 the elements acted on and the window trees
// (element-part.ts, in session.json, with the findings on their names), and frames that are a step's
// observations (reasons `before` and `after`), which a Cairn that reads versions 1 and 2 only refuses
// by the version. A version 2 bundle imports with no elements, a version 1 bundle with no task either.
//
//   bundle.json                      header: format, version, sessions, and every part's size and sha256
//   sessions/<id>/session.json       the session row, its consent receipt, windows, frame metadata,
//                                    redactions, findings and audit trail
//   sessions/<id>/events.jsonl       one event a line: [seq, t, kind, windowSeq, x, y, button,
//                                    clicks, keycode, mods, rotation, axis]
//   sessions/<id>/frames/<seq>.<fmt> frame images, byte for byte as stored
//   bundle.sha256                    "<sha256 of bundle.json>  bundle.json" (sha256sum -c checks it)
//
// in a canonical ustar archive (see tar-container.ts). The sha256 of bundle.json is the bundle's
// digest: it covers every part through the part list.
import * as z from 'zod';
import { AppPolicy } from '../../core/app-policy.ts';
import { ElementCounts, ElementRecord } from './element-part.ts';
import { FRAME_FORMAT } from '../../core/frame-limits.ts';
import { FRAME_REASONS } from '../../core/stored-rows.ts';
import { parseTask } from '../../core/task-text.ts';
import { KeyboardLayout } from '../../shared/keyboard-layout.ts';
import { formatBytes } from '../../shared/format.ts';

export const BUNDLE_FORMAT = 'cairn-bundle';
export const BUNDLE_VERSION = 3;
/** The versions an import reads: this one, version 2 (no elements) and version 1 (no task either). */
export const READABLE_BUNDLE_VERSIONS: readonly number[] = [1, 2, 3];
export const HEADER_NAME = 'bundle.json';
export const DIGEST_NAME = 'bundle.sha256';
/** A bundle is read whole into memory to be verified before anything is stored. */
export const MAX_BUNDLE_BYTES = 2 * 1024 ** 3;

/** Refuses a bundle (to be written or read) of more than MAX_BUNDLE_BYTES. */
export function assertBundleSize(bytes: number, what: string): void {
  if (bytes > MAX_BUNDLE_BYTES) {
    throw new BundleRefused(`${what} is ${formatBytes(bytes)}, more than the ${formatBytes(MAX_BUNDLE_BYTES)} a bundle may hold (it is verified whole in memory); bundle fewer sessions at a time.`);
  }
}

/** A refusal to create or import a bundle, as one sentence for the person. */
export class BundleRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BundleRefused';
  }
}

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const SessionId = z.string().regex(new RegExp(`^${UUID}$`));
const Int = z.number().int();

/** JSON text whose value matches `schema`: stored as text, read back by the store's own readers. */
const JsonText = (schema: z.ZodType) =>
  z.string().refine((text) => {
    try {
      return schema.safeParse(JSON.parse(text)).success;
    } catch {
      return false;
    }
  }, 'not JSON of the expected shape');
const AnyJson = JsonText(z.unknown());

/** A task exactly as Cairn stores one (core/task-text.ts): one trimmed line, not empty, not too long. */
const Task = z.string().refine((task) => {
  try {
    return parseTask(task) === task;
  } catch {
    return false;
  }
}, 'not a task as Cairn stores one (one trimmed line of at most 500 characters)');

export const PartName = z.string().regex(new RegExp(`^sessions/${UUID}/(session\\.json|events\\.jsonl|frames/\\d+\\.[a-z0-9]{1,8})$`));

/** Checked first, loosely, so that a bundle of another version is named as such. */
export const HeaderVersion = z.object({ format: z.literal(BUNDLE_FORMAT), version: Int }).loose();

export const Header = z
  .object({
    format: z.literal(BUNDLE_FORMAT),
    version: z.union([z.literal(1), z.literal(2), z.literal(BUNDLE_VERSION)]),
    createdAt: Int,
    createdOn: z.string().max(256),
    sessions: z.array(SessionId).min(1),
    parts: z.array(z.object({ name: PartName, size: Int.min(0), sha256: Sha256 }).strict()),
  })
  .strict();
export type Header = z.infer<typeof Header>;

export const ConsentReceipt = z
  .object({ version: z.string().min(1), sha256: Sha256, acceptedAt: Int, withdrawnAt: Int.nullable() })
  .strict();
export type ConsentReceipt = z.infer<typeof ConsentReceipt>;

const Finding = z
  .object({
    source: z.enum(['text', 'title', 'frame', 'task', 'element']),
    detector: z.string(),
    status: z.enum(['open', 'redacted', 'waived']),
    preview: z.string(),
    location: JsonText(
      z
        .object({
          windowSeq: Int.optional(),
          fromSeq: Int.optional(),
          toSeq: Int.optional(),
          frameSeq: Int.optional(),
          box: z.object({ x: Int.min(0), y: Int.min(0), width: Int.min(1), height: Int.min(1) }).strict().optional(),
          elementSeq: Int.optional(),
          node: Int.min(0).optional(),
        })
        .strict(),
    ),
    reason: z.string().nullable(),
    actor: z.string(),
    created_at: Int,
    resolved_at: Int.nullable(),
  })
  .strict();

export const SessionPart = z
  .object({
    id: SessionId,
    state: z.literal('submitted'),
    startedAt: Int,
    endedAt: Int.nullable(),
    clockOrigin: z.number(),
    layoutJson: JsonText(KeyboardLayout),
    policiesJson: JsonText(z.array(AppPolicy)),
    droppedJson: JsonText(z.record(z.string(), Int.min(0))),
    recorderPid: Int.nullable(),
    recorderHost: z.string().nullable(),
    lastFlushAt: Int.nullable(),
    /** What the session demonstrates (every export's instruction); null when none was named. Since version 2. */
    task: Task.nullable(),
    /** null only in a damaged or hand-made bundle: import refuses it. */
    consent: ConsentReceipt.nullable(),
    windows: z.array(
      z.object({ seq: Int, t: z.number(), app: z.string(), title: z.string().nullable(), x: Int, y: Int, width: Int, height: Int }).strict(),
    ),
    frames: z.array(
      z
        .object({
          seq: Int,
          t: z.number(),
          windowSeq: Int,
          reason: z.enum(FRAME_REASONS),
          width: Int.min(1),
          height: Int.min(1),
          format: z.literal(FRAME_FORMAT),
          sha256: Sha256,
          part: PartName,
        })
        .strict(),
    ),
    redactions: z.array(z.object({ kind: z.string(), target: z.string(), reason: z.string(), actor: z.string(), at: Int }).strict()),
    /** Rows of the review layer's findings table without their id; null when the source had none.
     *  What they say of status, reason and actor is a claim: they are imported open. */
    findings: z.array(Finding).nullable(),
    /** A claim too: stored with the bundle's origin, never as actions of the importing machine. */
    audit: z.array(z.object({ at: Int, actor: z.string(), action: z.string(), detail: AnyJson.nullable() }).strict()),
    /** The elements acted on and the window trees, as stored (redacted names null). Since version 3. */
    elements: z.array(ElementRecord),
    /** The session's counts of elements stored and missed; null when it read none. Since version 3. */
    elementCountsJson: JsonText(ElementCounts).nullable(),
  })
  .strict();
export type SessionPart = z.infer<typeof SessionPart>;
/** A session of a version 2 bundle: no elements, nor findings on them. */
export const SessionPartV2 = SessionPart.omit({ elements: true, elementCountsJson: true }).extend({
  findings: z.array(Finding.refine((f) => f.source !== 'element', 'a finding on an element, which version 2 does not carry')).nullable(),
});
/** A session of a version 1 bundle: the same without the task. */
export const SessionPartV1 = SessionPartV2.omit({ task: true });

export const EventLine = z.tuple([
  Int.min(1),
  z.number(),
  z.enum(['key-down', 'key-up', 'mouse-down', 'mouse-up', 'mouse-move', 'wheel']),
  Int,
  Int.nullable(),
  Int.nullable(),
  Int.nullable(),
  Int.nullable(),
  Int.nullable(),
  Int,
  Int.nullable(),
  z.enum(['vertical', 'horizontal']).nullable(),
]);
export type EventLine = z.infer<typeof EventLine>;

export const sessionPartName = (id: string) => `sessions/${id}/session.json`;
export const eventsPartName = (id: string) => `sessions/${id}/events.jsonl`;
export const framePartName = (id: string, seq: number, format: string) => `sessions/${id}/frames/${seq}.${format}`;
