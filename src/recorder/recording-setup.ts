// What every host checks and builds before a recording starts, whoever presses Record (the CLI's
// `record`, the app's Record button): consent to the current text (and, under an organisation's
// policy, the text that policy covers), at least one allowed app as that policy lets it stand, the
// policy each window is judged by, and the session row.
import os from 'node:os';
import type { ConsentText } from '../consent/consent-text.ts';
import type { DefaultPolicy } from '../consent/default-policy.ts';
import { type AppPolicy, policyLookup } from '../core/app-policy.ts';
import type { KeyboardLayout } from '../shared/keyboard-layout.ts';
import type { WindowRules } from '../core/window-decision.ts';
import { activeAcceptance } from '../store/consent-repo.ts';
import { effectiveAllowedPolicies, readOrgPolicy } from '../store/org-policy-repo.ts';
import { listPolicies } from '../store/policy-repo.ts';
import type { NewSession } from '../store/session-repo.ts';
import type { Store } from '../store/store.ts';

export type Readiness =
  | { ok: true; consentId: number; allowed: AppPolicy[] }
  | { ok: false; missing: 'consent' }
  /** `orgDenied`: apps the person allowed that the organisation's policy does not. */
  | { ok: false; missing: 'no-app'; orgDenied: string[] }
  | { ok: false; missing: 'current-consent'; acceptedVersion: string }
  /** The organisation's policy covers another consent text than this install's. */
  | { ok: false; missing: 'org-consent'; orgVersion: number };

export function recordingReadiness(store: Store, text: ConsentText): Readiness {
  const accepted = activeAcceptance(store);
  if (!accepted) return { ok: false, missing: 'consent' };
  if (accepted.sha256 !== text.sha256) return { ok: false, missing: 'current-consent', acceptedVersion: accepted.version };
  const org = readOrgPolicy(store)?.policy;
  if (org && org.consent.sha256 !== text.sha256) return { ok: false, missing: 'org-consent', orgVersion: org.consent.version };
  const allowed = effectiveAllowedPolicies(store);
  if (allowed.length === 0) {
    const orgDenied = org ? listPolicies(store).filter((p) => p.allowed).map((p) => p.app) : [];
    return { ok: false, missing: 'no-app', orgDenied };
  }
  return { ok: true, consentId: accepted.id, allowed };
}

/** What a window is judged by (window-decision.ts): the allowed apps' policies and the default policy's rules. */
export function windowRules(allowed: readonly AppPolicy[], defaults: DefaultPolicy): WindowRules {
  const lookup = policyLookup(allowed);
  const browsers = allowed.filter((p) => defaults.isBrowser(p.app));
  // A browser allowed whole lets every site's pages report; otherwise the allowed sites of all browsers.
  const pageSites = browsers.some((p) => !p.sites) ? null : [...new Set(browsers.flatMap((p) => p.sites ?? []))];
  return { policyOf: (window) => lookup(window.app), isBrowser: defaults.isBrowser, isPrivateTitle: defaults.isPrivateWindow, pageSites };
}

export function newRecordingSession(s: {
  id: string;
  /** The recorder's SessionClock start. */
  startedAt: number;
  clockOrigin: number;
  layout: KeyboardLayout;
  allowed: readonly AppPolicy[];
  consentId: number;
  task: string | null;
}): NewSession {
  return {
    id: s.id,
    startedAt: s.startedAt,
    clockOrigin: s.clockOrigin,
    layout: s.layout,
    policies: s.allowed,
    consentId: s.consentId,
    pid: process.pid,
    host: os.hostname(),
    actor: 'contributor',
    task: s.task,
  };
}
