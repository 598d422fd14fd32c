// Everything the service holds about one contributor, as one tar file they can download (GDPR
// access, Art. 15, and portability, Art. 20): their account, every session with its state and the
// reviewer's decision, each session's content as a Cairn bundle (importable with `cairn bundle
// import`), and the access log of each. JSON for machines, a README for people. The archive is a
// plain ustar file (src/export/bundle/tar-container.ts), readable with `tar -xf`.
import { packTar, type TarEntry } from '../../export/bundle/tar-container.ts';

export interface MyDataInput {
  account: { name: string; role: string; createdAt: number };
  generatedAt: number;
  sessions: readonly {
    id: string;
    state: string;
    submittedAt: number;
    startedAt: number;
    endedAt: number | null;
    decidedBy: string | null;
    decidedAt: number | null;
    reason: string | null;
    erasedAt: number | null;
  }[];
  accessLog: readonly { sessionId: string; at: number; who: string; role: string; action: string; detail: unknown }[];
  /** Each session still held, as the bundle a pull would hand on (erased ones have none). */
  bundles: readonly { sessionId: string; bytes: Buffer }[];
}

export function myDataArchive(input: MyDataInput): Buffer[] {
  const json = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`);
  const entries: TarEntry[] = [
    { name: 'README.txt', bytes: Buffer.from(readme(input)) },
    { name: 'account.json', bytes: json(input.account) },
    { name: 'sessions.json', bytes: json(input.sessions) },
    { name: 'access-log.json', bytes: json(input.accessLog) },
    ...input.bundles.map((b) => ({ name: `sessions/${b.sessionId}.cairn`, bytes: b.bytes })),
  ];
  return packTar(entries, Math.floor(input.generatedAt / 1000));
}

function readme(input: MyDataInput): string {
  const erased = input.sessions.filter((s) => s.erasedAt !== null).length;
  return [
    `All the data Cairn's team service holds about ${input.account.name}, as of ${new Date(input.generatedAt).toISOString()}.`,
    '',
    'account.json     your account: name, role, when it was made (your token is stored only as a hash)',
    `sessions.json    your ${input.sessions.length} sessions: state, dates, who approved or rejected each and why (${erased} erased: only their tombstone is left)`,
    'access-log.json  every upload, view of text or frames, decision, pull and erasure of your sessions: who, when',
    `sessions/        the content of your ${input.bundles.length} sessions still held, as Cairn bundles (cairn bundle import FILE)`,
    '',
  ].join('\n');
}
