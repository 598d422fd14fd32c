// The `cairn remote` side of the team service's API: one request function that sends the token,
// reads answers against the schemas of api-schemas.ts, and turns every failure into a DomainError
// carrying the server's own code and sentence (or one saying the server cannot be reached).
import type { z } from 'zod';
import { DomainError } from '../core/domain-error.ts';
import { fromHttpErrorBody } from '../shared/api-error-codec.ts';

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT';
  json?: unknown;
  bytes?: Buffer;
}

/** How long a request waits for the answer to begin (a 4 MiB chunk on a slow uplink fits in it). */
export const ANSWER_WAIT_MS = 120_000;

export class RemoteClient {
  readonly url: string;
  private readonly token: string;

  private readonly answerWaitMs: number;

  constructor(url: string, token: string, options: { answerWaitMs?: number } = {}) {
    this.url = normaliseUrl(url);
    this.token = token;
    this.answerWaitMs = options.answerWaitMs ?? ANSWER_WAIT_MS;
  }

  async json<T>(path: string, schema: z.ZodType<T>, o: RequestOptions = {}): Promise<T> {
    const res = await this.send(path, o);
    const parsed = schema.safeParse(await res.json().catch(() => undefined));
    if (!parsed.success) throw new DomainError('unavailable', `The server at ${this.url} answered ${path} with something that is not Cairn's API; check the URL.`);
    return parsed.data;
  }

  async bytes(path: string): Promise<Buffer> {
    return Buffer.from(await (await this.send(path, {})).arrayBuffer());
  }

  private async send(path: string, o: RequestOptions): Promise<Response> {
    const headers: Record<string, string> = { Authorization: `Bearer ${this.token}` };
    let body: Buffer | string | undefined;
    if (o.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(o.json);
    } else if (o.bytes) {
      headers['Content-Type'] = 'application/octet-stream';
      body = o.bytes;
    }
    let res: Response;
    // A server that takes the connection and never answers must not hold the caller (the CLI, or
    // the desktop app's card) for ever; only the wait for the answer's head is bounded, since a
    // dataset's body may rightly take long on a slow link.
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), this.answerWaitMs);
    try {
      res = await fetch(new URL(path, this.url), { method: o.method ?? (body === undefined ? 'GET' : 'POST'), headers, body, signal: abort.signal });
    } catch (error) {
      if (abort.signal.aborted) throw new DomainError('unavailable', `The server at ${this.url} did not answer ${path} within ${this.answerWaitMs / 1000} s; check that it runs, then try again.`);
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new DomainError('unavailable', `The server at ${this.url} cannot be reached (${cause}); check that it runs, then try again.`);
    } finally {
      clearTimeout(timer);
    }
    if (res.ok) return res;
    const error = fromHttpErrorBody(await res.json().catch(() => null));
    if (error) throw new DomainError(error.code, error.message);
    throw new DomainError('unavailable', `The server at ${this.url} answered ${res.status} ${res.statusText} to ${path}; check the URL.`);
  }
}

export function normaliseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DomainError('invalid-input', `"${url.slice(0, 100)}" is not a URL; give the one \`cairn server start\` printed, like http://127.0.0.1:8080/.`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new DomainError('invalid-input', `The server URL must start with https:// (or http:// on this machine), not ${parsed.protocol}.`);
  if (parsed.username || parsed.password) throw new DomainError('invalid-input', 'Put no user or password in the server URL; the token identifies you.');
  return `${parsed.origin}/`;
}
