import Database from 'better-sqlite3-multiple-ciphers';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../src/store/migrate.ts';
import { tempDir } from '../helpers.ts';

const SESSION = `INSERT INTO sessions (id, state, started_at, clock_origin, layout_json, policies_json) VALUES ('s', 'submitted', 0, 0, '{}', '[]')`;
const AUDIT = `INSERT INTO audit (at, actor, action, session_id) VALUES (1, 'contributor', 'session.submit', 's')`;
const FINDING = `INSERT INTO findings (session_id, source, detector, preview, location, actor, created_at) VALUES ('s', 'text', 'email', 'j•••', '{"fromSeq":1,"toSeq":4}', 'detector', 0)`;
const REDACTION = `INSERT INTO redactions (session_id, kind, target, reason, actor, at) VALUES ('s', 'text', '{}', 'r', 'contributor', 0)`;

describe('migration 006-bundle-origin', () => {
  it('migrates a version 5 database: existing audit rows, redactions and findings are this machine\'s (no origin, no claim)', () => {
    const db = new Database(path.join(tempDir(), 'cairn.db'));
    migrate(db, 5);
    db.exec(`${SESSION}; ${AUDIT}; ${FINDING}; ${REDACTION}`);
    expect(migrate(db, 6)).toEqual([6]);
    expect(schemaVersion(db)).toBe(6);
    expect(db.prepare('SELECT actor, action, origin FROM audit').all()).toEqual([{ actor: 'contributor', action: 'session.submit', origin: null }]);
    expect(db.prepare('SELECT origin FROM redactions').pluck().all()).toEqual([null]);
    expect(db.prepare('SELECT status, claim FROM findings').all()).toEqual([{ status: 'open', claim: null }]);
    db.close();
  });

  it('takes an origin only as bundle:<digest> and a claim only as JSON, and the audit log stays append-only', () => {
    const db = new Database(path.join(tempDir(), 'cairn.db'));
    migrate(db, 6);
    db.exec(SESSION);
    db.exec(`INSERT INTO audit (at, actor, action, session_id, origin) VALUES (1, 'reviewer', 'review.waive', 's', 'bundle:${'a'.repeat(64)}')`);
    expect(() => db.exec(`INSERT INTO audit (at, actor, action, session_id, origin) VALUES (1, 'reviewer', 'review.waive', 's', 'here')`)).toThrow(/CHECK/);
    expect(() => db.exec(`${REDACTION.replace('actor, at)', 'actor, at, origin)').replace("0)", "0, 'elsewhere')")}`)).toThrow(/CHECK/);
    expect(() => db.exec(`${FINDING.replace('created_at)', 'created_at, claim)').replace(", 0)", ", 0, 'not json')")}`)).toThrow(/CHECK/);
    expect(() => db.exec(`UPDATE audit SET origin = NULL`)).toThrow(/append-only/);
    db.close();
  });
});
