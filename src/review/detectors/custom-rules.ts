// An organisation's own rules from `consent/detectors.json`, validated with zod; a rule whose
// pattern is not a valid regex stops loading with one sentence naming it.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { z } from 'zod';
import { appUrl } from '../../core/app-root.ts';
import type { CustomRule } from './detector-types.ts';
import type { RawMatch } from './pii-detectors.ts';

export const DEFAULT_RULES_FILE = fileURLToPath(appUrl('consent/detectors.json'));

const RulesFile = z.object({
  rules: z.array(
    z.object({
      name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'a rule name is lower-case letters, digits and dashes'),
      pattern: z.string().min(1).max(1000),
      flags: z.string().regex(/^[imsu]*$/, 'flags may only be i, m, s or u').optional(),
    }).strict(),
  ),
}).strict();

export function parseCustomRules(json: unknown, source = 'detectors.json'): CustomRule[] {
  const parsed = RulesFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    // zod says "received undefined" of an absent field; say "missing" (found by fuzz-files).
    const message = issue?.message.replace(/, received undefined$/, ', but it is missing') ?? 'unknown problem';
    throw new Error(`${source} is not valid: ${issue?.path.join('.') || 'the file'}: ${message}.`);
  }
  for (const rule of parsed.data.rules) compileRule(rule, source);
  return parsed.data.rules;
}

export function loadCustomRules(file: string = DEFAULT_RULES_FILE): CustomRule[] {
  if (!existsSync(file)) return [];
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file} is not valid JSON.`, { cause: err });
  }
  return parseCustomRules(json, file);
}

// A rule file is input Cairn does not control: a pattern like `(a+)+$` backtracks exponentially
// and would hang a scan (found by tests/reliability/fuzz-files.test.ts). A rule runs on V8's
// linear-time engine (the `l` flag) where that engine takes it; it does not take the `i` and `u`
// flags, so such a rule runs on the usual engine only if it repeats no group that itself repeats or
// alternates, and has no backreference: the shapes that backtrack exponentially.
v8.setFlagsFromString('--enable-experimental-regexp-engine');

function compileRule(rule: CustomRule, source: string): RegExp {
  const flags = `${rule.flags ?? ''}g`;
  try {
    return new RegExp(rule.pattern, `${flags}l`);
  } catch {
    // Not linear-time here (or not valid at all): the checks below say which, in one sentence.
  }
  let regex: RegExp;
  try {
    regex = new RegExp(rule.pattern, flags);
  } catch (err) {
    const message = (err as Error).message.replace(/\s+/g, ' ').slice(0, 200);
    throw new Error(`The custom detector "${rule.name}" in ${source} has a pattern that is not a valid regular expression (${message}).`, { cause: err });
  }
  if (backtracksExponentially(rule.pattern)) {
    throw new Error(`The custom detector "${rule.name}" in ${source} has a pattern that could take exponential time (a repeated group that itself repeats or alternates, or a backreference); rewrite it without one.`);
  }
  return regex;
}

/** Whether a (valid) pattern repeats a group holding a quantifier or `|`, or has a backreference. */
function backtracksExponentially(pattern: string): boolean {
  const groups: boolean[] = [];
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      if (!inClass && /[1-9k]/.test(pattern[i + 1] ?? '')) return true;
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') inClass = true;
    else if (c === '(') groups.push(false);
    else if (c === ')') {
      const risky = groups.pop() ?? false;
      const next = pattern.slice(i + 1);
      if (risky && /^(?:[*+]|\{\d*,\d*\}|\{\d*[2-9]\d*\}|\{\d{2,}\})/.test(next)) return true;
      // A group holding a quantifier makes its enclosing groups risky too.
      if (groups.length && (risky || /^[*+?{]/.test(next))) groups[groups.length - 1] = true;
    } else if ((c === '*' || c === '+' || c === '{' || c === '|') && groups.length) groups[groups.length - 1] = true;
  }
  return false;
}

// Long texts are matched in overlapping windows: a rule that matches often takes time quadratic in
// the text even on the linear engine (each match scans ahead), seconds per 20,000 characters in
// fuzz-files. A match longer than WINDOW - STEP characters may be cut; custom rules flag short tokens.
const WINDOW = 1000;
const STEP = 500;

export function findCustom(text: string, rules: readonly CustomRule[]): RawMatch[] {
  const out: RawMatch[] = [];
  for (const rule of rules) {
    const regex = compileRule(rule, 'custom rules');
    const seen = new Set<string>();
    for (let from = 0; from === 0 || from + STEP < text.length; from += STEP) {
      for (const m of text.slice(from, from + WINDOW).matchAll(regex)) {
        const start = from + m.index;
        const key = `${start}:${m[0].length}`;
        if (m[0].length === 0 || seen.has(key)) continue;
        seen.add(key);
        out.push({ detector: `custom:${rule.name}`, start, end: start + m[0].length });
      }
    }
  }
  return out;
}
