// API keys, tokens and private keys. secretlint's recommended preset is the maintained rule set; the
// few rules here cover what it leaves out for Cairn's case (JWTs, random-looking tokens, key
// headers without a full body, and AWS's documented example keys — see below).
import type { RawMatch } from './pii-detectors.ts';

const RULE_NAMES: Record<string, string> = {
  aws: 'aws-key', github: 'github-token', slack: 'slack-token', privatekey: 'private-key',
  gcp: 'gcp-key', npm: 'npm-token', basicauth: 'basic-auth', openai: 'openai-key',
  anthropic: 'anthropic-key', 'database-connection-string': 'database-url',
};

/** Maps `@secretlint/secretlint-rule-github` to Cairn's stable name `github-token`. */
export function secretlintDetectorName(ruleId: string): string {
  const name = ruleId.replace(/^@secretlint\/secretlint-rule-/, '');
  return RULE_NAMES[name] ?? `${name}-token`;
}

export async function findSecretlint(text: string): Promise<RawMatch[]> {
  const { lintSource, config } = await loadSecretlint();
  const result = await lintSource({
    source: { content: text, filePath: 'typed.txt', contentType: 'text' },
    options: { config, noPhysicFilePath: true, maskSecrets: true },
  });
  return result.messages.map((m) => ({ detector: secretlintDetectorName(m.ruleId), start: m.range[0], end: m.range[1] }));
}

let secretlint: ReturnType<typeof importSecretlint> | undefined;

/** secretlint and its preset weigh ~35 MB once loaded: only a scan loads them, not every command
 *  (the recorder, `cairn sessions`) that merely imports the detectors. */
export function loadSecretlint(): ReturnType<typeof importSecretlint> {
  secretlint ??= importSecretlint();
  return secretlint;
}

async function importSecretlint() {
  const [{ lintSource }, { secretLintProfiler }, { creator: recommended }] = await Promise.all([
    import('@secretlint/core'),
    import('@secretlint/profiler'),
    import('@secretlint/secretlint-rule-preset-recommend'),
  ]);
  // secretlint's always-on profiler keeps a performance mark for every step of every lint and
  // measures them by name: after a few thousand calls each lint slows down and the process spins
  // for minutes at exit. Cairn never reads the profile, so marking is switched off (the profiler is
  // a singleton shared with @secretlint/core).
  secretLintProfiler.mark = () => {};
  return { lintSource, config: { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: recommended }] } };
}

// secretlint skips AKIAIOSFODNN7EXAMPLE because in source code it is a harmless placeholder. In a
// recording Cairn cannot tell a placeholder from a real key a person typed, so the same pattern
// (secretlint's own) flags every access key id.
const AWS_ACCESS_KEY = /\b(?:A3T[A-Z0-9]|AKIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ASIA)[A-Z0-9]{16}\b/g;
const AWS_SECRET = /["']?(?:AWS|aws|Aws)?_?(?:SECRET|secret|Secret)_?(?:ACCESS|access|Access)_?(?:KEY|key|Key)["']?\s*(?::|=>|=|\s)\s*["']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/g;
// secretlint wants a 100+ character body; typed or OCR'd keys are often cut, so the header (and
// the block up to END when present) is enough here. OCR of a proportional font may put a space
// between the dashes and the words.
const PRIVATE_KEY = /----- ?BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)? ?-----(?:[\s\S]{0,10000}?----- ?END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)? ?-----)?/g;
const JWT = /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{0,}/g;

export function findLocalSecrets(text: string): RawMatch[] {
  const out: RawMatch[] = [];
  for (const m of text.matchAll(AWS_ACCESS_KEY)) out.push({ detector: 'aws-key', start: m.index, end: m.index + m[0].length });
  for (const m of text.matchAll(AWS_SECRET)) {
    const start = m.index + m[0].length - (m[1] ?? '').length;
    out.push({ detector: 'aws-key', start, end: m.index + m[0].length });
  }
  for (const m of text.matchAll(PRIVATE_KEY)) out.push({ detector: 'private-key', start: m.index, end: m.index + m[0].length });
  for (const m of text.matchAll(JWT)) {
    if (jwtHeaderDecodes(m[0].slice(0, m[0].indexOf('.')))) out.push({ detector: 'jwt', start: m.index, end: m.index + m[0].length });
  }
  out.push(...findHighEntropy(text));
  return out;
}

function jwtHeaderDecodes(part: string): boolean {
  try {
    const header: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof header === 'object' && header !== null && ('alg' in header || 'typ' in header);
  } catch {
    return false;
  }
}

// Long random-looking tokens. Upper, lower and digits together plus high Shannon entropy; pure hex
// (git SHAs, checksums, hashes in URLs), UUIDs and dotted versions are never flagged.
const TOKEN = /[A-Za-z0-9+/_=-]{20,}/g;
export const ENTROPY_THRESHOLD = 3.7;

export function findHighEntropy(text: string): RawMatch[] {
  const out: RawMatch[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const token = m[0].replace(/^[-_=/+]+|[-_/+]+$/g, '');
    if (looksRandom(token)) {
      const start = m.index + m[0].indexOf(token);
      out.push({ detector: 'high-entropy', start, end: start + token.length });
    }
  }
  return out;
}

export function looksRandom(token: string): boolean {
  if (token.length < 20) return false;
  if (/^[0-9a-fA-F-]+$/.test(token)) return false;
  if (!/[a-z]/.test(token) || !/[A-Z]/.test(token) || !/\d/.test(token)) return false;
  // Identifiers such as some_long_function_name2 or kebab-case-words-v2 split into short words.
  const parts = token.split(/[-_/]/);
  if (parts.length > 2 && parts.every((p) => p.length < 12)) return false;
  return shannonEntropy(token) >= ENTROPY_THRESHOLD;
}

export function shannonEntropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}
