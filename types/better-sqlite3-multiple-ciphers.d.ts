// better-sqlite3-multiple-ciphers ships typings its package.json "exports" does not expose, so
// TypeScript cannot find them. Its API is better-sqlite3's (encryption is driven by pragmas), so
// the DefinitelyTyped typings of better-sqlite3 describe it.
declare module 'better-sqlite3-multiple-ciphers' {
  import Database from 'better-sqlite3';
  export default Database;
}
