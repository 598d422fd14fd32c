// Types of stale-build.js for the TypeScript that imports it (scripts/start.ts, tests).
/** Why the `node` build in `root` is missing or older than its sources, or null when it can run. */
export declare function staleBuild(root: string): string | null;
