// The organisation's policy of works-council mode: the apps (and a browser's sites) that may be
// recorded at most, how long unsubmitted sessions may be kept, the consent text it covers and the
// purposes the data serves. It is data that an admin and a council member both sign (see
// src/consent/org-policy-signature.ts); a contributor's machine can only narrow it
// (org-policy-narrowing.ts). Every field is required and unknown fields are refused: what is signed
// is exactly what is read, with no default filled in after the signature.
import { z } from 'zod';
import { appKey, MAX_SITES, Site } from './app-policy.ts';
import { KeysMode, ScreensMode, TitlesMode } from '../shared/policy-modes.ts';

export const ORG_POLICY_FORMAT = 'cairn-org-policy';
export const ORG_POLICY_VERSION = 1;
/** The two roles whose signatures a policy needs before it takes effect. */
export const SIGNING_ROLES = ['admin', 'council'] as const;
export const SigningRole = z.enum(SIGNING_ROLES);
export type SigningRole = z.infer<typeof SigningRole>;

/** The most an app may be recorded with; `sites` null: a browser on every site. */
export const OrgApp = z.strictObject({
  app: z.string().min(1).max(256),
  keys: KeysMode,
  screens: ScreensMode,
  titles: TitlesMode,
  sites: z.array(Site).min(1).max(MAX_SITES).nullable(),
});
export type OrgApp = z.infer<typeof OrgApp>;

export const OrgPolicy = z.strictObject({
  format: z.literal(ORG_POLICY_FORMAT),
  version: z.literal(ORG_POLICY_VERSION),
  organisation: z.string().min(1).max(200),
  /** When the admin wrote it (ISO 8601); a newer policy replaces an older one. */
  issuedAt: z.iso.datetime({ offset: true }),
  apps: z
    .array(OrgApp)
    .max(1000)
    .refine((apps) => new Set(apps.map((a) => appKey(a.app))).size === apps.length, 'each app once (names compare case-insensitively)'),
  /** Sessions never submitted are erased after this many days, on every machine. */
  retentionDays: z.number().int().min(1).max(3650),
  /** The consent text (consent/consent-vN.md) contributors accept under this policy. */
  consent: z.strictObject({ version: z.number().int().min(1), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
  purposes: z.array(z.string().min(1).max(500)).min(1).max(50),
});
export type OrgPolicy = z.infer<typeof OrgPolicy>;

export const OrgSignature = z.strictObject({
  role: SigningRole,
  /** The signer's Ed25519 public key, SPKI DER in base64. */
  publicKey: z.string().min(1).max(200),
  /** Ed25519 over signedMessage(role, policy), base64. */
  signature: z.string().min(1).max(200),
});
export type OrgSignature = z.infer<typeof OrgSignature>;

/** The file that travels: the policy as written and the signatures over it. */
export const SignedOrgPolicy = z.strictObject({
  policy: z.unknown(),
  signatures: z.array(OrgSignature).max(20),
});
export type SignedOrgPolicy = z.infer<typeof SignedOrgPolicy>;

/** The first problem zod found, as "path: message" for a sentence. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue?.path.join('.') || 'the policy'}: ${issue?.message.replace(/, received undefined$/, ', but it is missing') ?? 'unknown problem'}`;
}
