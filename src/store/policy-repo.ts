// Stored app policies. Apps are keyed by their lower-cased identity; the name as first given is kept
// for display. An app with no row is denied (see core/app-policy.ts). A browser app's sites are rows
// of app_sites; none means the whole app.
import { AppPolicy, appKey } from '../core/app-policy.ts';
import { appendAudit } from './audit-log.ts';
import type { Store } from './store.ts';

export type StoredPolicy = AppPolicy & { sensitiveConfirmed: boolean; updatedAt: number };

interface PolicyRow {
  app: string;
  display_name: string;
  allowed: number;
  keys: AppPolicy['keys'];
  screens: AppPolicy['screens'];
  titles: AppPolicy['titles'];
  sensitive_confirmed: number;
  updated_at: number;
}

export function listPolicies(store: Store): StoredPolicy[] {
  const sites = new Map<string, string[]>();
  for (const { app, site } of store.prepare<[], { app: string; site: string }>('SELECT app, site FROM app_sites ORDER BY app, site').all()) {
    sites.set(app, [...(sites.get(app) ?? []), site]);
  }
  return store
    .prepare<[], PolicyRow>('SELECT * FROM app_policies ORDER BY app')
    .all()
    .map((r) => ({
      app: r.display_name,
      allowed: r.allowed === 1,
      keys: r.keys,
      screens: r.screens,
      titles: r.titles,
      sites: sites.get(r.app) ?? null,
      sensitiveConfirmed: r.sensitive_confirmed === 1,
      updatedAt: r.updated_at,
    }));
}

export function setPolicy(
  store: Store,
  policy: AppPolicy,
  options: { actor: string; sensitiveConfirmed: boolean; at?: number },
): StoredPolicy {
  const p = AppPolicy.parse(policy);
  const at = options.at ?? Date.now();
  const key = appKey(p.app);
  // A denied app has no sites; duplicates collapse.
  const sites = p.allowed ? [...new Set(p.sites ?? [])].sort() : [];
  store.tx(() => {
    store
      .prepare(
        `INSERT INTO app_policies (app, display_name, allowed, keys, screens, titles, sensitive_confirmed, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (app) DO UPDATE SET allowed = excluded.allowed, keys = excluded.keys, screens = excluded.screens,
           titles = excluded.titles, sensitive_confirmed = excluded.sensitive_confirmed, updated_at = excluded.updated_at`,
      )
      .run(key, p.app.trim(), p.allowed ? 1 : 0, p.keys, p.screens, p.titles, options.sensitiveConfirmed ? 1 : 0, at);
    // The sites are replaced with the policy: allowing again without sites allows the whole app.
    store.prepare('DELETE FROM app_sites WHERE app = ?').run(key);
    const insertSite = store.prepare('INSERT OR IGNORE INTO app_sites (app, site) VALUES (?, ?)');
    for (const site of sites) insertSite.run(key, site);
    appendAudit(store, {
      at,
      actor: options.actor,
      action: p.allowed ? 'policy.allow' : 'policy.deny',
      detail: { app: key, keys: p.keys, screens: p.screens, titles: p.titles, sites: p.allowed ? (sites.length ? sites : null) : null, sensitiveConfirmed: options.sensitiveConfirmed },
    });
  });
  return { ...p, sites: sites.length ? sites : null, sensitiveConfirmed: options.sensitiveConfirmed, updatedAt: at };
}
