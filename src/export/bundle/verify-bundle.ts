// Verifies a bundle's bytes completely before anything is stored: the container's canonical form,
// the digest of bundle.json, the format and version, the sha256 and size of every part (each name
// once), the schema of every session and event line, each frame's bytes against the sha256 its
// session declares, and each session's consent receipt. Any failure is a BundleRefused with one
// sentence; success gives the parsed sessions. verify-frames.ts then checks the frames as images.
import { constants } from 'node:buffer';
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import {
  BUNDLE_VERSION,
  BundleRefused,
  READABLE_BUNDLE_VERSIONS,
  type ConsentReceipt,
  DIGEST_NAME,
  EventLine,
  eventsPartName,
  framePartName,
  Header,
  HEADER_NAME,
  HeaderVersion,
  sessionPartName,
  SessionPart,
  SessionPartV1,
  SessionPartV2,
} from './bundle-format.ts';
import { elementsProblem } from './element-part.ts';
import { ContainerError, unpackTar } from './tar-container.ts';

export interface VerifiedSession {
  part: SessionPart & { consent: ConsentReceipt };
  events: EventLine[];
  frames: Map<number, Buffer>;
}

export interface VerifiedBundle {
  header: Header;
  digest: string;
  sessions: VerifiedSession[];
}

export function verifyBundle(bytes: Buffer, label: string): VerifiedBundle {
  const refuse = (why: string): never => {
    throw new BundleRefused(`${label} ${why}; nothing was imported.`);
  };
  let entries;
  try {
    entries = unpackTar(bytes);
  } catch (error) {
    if (!(error instanceof ContainerError)) throw error;
    if (bytes.length < 512 || bytes.toString('latin1', 257, 262) !== 'ustar') refuse('is not a Cairn bundle');
    return refuse(`is damaged: ${error.message}`);
  }
  const headerEntry = entries[0];
  const digestEntry = entries.at(-1);
  if (entries.length < 2 || headerEntry?.name !== HEADER_NAME || digestEntry?.name !== DIGEST_NAME) return refuse('is not a Cairn bundle (it has no bundle.json and bundle.sha256)');

  const digest = sha256(headerEntry.bytes);
  const headerJson = parseJson(headerEntry.bytes);
  if (digestEntry.bytes.toString('utf8') !== `${digest}  ${HEADER_NAME}\n`) {
    const claimed = HeaderVersion.safeParse(headerJson);
    if (claimed.success && !READABLE_BUNDLE_VERSIONS.includes(claimed.data.version)) refuse(foreignVersion(claimed.data.version));
    refuse('was changed or damaged after it was made: bundle.json does not match its sha256 in bundle.sha256');
  }
  const claimed = HeaderVersion.safeParse(headerJson);
  if (!claimed.success) refuse('is not a Cairn bundle (its bundle.json names another format)');
  if (!READABLE_BUNDLE_VERSIONS.includes(claimed.data!.version)) refuse(foreignVersion(claimed.data!.version));
  const header = check(Header, headerJson, 'bundle.json', refuse);

  const parts = entries.slice(1, -1);
  if (parts.length !== header.parts.length) refuse(`holds ${parts.length} parts where bundle.json lists ${header.parts.length}`);
  const byName = new Map<string, Buffer>();
  const listedSha = new Map(header.parts.map((p) => [p.name, p.sha256]));
  header.parts.forEach((listed, i) => {
    const part = parts[i]!;
    if (part.name !== listed.name) refuse(`holds ${part.name} where bundle.json lists ${listed.name}`);
    if (byName.has(part.name)) refuse(`holds two parts named ${part.name}, and each part may appear once`);
    if (part.bytes.length !== listed.size || sha256(part.bytes) !== listed.sha256) refuse(`was changed or damaged: ${part.name} does not match its sha256`);
    byName.set(part.name, part.bytes);
  });

  const used = new Set<string>();
  const take = (name: string, text = false): Buffer => {
    const found = byName.get(name);
    if (!found || used.has(name)) refuse(`lacks ${name}, or lists it twice`);
    if (text && found!.length > constants.MAX_STRING_LENGTH) refuse(`holds ${name} of ${found!.length} bytes, more than Cairn can read as text; bundle shorter sessions`);
    used.add(name);
    return found!;
  };
  if (new Set(header.sessions).size !== header.sessions.length) refuse('lists a session twice');
  const sessions = header.sessions.map((id) => {
    const json = parseJson(take(sessionPartName(id), true));
    const part = sessionPart(header.version, json, (schema) => check(schema, json, `the session ${id}`, refuse));
    if (part.id !== id) refuse(`holds session ${part.id} under the name of ${id}`);
    if (!part.consent) refuse(`holds session ${id} without a consent receipt, and a session is imported only with the consent it was recorded under`);
    const events = parseEvents(take(eventsPartName(id), true), id, refuse);
    const problem = elementsProblem(id, part.elements, new Set(events.map((e) => e[0])), new Set(part.frames.map((f) => f.seq)));
    if (problem) refuse(problem);
    const frames = new Map<number, Buffer>();
    for (const f of part.frames) {
      if (f.part !== framePartName(id, f.seq, f.format)) refuse(`lists frame ${f.seq} of session ${id} under the part ${f.part}, which is not its own`);
      if (frames.has(f.seq)) refuse(`lists frame ${f.seq} of session ${id} twice`);
      const bytes = take(f.part);
      if (listedSha.get(f.part) !== f.sha256) refuse(`holds frame ${f.seq} of session ${id} whose bytes do not match the sha256 the session declares for it`);
      frames.set(f.seq, bytes);
    }
    return { part: part as VerifiedSession['part'], events, frames };
  });
  if (used.size !== byName.size) refuse('holds parts that belong to no session it lists');
  return { header, digest, sessions };
}

/** The session as this version spells it; what an older version does not carry arrives empty. A
 *  field of a later version in an older bundle is refused as foreign (the schemas are strict). */
function sessionPart(version: Header['version'], json: unknown, check: <T>(schema: z.ZodType<T>) => T): SessionPart {
  const none = { elements: [], elementCountsJson: null };
  if (version === 1) return { ...check(SessionPartV1), task: null, ...none };
  if (version === 2) return { ...check(SessionPartV2), ...none };
  return check(SessionPart);
}

function parseEvents(bytes: Buffer, id: string, refuse: (why: string) => never): EventLine[] {
  const text = bytes.toString('utf8');
  if (text === '') return [];
  if (!text.endsWith('\n')) refuse(`has a cut-off event line in session ${id}`);
  const lines = text.slice(0, -1).split('\n');
  return lines.map((line, i) => {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      refuse(`has an unreadable event on line ${i + 1} of session ${id}`);
    }
    const parsed = EventLine.safeParse(value);
    if (!parsed.success) refuse(`has an invalid event on line ${i + 1} of session ${id}`);
    return parsed.data!;
  });
}

function check<T>(schema: z.ZodType<T>, value: unknown, what: string, refuse: (why: string) => never): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    refuse(`does not match the bundle format: in ${what}, ${issue?.path.join('.') || 'the value'} is ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data!;
}

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}

function foreignVersion(version: number): string {
  const readable = `${READABLE_BUNDLE_VERSIONS.slice(0, -1).join(', ')} and ${READABLE_BUNDLE_VERSIONS.at(-1)}`;
  return `is in bundle format version ${version}, and this Cairn reads versions ${readable} only (update Cairn on the machine that ${version > BUNDLE_VERSION ? 'imports' : 'made'} it)`;
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
