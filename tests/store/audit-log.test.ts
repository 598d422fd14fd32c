import { describe, expect, it } from 'vitest';
import { appendAudit, listAudit } from '../../src/store/audit-log.ts';
import { open, tempDataDir } from './helpers.ts';

describe('audit log', () => {
  it('cannot be updated or deleted, even with raw SQL', () => {
    const store = open(tempDataDir());
    appendAudit(store, { at: 1, actor: 'contributor', action: 'consent.accept', detail: { consentId: 1 } });
    expect(() => store.db.exec(`UPDATE audit SET actor = 'someone else'`)).toThrow('the audit log is append-only');
    expect(() => store.db.exec('DELETE FROM audit')).toThrow('the audit log is append-only');
    expect(listAudit(store)).toEqual([{ id: 1, at: 1, actor: 'contributor', action: 'consent.accept', sessionId: null, detail: { consentId: 1 }, origin: null }]);
  });
});
