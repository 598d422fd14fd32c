// The one check of every path Cairn is given, on real paths: pseudo-filesystems, /dev, a file on
// the way, a dangling symbolic link, a FIFO, a missing file to read are refused in one sentence
// before anything is made; good paths are accepted and makePrivateDir makes them one level at a time.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/core/domain-error.ts';
import { makePrivateDir } from '../../src/store/private-files.ts';
import { assertUsablePath, type PathUse } from '../../src/store/usable-path.ts';

const folder: PathUse = { what: 'export folder', kind: 'folder' };
const newFile: PathUse = { what: 'backup file', kind: 'new-file' };
const file: PathUse = { what: 'bundle', kind: 'file' };

function refusal(given: string, use: PathUse): string {
  try {
    assertUsablePath(given, use);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).apiCode).toBe('refused');
    return (error as DomainError).message;
  }
  throw new Error(`${given} was accepted`);
}

describe('assertUsablePath', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-usable-'));
  writeFileSync(join(dir, 'plain'), 'x');
  symlinkSync(join(dir, 'nowhere'), join(dir, 'dangling'));
  spawnSync('mkfifo', [join(dir, 'fifo')]);

  it.runIf(process.platform === 'linux')('refuses procfs, sysfs and /dev, however deep the missing part', () => {
    expect(refusal('/proc/nope/a/b', folder)).toBe('The export folder "/proc/nope/a/b" is on procfs, a system pseudo-filesystem, which cannot hold Cairn\'s files; choose a folder on a disk.');
    expect(refusal('/sys/kernel/x', newFile)).toMatch(/^The backup file "\/sys\/kernel\/x" is on sysfs, .*; choose a file on a disk\.$/);
    expect(refusal('/dev/shm/x', folder)).toMatch(/is in \/dev, the system's device folder/);
    expect(refusal('/proc/self/status', file)).toMatch(/is on procfs/);
  });

  it('refuses a file where a folder is needed, on the way or at the end', () => {
    expect(refusal(join(dir, 'plain'), folder)).toMatch(/is a file, not a folder; give a folder/);
    expect(refusal(join(dir, 'plain', 'sub', 'x'), folder)).toBe(`The export folder "${join(dir, 'plain', 'sub', 'x')}" cannot be made: "${join(dir, 'plain')}" is a file, not a folder; choose another export folder.`);
    expect(refusal(dir, newFile)).toMatch(/is a folder, not a file name/);
  });

  it('refuses a dangling symbolic link, a FIFO, a missing file to read, and a NUL byte', () => {
    expect(refusal(join(dir, 'dangling', 'x'), folder)).toMatch(/leads through ".*dangling", a symbolic link to nothing/);
    expect(refusal(join(dir, 'fifo'), file)).toMatch(/is not a regular file/);
    expect(refusal(join(dir, 'missing.cairn'), file)).toMatch(/does not exist; check the path\.$/);
    expect(refusal(`${dir}/a\0b`, folder)).toMatch(/holds a NUL character/);
  });

  it('accepts a new folder, which makePrivateDir then makes one level at a time, each 0700', () => {
    const target = join(dir, 'a', 'b', 'c');
    expect(assertUsablePath(target, folder)).toBe(target);
    expect(existsSync(join(dir, 'a'))).toBe(false);
    makePrivateDir(target);
    for (const made of [join(dir, 'a'), join(dir, 'a', 'b'), target]) expect(statSync(made).mode & 0o777).toBe(0o700);
    makePrivateDir(target);
    expect(assertUsablePath(join(dir, 'plain'), file)).toBe(join(dir, 'plain'));
  });
});
