// Where a secret given to a command comes from: its option, a file named by another option, or an
// environment variable, so that a password or token need not stand in `ps` or shell history.
// Exactly one source may be given on the command line; the environment is the fallback.
import fs from 'node:fs';
import { DomainError } from '../core/domain-error.ts';

export interface SecretSpec {
  /** What it is, for sentences: "database URL". */
  what: string;
  /** The option that gives it inline, e.g. "--database-url". */
  option: string;
  fileOption: string;
  env: string;
}

export function readSecret(spec: SecretSpec, inline: string | undefined, file: string | undefined, env = process.env): string {
  if (inline !== undefined && file !== undefined) {
    throw new DomainError('invalid-input', `Give the ${spec.what} once: ${spec.option} or ${spec.fileOption}, not both.`);
  }
  if (file !== undefined) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      throw new DomainError('invalid-input', `${spec.fileOption} ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}); give a file that holds the ${spec.what}.`);
    }
    // A file ends in a newline as often as not; the secret is its first line.
    const value = text.split(/\r?\n/)[0]!.trim();
    if (!value) throw new DomainError('invalid-input', `${spec.fileOption} ${file} is empty; put the ${spec.what} on its first line.`);
    return value;
  }
  const value = inline ?? env[spec.env];
  if (value === undefined || value.trim() === '') {
    throw new DomainError('invalid-input', `No ${spec.what} was given: use ${spec.option}, ${spec.fileOption} or the environment variable ${spec.env}.`);
  }
  return value.trim();
}

export const DATABASE_URL: SecretSpec = { what: 'database URL', option: '--database-url', fileOption: '--database-url-file', env: 'CAIRN_DATABASE_URL' };
export const REMOTE_TOKEN: SecretSpec = { what: 'token', option: '--token', fileOption: '--token-file', env: 'CAIRN_REMOTE_TOKEN' };
