// The default policy shipped in consent/policy.json: which apps are sensitive (allowed only after a
// second confirmation), which apps are browsers (allowed whole or for named sites only) and which
// window titles mark private browser windows (never recorded).
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { appKey } from '../core/app-policy.ts';
import { CONSENT_DIR } from './consent-text.ts';

const PolicyFile = z.object({
  version: z.number().int(),
  sensitive: z.array(z.object({ app: z.string().min(1), reason: z.string() })),
  browsers: z.array(z.string().min(1)),
  privateWindowTitles: z.array(z.object({ pattern: z.string().min(1), reason: z.string() })),
});
export type PolicyFile = z.infer<typeof PolicyFile>;

export interface DefaultPolicy {
  /** Why an app is sensitive, or undefined when it is not. */
  sensitiveReason(app: string): string | undefined;
  /** True for the apps that may be allowed for named sites only (their tabs are told by Cairn's extension). */
  isBrowser(app: string): boolean;
  /** True for windows that must never be recorded whatever their app's policy (private browsing). */
  isPrivateWindow(title: string): boolean;
  sensitiveApps: readonly string[];
}

export function loadDefaultPolicy(file = `${CONSENT_DIR}/policy.json`): DefaultPolicy {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    // JSON.parse's own message quotes the file's text and is no sentence (found by fuzz-files).
    throw new Error(`The policy file ${file} cannot be read as JSON (${(error as NodeJS.ErrnoException).code ?? 'not valid JSON'}).`, { cause: error });
  }
  const parsed = PolicyFile.safeParse(json);
  if (!parsed.success) {
    // zod says "received undefined" of an absent field; say "missing" (found by fuzz-files).
    const issue = parsed.error.issues[0];
    const what = `${issue?.path.join('.') || 'the file'}: ${issue?.message.replace(/, received undefined$/, ', but it is missing') ?? 'unknown problem'}`;
    throw new Error(`The policy file ${file} is not valid: ${what}.`);
  }
  const reasons = new Map(parsed.data.sensitive.map((s) => [appKey(s.app), s.reason]));
  const browsers = new Set(parsed.data.browsers.map(appKey));
  const patterns = parsed.data.privateWindowTitles.map((p) => p.pattern.toLowerCase());
  return {
    sensitiveReason: (app) => reasons.get(appKey(app)),
    isBrowser: (app) => browsers.has(appKey(app)),
    isPrivateWindow: (title) => {
      const lower = title.toLowerCase();
      return patterns.some((p) => lower.includes(p));
    },
    sensitiveApps: [...new Set(parsed.data.sensitive.map((s) => s.app))],
  };
}
