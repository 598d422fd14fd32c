// The consent text a person accepts: a versioned file in consent/, identified by its sha256 so an
// acceptance (and every export) names exactly the words that were agreed to.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { appUrl } from '../core/app-root.ts';

export const CONSENT_DIR = fileURLToPath(appUrl('consent/'));

export interface ConsentText {
  version: number;
  title: string;
  /** The text shown to the person (the file without its front matter). */
  body: string;
  /** sha256 of the whole file's bytes, front matter included. */
  sha256: string;
  file: string;
}

export function loadConsentText(dir = CONSENT_DIR): ConsentText {
  const files = readdirSync(dir).filter((f) => /^consent-v\d+\.md$/.test(f));
  if (files.length === 0) throw new Error(`No consent text (consent-vN.md) found in ${dir}.`);
  const texts = files.map((f) => parseConsentFile(`${dir}/${f}`));
  return texts.reduce((a, b) => (b.version > a.version ? b : a));
}

export function parseConsentFile(file: string): ConsentText {
  const bytes = readFileSync(file);
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(bytes.toString('utf8'));
  if (!match) throw new Error(`The consent file ${file} has no front matter; it must start with ---, version and title.`);
  const meta = Object.fromEntries(
    match[1]!.split('\n').map((line) => {
      const at = line.indexOf(':');
      return [line.slice(0, at).trim(), line.slice(at + 1).trim()];
    }),
  );
  const version = Number(meta.version);
  if (!Number.isInteger(version) || version < 1) throw new Error(`The consent file ${file} has no valid version in its front matter.`);
  return {
    version,
    title: meta.title ?? 'Consent',
    body: match[2]!,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    file,
  };
}
