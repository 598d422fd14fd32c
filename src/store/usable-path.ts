// The one check of every path Cairn is given (data folder, export folder, backup and bundle files,
// a bundle to import): refused in one sentence, at once, when it cannot be used, before anything is
// created on it. It walks up to the nearest part of the path that exists, refuses a system
// pseudo-filesystem there (procfs, sysfs, /dev: Node's recursive mkdir loops forever on procfs, which
// answers ENOENT for a folder whose parent exists), a file where a folder is needed, and a place this
// user cannot write. Folders are then made one level at a time by makePrivateDir (private-files.ts).
import fs from 'node:fs';
import path from 'node:path';
import { DomainError } from '../core/domain-error.ts';

export type PathKind =
  /** A folder Cairn writes in; created (with its missing parents) if missing. */
  | 'folder'
  /** A file Cairn creates; its folder is created if missing. */
  | 'new-file'
  /** An existing regular file Cairn reads. */
  | 'file';

export interface PathUse {
  /** What the path is for, as the sentence names it: "data folder", "export folder", "backup file". */
  what: string;
  kind: PathKind;
}

/** statfs(2) magic numbers of Linux filesystems that hold no files of a person's own. */
const PSEUDO_FILESYSTEMS = new Map<number, string>([
  [0x9fa0, 'procfs'],
  [0x62656572, 'sysfs'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0x27e0eb, 'cgroupfs'],
  [0x63677270, 'cgroup2fs'],
  [0x1cd1, 'devpts'],
  [0xcafe4a11, 'bpffs'],
  [0x6165676c, 'pstore'],
  [0x62656570, 'configfs'],
  [0xde5e81e4, 'efivarfs'],
  [0x65735543, 'fusectl'],
  [0x19800202, 'mqueue'],
  [0x42494e4d, 'binfmt_misc'],
  [0x6e736673, 'nsfs'],
  [0xf97cff8c, 'selinuxfs'],
  [0x958458f6, 'hugetlbfs'],
]);

/** Devices live here on every POSIX system; Linux's devtmpfs reports itself as plain tmpfs. */
const DEVICE_FOLDER = '/dev';

/** Checks `given` for `use` and returns it resolved; throws a DomainError ('refused') saying what is
 *  wrong with it and what to do. Quick: a few stat calls, no creation. */
export function assertUsablePath(given: string, use: PathUse): string {
  const shown = showPath(given);
  const refuse = (why: string, fix = `choose another ${use.what}`) => new DomainError('refused', `The ${use.what} ${shown} ${why}; ${fix}.`);
  // fs throws a TypeError (a "bug") on a NUL byte; no real name holds one.
  if (given.includes('\0')) throw refuse('holds a NUL character, which no file name may contain');
  const full = path.resolve(given);
  const nearest = nearestExisting(full, refuse);
  const real = fs.realpathSync(nearest);
  const pseudo = pseudoFilesystem(real);
  if (pseudo) throw refuse(`is ${pseudo}, which cannot hold Cairn's files`, `choose a ${use.kind === 'folder' ? 'folder' : 'file'} on a disk`);

  const stat = fs.statSync(nearest);
  if (nearest === full) {
    if (use.kind === 'folder' && !stat.isDirectory()) throw refuse('is a file, not a folder', 'give a folder (new or existing)');
    if (use.kind === 'new-file' && stat.isDirectory()) throw refuse('is a folder, not a file name', 'give the name of a new file');
    if (use.kind === 'file') {
      // A FIFO or a device would block or stream forever; only a plain file has an end.
      if (!stat.isFile()) throw refuse('is not a regular file', 'give the path of a file');
      if (!allowed(full, fs.constants.R_OK)) throw refuse('cannot be read by this user', 'check its permissions');
      return full;
    }
  } else if (use.kind === 'file') {
    throw refuse('does not exist', 'check the path');
  } else if (!stat.isDirectory()) {
    throw refuse(`cannot be made: ${showPath(nearest)} is a file, not a folder`);
  }
  // The folder written in: the path itself, or the existing ancestor its missing folders go into.
  const folder = use.kind === 'new-file' && nearest === full ? path.dirname(full) : nearest;
  if (!allowed(folder, fs.constants.W_OK | fs.constants.X_OK)) {
    throw refuse(`cannot be written: ${showPath(folder)} is read-only or not writable by this user`, 'check its permissions or choose another');
  }
  return full;
}

/** A path as a sentence shows it: JSON-quoted (a hostile one may hold newlines) and cut short. */
export function showPath(p: string): string {
  return JSON.stringify(p.length > 200 ? `${p.slice(0, 200)}…` : p);
}

function nearestExisting(full: string, refuse: (why: string, fix?: string) => Error): string {
  let p = full;
  for (;;) {
    try {
      if (fs.statSync(p, { throwIfNoEntry: false })) return p;
      if (fs.lstatSync(p, { throwIfNoEntry: false })?.isSymbolicLink()) throw refuse(`leads through ${showPath(p)}, a symbolic link to nothing`);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // ENOTDIR: a file sits where a folder of the path should be; walking up finds it.
      if (code !== 'ENOTDIR') throw error instanceof DomainError ? error : refuse(`cannot be reached (${code ?? 'error'})`, 'check the folders on its way and their permissions');
    }
    const parent = path.dirname(p);
    if (parent === p) throw refuse('has no existing folder on its way');
    p = parent;
  }
}

function pseudoFilesystem(real: string): string | null {
  if (process.platform !== 'win32' && (real === DEVICE_FOLDER || real.startsWith(`${DEVICE_FOLDER}/`))) return 'in /dev, the system\'s device folder';
  if (process.platform !== 'linux') return null;
  try {
    const name = PSEUDO_FILESYSTEMS.get(fs.statfsSync(real).type >>> 0);
    return name ? `on ${name}, a system pseudo-filesystem` : null;
  } catch {
    return null;
  }
}

function allowed(p: string, mode: number): boolean {
  try {
    fs.accessSync(p, mode);
    return true;
  } catch {
    return false;
  }
}
