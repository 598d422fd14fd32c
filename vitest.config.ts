import { defineConfig } from 'vitest/config';

// Unit and store tests run in the processes the pool already has, one file after another, without a
// fresh module graph per file (isolate: false): they share nothing but pure modules, and a fresh
// process per file cost more than the tests (85 files: 55 -> 24 s, 102 -> 40 s of CPU on 2 cores).
// Every other file starts real processes, displays and browsers, and keeps a fresh worker of its own.
const SHARED_WORKER_DIRS = ['tests/unit', 'tests/store', 'tests/renderer'];

export default defineConfig({
  test: {
    globalSetup: ['tests/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Xvfb tests start their own display per file; two cores, so keep the pool small.
    maxWorkers: 2,
    reporters: ['default'],
    projects: [
      { extends: true, test: { name: 'pure', include: SHARED_WORKER_DIRS.map((dir) => `${dir}/**/*.test.ts`), isolate: false } },
      { extends: true, test: { name: 'real', include: ['tests/**/*.test.ts'], exclude: SHARED_WORKER_DIRS.map((dir) => `${dir}/**`) } },
    ],
  },
});
