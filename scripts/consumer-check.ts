// Prints, for each consumer of Cairn's exports, how many exported actions of a recording fail that
// consumer's own rules (tests/helpers/consumers/), and which steps a format refused and why.
// Run: node --import tsx scripts/consumer-check.ts [fixture.json] [--verbose]
// (default fixture: fixtures/sessions/consumer-demo.json, a real recording; needs python3)
import { join } from 'node:path';
import { checkExportFolder } from '../tests/helpers/consumers/check-export.ts';
import type { Consumer } from '../tests/helpers/consumers/check-export.ts';
import { CONSUMER_FOLDERS, DEMO_FIXTURE, loadFixtureSession, writeConsumerFormats } from '../tests/helpers/consumers/demo-session.ts';

const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const fixture = args.find((a) => !a.startsWith('--')) ?? DEMO_FIXTURE;
const { session, actions } = loadFixtureSession(fixture);
const dir = await writeConsumerFormats(session, actions);
console.log(`${String(fixture).split('/').pop()}: ${actions.length} steps, exported to ${dir}`);
for (const consumer of Object.keys(CONSUMER_FOLDERS) as Consumer[]) {
  for (const r of checkExportFolder(join(dir, CONSUMER_FOLDERS[consumer])).filter((c) => c.consumer === consumer)) {
    const misread = r.evalMisreadWrites ? `; ${r.evalMisreadWrites} write(s) AgentNetBench's evaluation regex reads otherwise` : '';
    console.log(`${r.consumer.padEnd(9)} ${r.file.padEnd(28)} ${String(r.actions).padStart(3)} actions, ${String(r.failed.length).padStart(2)} failed, ${r.refused.length} step(s) refused${misread}`);
    if (!verbose) continue;
    for (const f of r.failed) console.log(`    step ${f.step} ${JSON.stringify(f.action)}\n      ${f.problems.join('\n      ')}`);
    for (const x of r.refused) console.log(`    step ${x.step} refused: ${x.reason}`);
  }
}
