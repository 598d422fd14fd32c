// What a route of the team service's API is: a method, a path pattern (`:name` segments), the
// permission it needs (roles.ts) and a handler. Handlers answer JSON or bytes and raise
// DomainErrors, which the host turns into a status and one sentence.
import type http from 'node:http';
import type { z } from 'zod';
import type { Permission } from '../roles.ts';
import type { ServerContext, User } from '../server-context.ts';

export interface RouteContext {
  server: ServerContext;
  user: User;
  params: Record<string, string>;
  query: URLSearchParams;
  req: http.IncomingMessage;
  /** The JSON body parsed by `schema`; a body that does not match is refused with one sentence. */
  body<T>(schema: z.ZodType<T>): Promise<T>;
}

export type Answer = { json: unknown; status?: number } | { bytes: Buffer[]; type: string };

export interface Route {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  permission: Permission;
  /** What the route does, for a refusal: "approve sessions". */
  does: string;
  run(c: RouteContext): Promise<Answer>;
}

/** Path segments that name things: checked before any handler sees them. */
export const PARAM_PATTERNS: Record<string, RegExp> = {
  id: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  seq: /^[1-9]\d{0,8}$/,
  finding: /^[1-9]\d{0,5}$/,
  pull: /^[1-9]\d{0,15}$/,
};

/** The params of `pathname` when it matches `pattern`, else null. */
export function matchPath(pattern: string, pathname: string): Record<string, string> | null {
  const want = pattern.split('/');
  const got = pathname.split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const g = got[i]!;
    if (w.startsWith(':')) {
      if (!PARAM_PATTERNS[w.slice(1)]?.test(g)) return null;
      params[w.slice(1)] = g;
    } else if (w !== g) return null;
  }
  return params;
}
