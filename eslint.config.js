// Lint: typescript-eslint's recommended rules, plus Cairn's layer map (in the manner of VS Code's
// code-layering rule): each folder of src/ lists the folders it may import, and an import of any
// other is an error. shared/ and core/ are runtime-free (no Node built-ins, no packages but zod);
// only src/electron may import Electron; the renderer imports src/shared and nothing else of src/.
// To add a folder: give it a line in LAYERS naming what it may use, below it in the list.
// SQL lives only in src/store (sqlOnlyInStore below): other layers call named repository functions.
// The team service's PostgreSQL is the one exception, kept as narrow: its SQL lives only in
// src/server's migrations and in files named *-repo.ts there.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Folder of src/ -> the folders of src/ it may import (besides itself). Lower layers come first. */
export const LAYERS = {
  shared: [],
  core: ['shared'],
  consent: ['shared', 'core'],
  capture: ['shared', 'core'],
  store: ['shared', 'core'],
  recorder: ['shared', 'core', 'consent', 'capture', 'store'],
  review: ['shared', 'core', 'consent', 'store'],
  export: ['shared', 'core', 'consent', 'store', 'review'],
  services: ['shared', 'core', 'consent', 'capture', 'store', 'recorder', 'review', 'export'],
  // The team service's client side and API contract: what a contributor's machine (host, CLI,
  // desktop app) and the service (server) both read.
  remote: ['shared', 'core', 'consent', 'store', 'review', 'export', 'services'],
  host: ['shared', 'core', 'consent', 'capture', 'store', 'recorder', 'review', 'export', 'services', 'remote'],
  server: ['shared', 'core', 'consent', 'store', 'review', 'export', 'services', 'remote', 'host'],
  cli: ['shared', 'core', 'consent', 'capture', 'store', 'recorder', 'review', 'export', 'services', 'remote', 'host', 'server'],
  electron: ['shared', 'core', 'consent', 'capture', 'store', 'recorder', 'review', 'export', 'services', 'remote', 'host'],
};

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'worker_threads', 'crypto', 'net', 'http', 'https', 'url', 'util', 'stream', 'events'];
const electronBan = { name: 'electron', message: 'The core runs under plain Node: only src/electron/ may import Electron.' };

/** A relative import that reaches the folder `layer` of src/ (from anywhere below src/). */
const reaching = (layer) => `^(\\.\\./)+(src/)?${layer}/`;

function layerRule(folder, allowed) {
  const forbidden = Object.keys(LAYERS).filter((l) => l !== folder && !allowed.includes(l));
  const patterns = forbidden.map((layer) => ({
    regex: reaching(layer),
    message: `src/${folder} may import only ${allowed.length ? allowed.join(', ') : 'nothing else of src/'} (the layer map in eslint.config.js); ${layer} is above it or beside it.`,
  }));
  const runtimeFree = folder === 'shared' || folder === 'core';
  if (runtimeFree) {
    patterns.push({ group: nodeBuiltins, message: `src/${folder} is runtime-free: no Node built-ins (they belong in a layer above).` });
    patterns.push({ regex: '^(?!zod$|\\.)', message: `src/${folder} is runtime-free: it may use zod and nothing else from node_modules.` });
  }
  return {
    files: [`src/${folder}/**/*.ts`],
    rules: {
      'no-restricted-imports': ['error', { paths: folder === 'electron' ? [] : [electronBan], patterns }],
    },
  };
}

/*
 * SQL only in src/store, matched two ways, each chosen so that it cannot flag unrelated code:
 * - a call of prepare/exec/pragma/transaction on the store or its connection. The receiver must be
 *   named store, db or database (or be a property so named: store.db.pragma, this.db.exec), which is
 *   what every Store and better-sqlite3 handle in src/ is called, so RegExp#exec (on a regex literal
 *   or a variable holding one) is not matched. store.tx stays allowed: it groups named repository
 *   calls into one unit (review approval, an export's record) without any SQL of its own.
 * - a string or template literal that starts like an SQL statement, in capitals as Cairn writes SQL
 *   (SELECT ..., INSERT INTO, UPDATE x SET, DELETE FROM, PRAGMA, ...): this catches SQL kept in a
 *   constant or passed to a handle by another name. Case-sensitive, and a verb alone ('DELETE' as an
 *   HTTP method) does not match, so prose and messages pass.
 */
const SQL_CALLEES = '/^(prepare|exec|pragma|transaction)$/';
const SQL_RECEIVERS = '/^(store|db|database)$/';
const SQL_TEXT = '/^\\s*(SELECT\\s|INSERT\\s+(OR\\s+\\w+\\s+)?INTO\\s|UPDATE\\s+\\w+\\s+SET\\s|DELETE\\s+FROM\\s|REPLACE\\s+INTO\\s|PRAGMA\\s|VACUUM\\b|(CREATE|DROP|ALTER)\\s+(TABLE|INDEX|UNIQUE|TRIGGER|VIEW)\\s|WITH\\s+\\w+\\s+AS\\s)/';
const sqlMessage = 'SQL lives only in src/store: add a named function to a repository there (session-repo, findings-repo, redaction-repo, ...) and call it.';
const sqlOnlyInStore = {
  files: ['src/**/*.ts'],
  ignores: ['src/store/**', 'src/server/migrations/**', 'src/server/**/*-repo.ts'],
  rules: {
    'no-restricted-syntax': [
      'error',
      { selector: `CallExpression[callee.property.name=${SQL_CALLEES}][callee.object.name=${SQL_RECEIVERS}]`, message: sqlMessage },
      { selector: `CallExpression[callee.property.name=${SQL_CALLEES}][callee.object.property.name=${SQL_RECEIVERS}]`, message: sqlMessage },
      { selector: `Literal[value=${SQL_TEXT}]`, message: sqlMessage },
      { selector: `TemplateElement[value.raw=${SQL_TEXT}]`, message: sqlMessage },
    ],
  },
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'test-output/**', 'bench-output/**', 'native/**/build/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  ...Object.entries(LAYERS).map(([folder, allowed]) => layerRule(folder, allowed)),
  sqlOnlyInStore,
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer talks to the API contract only.' }],
          patterns: [
            { group: nodeBuiltins, message: 'The renderer never imports Node; use the API contract.' },
            { regex: '^(\\.\\./)+src/(?!shared/)', message: 'The renderer imports only src/shared (the contract and runtime-free facts); ask the API for the rest.' },
          ],
        },
      ],
    },
  },
);
