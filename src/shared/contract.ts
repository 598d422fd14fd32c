// The one API contract between the UI and Cairn's core: every method's name with zod schemas for
// its input and output, and the events the core pushes. The Electron preload, the browser client
// and every handler are derived from this module; nothing here is written twice by hand.
// This file is shared with the renderer, so it imports nothing but zod and its neighbours in shared/.
// The namespace import lets the renderer's bundler keep only the parts of zod in use.
import * as z from 'zod';
import { CONTROL_ACTIONS } from './hotkeys.ts';
import { ALLOWED_DEFAULTS, KeysMode, ScreensMode, TitlesMode } from './policy-modes.ts';
import { SESSION_STATES } from './session-states.ts';

const SessionId = z.string().regex(/^[0-9a-f-]{36}$/, 'a session id (36 hex characters and dashes)');
const AppName = z.string().trim().min(1, 'an app identity').max(256);
const SessionState = z.enum(SESSION_STATES);
const NoInput = z.object({}).strict();

export const DropCounts = z.record(z.string(), z.number());

export const ConsentInfo = z.object({
  version: z.number(),
  sha256: z.string(),
  title: z.string(),
  text: z.string(),
  accepted: z
    .object({ version: z.string(), sha256: z.string(), acceptedAt: z.number(), current: z.boolean() })
    .nullable(),
});

export const AppEntry = z.object({
  app: z.string(),
  allowed: z.boolean(),
  keys: KeysMode,
  screens: ScreensMode,
  titles: TitlesMode,
  /** Windows of this app on screen now. */
  running: z.number(),
  /** Why the app is sensitive (allowing it needs a second confirmation), or null. */
  sensitive: z.string().nullable(),
  /** A browser (consent/policy.json): it may be allowed for named sites only. */
  browser: z.boolean(),
  /** The sites a browser is allowed for (normalised, see site-origin.ts); null: every site. */
  sites: z.array(z.string()).nullable(),
  /** What the organisation's policy (works-council mode) did to the person's choice: nothing,
   *  denied the app, or allowed it with less; the fields above are what may really be recorded. */
  org: z.enum(['none', 'denied', 'limited']),
});

/** The organisation's policy this machine runs under (works-council mode), as people read who
 *  set it: the organisation, when it was issued and taken in here, and the two keys that signed it. */
export const OrgPolicyInfo = z.object({
  organisation: z.string(),
  issuedAt: z.string(),
  installedAt: z.number(),
  signers: z.array(z.object({ role: z.enum(['admin', 'council']), fingerprint: z.string() })),
});

export const Capability = z.object({
  /** Whether a recording can start on this machine now. */
  ok: z.boolean(),
  /** One sentence saying what is missing and what to do, when not ok. */
  problem: z.string().nullable(),
});

/** Where a recording is: none running, running, or running but dropping all input. */
export const RecordingPhase = z.enum(['idle', 'recording', 'paused']);
export type RecordingPhase = z.infer<typeof RecordingPhase>;

/** What a hotkey or tray item asks for (the hotkeys themselves are in shared/hotkeys.ts). */
export const ControlAction = z.enum(CONTROL_ACTIONS);

/** The recording as the API reports it: its phase, its live figures, the storage it fills. */
export const RecordingSnapshot = z.object({
  state: RecordingPhase,
  sessionId: z.string().nullable(),
  elapsedMs: z.number(),
  kept: z.number(),
  stored: z.number(),
  dropped: DropCounts,
  frames: z.number(),
  bytes: z.number(),
  /** Bytes of all sessions against the storage budget. */
  storageUsed: z.number(),
  storageBudget: z.number(),
  warnings: z.array(z.string()),
  /** Why the last recording ended by itself (budget reached, disk low, watcher lost), or null. */
  stoppedBecause: z.string().nullable(),
});
export type RecordingSnapshot = z.infer<typeof RecordingSnapshot>;

export const SessionSummary = z.object({
  id: z.string(),
  state: SessionState,
  startedAt: z.number(),
  endedAt: z.number().nullable(),
  durationMs: z.number(),
  eventCount: z.number(),
  frameCount: z.number(),
  bytes: z.number(),
  apps: z.array(z.string()),
  /** Findings neither redacted nor waived (an approved session with any cannot be exported). */
  openFindings: z.number(),
  /** What the session demonstrates, in the person's words (every export's instruction); null when none was given. */
  task: z.string().nullable(),
  /** Set when the recording stopped by itself (full disk, storage guard): nothing after `at` (unix ms) was recorded. */
  stopped: z
    .object({ reason: z.enum(['disk-full', 'low-disk', 'storage-budget']), detail: z.string(), at: z.number(), afterMs: z.number() })
    .nullable()
    .optional(),
});

const WindowRow = z.object({
  seq: z.number(),
  t: z.number(),
  app: z.string(),
  title: z.string().nullable(),
  x: z.number(),
  y: z.number(),
  width: z.number(),
  height: z.number(),
});

const EventRow = z.object({
  seq: z.number(),
  t: z.number(),
  kind: z.string(),
  windowSeq: z.number(),
  x: z.number().nullable().optional(),
  y: z.number().nullable().optional(),
  button: z.number().nullable().optional(),
  clicks: z.number().nullable().optional(),
  keycode: z.number().nullable().optional(),
  mods: z.number(),
  rotation: z.number().nullable().optional(),
  axis: z.string().nullable().optional(),
});

const FrameInfo = z.object({
  seq: z.number(),
  t: z.number(),
  windowSeq: z.number(),
  reason: z.string(),
  width: z.number(),
  height: z.number(),
  format: z.string(),
  sha256: z.string(),
  size: z.number(),
});

const AuditEntry = z.object({
  id: z.number(),
  at: z.number(),
  actor: z.string(),
  action: z.string(),
  sessionId: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
  /** null: done on this machine; 'bundle:<sha256>': claimed by the bundle with that digest. */
  origin: z.string().nullable().optional(),
});

export const Box = z.object({
  x: z.number().int().min(0),
  y: z.number().int().min(0),
  width: z.number().int().min(1),
  height: z.number().int().min(1),
});

/** Something a detector (or a reviewer) flagged. The secret itself is never stored: `preview` is masked. */
export const Finding = z.object({
  id: z.number(),
  source: z.enum(['text', 'title', 'frame', 'task', 'element']),
  /** The detector that fired, e.g. "email", "card", "aws-key", "password-prompt", "custom:employee-id". */
  detector: z.string(),
  status: z.enum(['open', 'redacted', 'waived']),
  /** A masked hint for the reviewer, e.g. "j•••@e•••.com". */
  preview: z.string(),
  location: z.object({
    windowSeq: z.number().optional(),
    /** Key-down events (inclusive seq range) that typed the flagged text. */
    fromSeq: z.number().optional(),
    toSeq: z.number().optional(),
    frameSeq: z.number().optional(),
    box: Box.optional(),
    /** An element's name (its seq), or a node of its tree (pre-order index). */
    elementSeq: z.number().optional(),
    node: z.number().optional(),
  }),
  reason: z.string().nullable(),
  createdAt: z.number(),
  /** For a finding imported from a bundle: what the bundle said of it. It counts by `status` only. */
  claim: z
    .object({ origin: z.string(), status: z.enum(['open', 'redacted', 'waived']), reason: z.string().nullable(), actor: z.string(), resolvedAt: z.number().nullable() })
    .nullable()
    .optional(),
});

export const ReviewInfo = z.object({
  reviewer: z.string().nullable(),
  reviewedAt: z.number().nullable(),
  /** The reviewer's reason for a rejection (the contributor sees it). */
  reason: z.string().nullable(),
});

export const ExportFormat = z.enum(['cairn', 'pyautogui', 'computer13', 'computer-use', 'hf']);

/** A point on a step's frame, in that frame's pixels. */
const FramePoint = z.object({ x: z.number(), y: z.number() });

/** An element record as an export carries it (role, name, bounds… as the accessibility tree or the
 *  extension told it); its fields are the exporter's, so the UI shows what is there. */
const ElementRecord = z.record(z.string(), z.unknown());

/** One step as every export derives it, for the session view's scrubber: where it happened on its
 *  frame and what it did. Typed text comes as kept runs and counts of redacted key strokes, so
 *  nothing redacted (not even its placeholder) reaches the screen. */
export const SessionStep = z.object({
  index: z.number(),
  kind: z.enum(['click', 'drag', 'scroll', 'type', 'hotkey', 'key', 'wait']),
  /** ms since the session's start, at the step's first and last event. */
  t: z.number(),
  endT: z.number(),
  /** The frame observed just before the step (null only in a session without frames). */
  frameSeq: z.number().nullable(),
  /** The frame observed once the step settled (null when none was). */
  afterFrameSeq: z.number().nullable(),
  app: z.string().nullable(),
  point: FramePoint.nullable(),
  button: z.enum(['left', 'right', 'middle']).optional(),
  count: z.number().optional(),
  mods: z.array(z.string()).optional(),
  /** A drag's path on the frame, from press to release (thinned for drawing). */
  path: z.array(FramePoint).optional(),
  direction: z.enum(['up', 'down', 'left', 'right']).optional(),
  amount: z.number().optional(),
  text: z.array(z.union([z.object({ kept: z.string() }).strict(), z.object({ redacted: z.number() }).strict()])).optional(),
  /** A hotkey's keys, or a key press's one key, in Cairn's key names. */
  keys: z.array(z.string()).optional(),
  ms: z.number().optional(),
  flags: z.array(z.string()),
  element: ElementRecord.nullable().optional(),
});

/** The first steps of a session as one export format writes them: each step's lines (or rows) as
 *  the consumer reads them, the image each points at, and its element where the export has one. */
export const ExportPreview = z.object({
  sessionId: z.string(),
  format: ExportFormat,
  instruction: z.string(),
  /** Steps the whole session makes (the preview shows the first of them). */
  totalSteps: z.number(),
  /** The files an export of these steps writes, with their sizes (manifest.json last). */
  files: z.array(z.object({ path: z.string(), bytes: z.number() })),
  /** What surrounds the steps in a file, when the format nests them (pyautogui: one line per session). */
  envelope: z.object({ file: z.string(), text: z.string() }).nullable(),
  steps: z.array(
    z.object({
      index: z.number(),
      kind: z.string(),
      /** The step's record in each file that holds one, as JSON text. */
      records: z.array(z.object({ file: z.string(), text: z.string() })),
      /** The image the record points at (a key of `images`), or null. */
      image: z.string().nullable(),
      /** The image observed after the step (a key of `images`), where the format carries one; else null. */
      afterImage: z.string().nullable(),
      element: ElementRecord.nullable(),
    }),
  ),
  /** The images the steps point at, by path, byte for byte as the export writes them. */
  images: z.record(z.string(), z.object({ mime: z.string(), base64: z.string() })),
});

export const ExportRecord = z.object({
  id: z.number(),
  sessionId: z.string(),
  format: z.string(),
  destination: z.string(),
  manifestSha256: z.string().nullable(),
  at: z.number(),
});

/** A backup or bundle Cairn wrote outside its data folder: a withdrawal cannot reach it, so it names it. */
export const CopyElsewhere = z.object({
  kind: z.enum(['backup', 'bundle']),
  path: z.string(),
  writtenAt: z.number(),
  sessions: z.array(z.string()),
  /** Whether the file was still at that path when the withdrawal looked. */
  present: z.boolean(),
});

export const SessionDetail = z.object({
  id: z.string(),
  state: SessionState,
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  /** What the session demonstrates (every export's instruction); null when none was given. */
  task: z.string().nullable(),
  /** Set when the recording stopped by itself (full disk, storage guard): nothing after `at` was recorded. */
  stopped: z
    .object({ reason: z.enum(['disk-full', 'low-disk', 'storage-budget']), detail: z.string(), at: z.string(), afterMs: z.number() })
    .nullable()
    .optional(),
  keyboardLayout: z.string(),
  policies: z.array(z.object({ app: z.string(), allowed: z.boolean(), keys: KeysMode, screens: ScreensMode, titles: TitlesMode })),
  dropped: DropCounts,
  counts: z.object({ events: z.number(), frames: z.number(), byKind: z.record(z.string(), z.number()) }),
  /** Text typed per window; `seqs[i]` is the seq of the key-down event that typed character i. */
  typedText: z.array(z.object({ windowSeq: z.number().nullable(), app: z.string().nullable(), text: z.string(), seqs: z.array(z.number()) })),
  windows: z.array(WindowRow),
  frames: z.array(FrameInfo),
  events: z.array(EventRow),
  audit: z.array(AuditEntry),
  /** Audit rows that bundles brought: claims of what was done elsewhere, never actions here. */
  claimedByBundle: z.array(AuditEntry).optional(),
  findings: z.array(Finding),
  review: ReviewInfo,
  /** The elements acted on (clicks, typing runs) and the number of window trees kept; what was missed, by reason. */
  elements: z
    .object({
      acted: z.array(z.object({ seq: z.number(), t: z.number(), kind: z.enum(['click', 'focus']), eventSeq: z.number().nullable(), windowSeq: z.number(), source: z.string(), role: z.string(), name: z.string().nullable(), password: z.boolean() })),
      trees: z.number(),
      missed: z.record(z.string(), z.number()),
    })
    .optional(),
});

export const Settings = z.object({
  /** Sessions not submitted are deleted after this many days; null keeps them until deleted. */
  retentionDays: z.number().int().min(1).max(3650).nullable(),
  /** Recording stops when all sessions together reach this many bytes. */
  storageBudgetBytes: z.number().int().min(1024 * 1024).max(1024 ** 4),
  /** Recording stops when the data folder's disk has less free space than this. */
  minFreeDiskBytes: z.number().int().min(0).max(1024 ** 4),
});

export const MyData = z.object({
  dataDir: z.string(),
  sessions: z.number(),
  events: z.number(),
  frames: z.number(),
  bytes: z.number(),
  freeDiskBytes: z.number().nullable(),
  /** Encryption at rest: whether the store's pages are encrypted, and which secret store holds the key. */
  encryption: z.object({ encrypted: z.boolean(), keyStore: z.string().nullable() }),
  exports: z.array(ExportRecord),
  consent: ConsentInfo.shape.accepted,
  tombstones: z.number(),
  audit: z.array(AuditEntry),
});

/** This data folder's team service as the desktop app shows it (`cairn remote`, src/remote). */
export const TeamLink = z.object({
  connected: z.boolean(),
  url: z.string().nullable(),
  name: z.string().nullable(),
  role: z.string().nullable(),
  /** Sessions sent from here: when, and whether the service confirmed their erasure. */
  sent: z.array(z.object({ id: z.string(), at: z.number(), erasedThere: z.boolean() })),
  /** Sessions submitted here and not sent yet. */
  unsent: z.array(z.string()),
  /** Sessions erased here (deleted, forgotten, withdrawn) whose erasure the service has not had. */
  erasuresWaiting: z.number(),
});

/** One access to a session on the team service, as its contributor reads it. */
export const TeamAccess = z.object({ at: z.number(), who: z.string(), role: z.string(), action: z.string(), detail: z.record(z.string(), z.unknown()).nullable() });

const method = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O, description: string) => ({ input, output, description });

export const contract = {
  'consent.get': method(NoInput, ConsentInfo, 'The current consent text and whether it is accepted.'),
  'consent.accept': method(z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 in hex') }).strict(), ConsentInfo, 'Accepts the consent text with this sha256.'),
  'consent.withdraw': method(
    NoInput,
    z.object({ sessions: z.number(), events: z.number(), frames: z.number(), stoppedRecorders: z.number(), copiesElsewhere: z.array(CopyElsewhere) }),
    'Stops recording and erases everything not exported (copies in the data folder too); tombstones stay; names the copies elsewhere it cannot reach.',
  ),
  'apps.list': method(NoInput, z.array(AppEntry), 'Apps on screen now and every configured app, each with its policy.'),
  'org.get': method(NoInput, OrgPolicyInfo.nullable(), "The organisation's policy this machine runs under, or null."),
  'apps.set': method(
    z
      .object({
        app: AppName,
        allowed: z.boolean(),
        keys: KeysMode.default(ALLOWED_DEFAULTS.keys),
        screens: ScreensMode.default(ALLOWED_DEFAULTS.screens),
        titles: TitlesMode.default(ALLOWED_DEFAULTS.titles),
        /** How many times the person confirmed a sensitive app (two are needed to allow one). */
        confirmSensitive: z.number().int().min(0).max(2).default(0),
        /** A browser allowed only on these sites (host[:port] or scheme://host[:port]); none: every site. */
        sites: z.array(z.string().max(300)).max(100).optional(),
      })
      .strict(),
    AppEntry,
    'Allows or denies an app, with what may be captured from it (a browser: on every site, or on the sites named).',
  ),
  'recorder.capability': method(NoInput, Capability, 'Whether capture can work here, and if not, why.'),
  'recorder.status': method(NoInput, RecordingSnapshot, 'The recorder now.'),
  'recorder.start': method(
    z.object({ task: z.string().max(2000).optional() }).strict(),
    RecordingSnapshot,
    'Starts recording the allowed apps, with the task the recording demonstrates when one is named.',
  ),
  'recorder.pause': method(NoInput, RecordingSnapshot, 'Pauses: input is dropped until resumed.'),
  'recorder.resume': method(NoInput, RecordingSnapshot, 'Resumes a paused recording.'),
  'recorder.stop': method(NoInput, RecordingSnapshot, 'Stops and keeps the recording.'),
  'recorder.control': method(
    z.object({ action: ControlAction }).strict(),
    RecordingSnapshot,
    'Does what a hotkey or the tray does: record or stop, pause or resume, forget the last five minutes.',
  ),
  'sessions.list': method(NoInput, z.array(SessionSummary), 'Every session that is not deleted.'),
  'sessions.get': method(
    z.object({ id: SessionId, events: z.boolean().default(false) }).strict(),
    SessionDetail,
    'One session: typed text, frames, findings, audit trail; its events only when asked (read long sessions with sessions.events).',
  ),
  'sessions.frame': method(
    z.object({ id: SessionId, seq: z.number().int().min(1) }).strict(),
    z.object({ mime: z.string(), base64: z.string() }),
    'One frame image.',
  ),
  'sessions.steps': method(
    z.object({ id: SessionId }).strict(),
    z.array(SessionStep),
    'A session\'s steps as every export derives them, each with its frame and where it acted on it (the session view\'s scrubber).',
  ),
  'sessions.delete': method(z.object({ id: SessionId }).strict(), z.object({ events: z.number(), frames: z.number() }), 'Erases a session.'),
  'sessions.events': method(
    z.object({ id: SessionId, fromSeq: z.number().int().min(1).default(1), limit: z.number().int().min(1).max(5000).default(1000) }).strict(),
    z.array(EventRow),
    'A slice of a session\'s events in seq order (long sessions are read in slices).',
  ),

  'review.queue': method(NoInput, z.array(SessionSummary), 'Submitted sessions waiting for a reviewer.'),
  'review.scan': method(z.object({ id: SessionId }).strict(), z.array(Finding), 'Runs every detector (typed text, titles, OCR of frames) and returns the findings.'),
  'review.redactBox': method(
    z.object({ id: SessionId, frameSeq: z.number().int().min(1), box: Box, reason: z.string().max(500).optional() }).strict(),
    z.array(Finding),
    'Blacks out a box on a frame, destroying the pixels under it.',
  ),
  'review.redactText': method(
    z.object({ id: SessionId, fromSeq: z.number().int().min(1), toSeq: z.number().int().min(1), reason: z.string().max(500).optional() }).strict(),
    z.array(Finding),
    'Erases the key codes of the key events in a seq range (typed text shows a placeholder).',
  ),
  'review.cutRange': method(
    z.object({ id: SessionId, fromMs: z.number().min(0), toMs: z.number().min(0), reason: z.string().max(500).optional() }).strict(),
    z.array(Finding),
    'Cuts a time range out of a session: its events and frames are erased.',
  ),
  'review.resolveFinding': method(
    z.object({ id: SessionId, findingId: z.number().int(), action: z.enum(['redact', 'waive']), reason: z.string().trim().min(1, 'a reason').max(500) }).strict(),
    z.array(Finding),
    'Redacts what a finding points at, or waives it with a reason.',
  ),
  'review.setTask': method(
    z.object({ id: SessionId, task: z.string().max(2000) }).strict(),
    SessionSummary,
    'Names or changes what a session demonstrates (empty clears it); scanned by the detectors, refused once it is approved.',
  ),
  'review.submit': method(z.object({ id: SessionId }).strict(), SessionSummary, 'The contributor submits a reviewed session.'),
  'review.approve': method(z.object({ id: SessionId }).strict(), SessionSummary, 'Approves a submitted session; refused while a finding is open.'),
  'review.reject': method(
    z.object({ id: SessionId, reason: z.string().trim().min(1, 'a reason').max(2000) }).strict(),
    SessionSummary,
    'Rejects a submitted session with a reason the contributor sees.',
  ),

  'export.run': method(
    z
      .object({
        sessionIds: z.array(SessionId).min(1).max(1000),
        format: ExportFormat,
        /** An absolute folder; created if missing, refused if it is not empty. */
        outDir: z.string().min(1).max(4096),
      })
      .strict(),
    z.object({ outDir: z.string(), files: z.number(), steps: z.number(), bytes: z.number(), manifestSha256: z.string().nullable() }),
    'Exports approved sessions with no open finding as trajectories in a format.',
  ),
  'export.preview': method(
    z.object({ id: SessionId, format: ExportFormat, steps: z.number().int().min(1).max(20).default(5) }).strict(),
    ExportPreview,
    'The first steps of a session as a format\'s own writer writes them, with their images, written in memory only.',
  ),
  'export.list': method(NoInput, z.array(ExportRecord), 'Every export made from this machine.'),
  'remote.status': method(NoInput, TeamLink, 'The team service this data folder talks to, what was sent there and what erasures wait to be sent.'),
  'remote.connect': method(
    z.object({ url: z.string().trim().min(1, 'the URL').max(2000), token: z.string().trim().min(1, 'the token').max(500) }).strict(),
    TeamLink,
    'Connects this data folder to a team service as the person whose token it is (checked with the service first).',
  ),
  'remote.submit': method(
    z.object({ sessionIds: z.array(SessionId).min(1).max(100) }).strict(),
    z.object({ sessions: z.array(z.string()), bytes: z.number(), resumedAt: z.number().nullable() }),
    'Uploads submitted sessions to the team service, which verifies them; resumes an upload cut short.',
  ),
  'remote.sync': method(
    NoInput,
    z.object({
      erased: z.array(z.object({ id: z.string(), pulls: z.array(z.object({ researcher: z.string(), at: z.number(), destination: z.string() })) })),
      alreadyErased: z.array(z.string()),
      policy: z.string().nullable(),
    }),
    "Sends this machine's deletions, forgets and withdrawal to the team service, and takes in its newer organisation policy.",
  ),
  'remote.accessLog': method(z.object({ id: SessionId }).strict(), z.array(TeamAccess), 'Who viewed, redacted, decided on, pulled or erased one of your sessions on the team service, and when.'),
  'data.get': method(NoInput, MyData, 'Everything stored, in figures, and the audit log.'),
  'data.forget': method(
    z.object({ minutes: z.number().positive().max(60 * 24 * 365) }).strict(),
    z.object({ events: z.number(), frames: z.number(), deletedSessions: z.number() }),
    'Erases everything captured in the last N minutes.',
  ),
  'settings.get': method(NoInput, Settings, 'Retention and storage settings.'),
  'settings.set': method(Settings.partial().strict(), Settings, 'Changes retention and storage settings.'),
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Contract[M]['output']>;

/** The API as the renderer sees it: one async function per method. */
export type CairnApi = { [M in MethodName]: (input: MethodInput<M>) => Promise<MethodOutput<M>> };

/** Events the core pushes to the UI. */
export const events = {
  'recorder.status': RecordingSnapshot,
  /** A running export.run: steps written so far of all the chosen sessions' steps. */
  'export.progress': z.object({ done: z.number(), total: z.number(), sessions: z.number() }),
  /** A session's state changed (submitted, approved, rejected, deleted, recording started or ended):
   *  every cache holding it reads it again. `id` is null when several may have changed (forget,
   *  withdrawal, retention). */
  'sessions.changed': z.object({ id: z.string().nullable() }),
} as const;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export const METHOD_NAMES = Object.keys(contract) as MethodName[];

/** The error every host answers with: a code and one sentence for a person. */
export const ApiError = z.object({
  code: z.enum(['invalid-input', 'unknown-method', 'not-found', 'refused', 'conflict', 'unavailable', 'internal']),
  message: z.string(),
});
export type ApiError = z.infer<typeof ApiError>;
export type ApiErrorCode = ApiError['code'];
