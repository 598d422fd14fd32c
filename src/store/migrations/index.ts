// Every schema migration, in order. A new one gets the next number and its own test that migrates
// a database from the version before it.
import type Database from 'better-sqlite3-multiple-ciphers';
import * as m001 from './001-initial.ts';
import * as m002 from './002-settings.ts';
import * as m003 from './003-review.ts';
import * as m004 from './004-stop-reason.ts';
import * as m005 from './005-copies.ts';
import * as m006 from './006-bundle-origin.ts';
import * as m007 from './007-task.ts';
import * as m008 from './008-app-sites.ts';
import * as m009 from './009-org-policy.ts';
import * as m010 from './010-elements.ts';
import * as m011 from './011-frame-observations.ts';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly up: (db: Database.Database) => void;
}

export const MIGRATIONS: readonly Migration[] = [m001, m002, m003, m004, m005, m006, m007, m008, m009, m010, m011];

export const LATEST_VERSION = MIGRATIONS.at(-1)!.version;
