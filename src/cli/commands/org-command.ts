// `cairn org keygen | sign | verify | install | show`: works-council mode. An admin writes the
// organisation's policy, the admin and a council member each sign it with a key of their own, and
// a contributor's machine takes it in (from a file here, or from the service with `cairn remote
// policy`) only once both signatures check; from then on it can only narrow what the person allows.
import { readFileSync, renameSync } from 'node:fs';
import type { Command } from 'commander';
import { SignedOrgPolicy, SigningRole } from '../../core/org-policy.ts';
import { checkSignedPolicy, generateSigningKey, readEd25519Key, signPolicy, spkiBase64, type TrustedKey } from '../../consent/org-policy-signature.ts';
import { describeOrgPolicyEffect, installOrgPolicySaying, orgPolicyEffect } from '../../services/org-policy.ts';
import { readOrgPolicy } from '../../store/org-policy-repo.ts';
import { writeNewPrivateFile, writePrivateFileSync } from '../../store/private-files.ts';
import { assertUsablePath } from '../../store/usable-path.ts';
import { CliError } from '../cli-error.ts';
import { type CliContext, withStore } from '../context.ts';

interface TrustOptions {
  adminKey: string[];
  councilKey: string[];
}

const repeatable = (v: string, all: string[]) => [...all, v];

/** The public keys whose signatures count, for `verify` and `install`. */
const withTrustOptions = (command: Command) =>
  command
    .option('--admin-key <file>', "an admin's public key the admin signature must be by; repeat for more", repeatable, [])
    .option('--council-key <file>', "a council member's public key the council signature must be by; repeat for more", repeatable, []);

export function registerOrg(program: Command, context: () => CliContext): void {
  const org = program.command('org').description("works-council mode: the organisation's policy, signed by an admin and the council");

  org
    .command('keygen')
    .description('make an Ed25519 signing key: FILE (private, 0600) and FILE.pub (public, for the service)')
    .requiredOption('--out <file>', 'the private key file to create (must not exist)')
    .action(async (opts: { out: string }) => {
      const ctx = context();
      const file = assertUsablePath(opts.out, { what: 'key file', kind: 'new-file' });
      const key = generateSigningKey();
      try {
        await writeNewPrivateFile(file, key.privateKeyPem);
        await writeNewPrivateFile(`${file}.pub`, key.publicKeyPem);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new CliError(`${(error as NodeJS.ErrnoException).path ?? file} already exists; give --out a new file name.`);
        throw error;
      }
      ctx.out(`Wrote the private key to ${file} (keep it to yourself) and the public key to ${file}.pub; fingerprint ${key.fingerprint}.`);
    });

  org
    .command('sign')
    .description('sign POLICY (in place) as admin or council')
    .argument('<policy>', 'the policy file (a bare policy or one already signed)')
    .requiredOption('--key <file>', 'your private key (from `cairn org keygen`)')
    .requiredOption('--role <role>', 'admin | council: the role you sign as')
    .action((policyFile: string, opts: { key: string; role: string }) => {
      const ctx = context();
      const role = SigningRole.safeParse(opts.role);
      if (!role.success) throw new CliError(`Invalid --role value "${opts.role.slice(0, 40)}": use admin or council.`, 2);
      const file = assertUsablePath(policyFile, { what: 'policy file', kind: 'file' });
      const keyFile = assertUsablePath(opts.key, { what: 'key file', kind: 'file' });
      const key = refusing(() => readEd25519Key(readFileSync(keyFile, 'utf8'), 'private', keyFile));
      const signed = refusing(() => signPolicy(readPolicyFile(file), role.data, key));
      // Written beside and renamed over: a crash leaves the old file or the new one, never half.
      writePrivateFileSync(`${file}.signing`, `${JSON.stringify(signed, null, 2)}\n`);
      renameSync(`${file}.signing`, file);
      const check = checkSignedPolicy(signed);
      const state = check.ok ? 'it is signed by an admin and the council and takes effect' : check.problem.replace(/^The policy /, 'it ').replace(/\.$/, '');
      ctx.out(`Signed ${file} as ${role.data}; ${state}.`);
    });

  withTrustOptions(org.command('verify'))
    .description('check that POLICY takes effect: valid, and signed by an admin and a council member')
    .argument('<policy>', 'the signed policy file')
    .option('--json', 'machine-readable output')
    .action((policyFile: string, opts: TrustOptions & { json?: boolean }) => {
      const ctx = context();
      const file = assertUsablePath(policyFile, { what: 'policy file', kind: 'file' });
      const trusted = trustedKeys(opts);
      const check = checkSignedPolicy(readPolicyJson(file), trusted);
      if (opts.json) ctx.out(JSON.stringify(check.ok ? { ok: true, organisation: check.policy.organisation, issuedAt: check.policy.issuedAt, signers: check.signers, keysChecked: trusted !== undefined } : check));
      if (!check.ok) throw new CliError(check.problem);
      if (opts.json) return;
      const signers = check.signers.map((s) => `${s.role} ${s.fingerprint}`).join(', ');
      const keys = trusted ? 'each key is one of those given for its role' : 'the keys were not checked against known ones (give --admin-key and --council-key for that)';
      ctx.out(`The policy of ${check.policy.organisation} issued ${check.policy.issuedAt} takes effect: signed by ${signers}; ${keys}.`);
    });

  withTrustOptions(org.command('install'))
    .description("run this machine under POLICY: it can only narrow what you allow (both signatures are checked first)")
    .argument('<policy>', 'the signed policy file')
    .action(async (policyFile: string, opts: TrustOptions) => {
      const ctx = context();
      const file = assertUsablePath(policyFile, { what: 'policy file', kind: 'file' });
      const trusted = trustedKeys(opts);
      const json = readPolicyJson(file);
      await installAndSay(ctx, json, { source: file, trusted });
    });

  org
    .command('show')
    .description("the organisation's policy this machine runs under and what it does to your choices")
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const ctx = context();
      const shown = await withStore(ctx, (store) => {
        const installed = readOrgPolicy(store);
        return installed && { installed, effect: orgPolicyEffect(store) };
      });
      if (opts.json) {
        ctx.out(JSON.stringify(shown ? { policy: shown.installed.policy, sha256: shown.installed.sha256, source: shown.installed.source, installedAt: shown.installed.installedAt, effect: shown.effect } : { policy: null }, null, 2));
        return;
      }
      if (!shown) return ctx.out('No organisation policy: only your own choices decide what is recorded.');
      const { policy } = shown.installed;
      ctx.out(`Policy of ${policy.organisation}, issued ${policy.issuedAt}, from ${shown.installed.source}.`);
      ctx.out(`Purposes: ${policy.purposes.join('; ')}.`);
      ctx.out(`Consent text: version ${policy.consent.version} (sha256 ${policy.consent.sha256}).`);
      ctx.out(`Apps it allows at most: ${policy.apps.map((a) => `${a.app} (keys ${a.keys}, screens ${a.screens}, titles ${a.titles}${a.sites ? `, sites ${a.sites.join(' ')}` : ''})`).join('; ') || 'none'}.`);
      ctx.out(`On this machine: ${describeOrgPolicyEffect(shown.effect)}.`);
    });
}

/** Takes a signed policy in on this machine (`org install`, `remote policy`) and says what it does. */
export async function installAndSay(ctx: CliContext, file: unknown, options: { source: string; trusted?: TrustedKey[] }): Promise<void> {
  ctx.out(await withStore(ctx, (store) => installOrgPolicySaying(store, file, options)));
}

/** A policy file as `sign` takes it: a bare policy is signed as a new file. */
function readPolicyFile(file: string): SignedOrgPolicy {
  const json = readPolicyJson(file);
  const bare = typeof json === 'object' && json !== null && !('signatures' in json);
  const parsed = SignedOrgPolicy.safeParse(bare ? { policy: json, signatures: [] } : json);
  if (!parsed.success) throw new CliError(`${file} is not a Cairn policy file: it holds {"policy": ..., "signatures": [...]} or a bare policy.`);
  return parsed.data;
}

/** A policy file's JSON, or one sentence saying it cannot be read (`verify`, `install`, `send-policy`, `set-policy`). */
export function readPolicyJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new CliError(`${file} cannot be read as JSON; give the policy file as \`cairn org sign\` writes it.`);
  }
}

/** The public keys given, each for its role; none given: undefined (signatures checked, keys not). */
function trustedKeys(opts: TrustOptions): TrustedKey[] | undefined {
  const keys = [
    ...opts.adminKey.map((f) => ({ role: 'admin' as const, file: f })),
    ...opts.councilKey.map((f) => ({ role: 'council' as const, file: f })),
  ].map(({ role, file }) => {
    const usable = assertUsablePath(file, { what: 'public key file', kind: 'file' });
    return { role, publicKey: spkiBase64(refusing(() => readEd25519Key(readFileSync(usable, 'utf8'), 'public', usable))) };
  });
  return keys.length ? keys : undefined;
}

/** Runs `fn`, turning the one-sentence Errors of the policy and key readers into the CLI's. */
function refusing<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError((error as Error).message);
  }
}
