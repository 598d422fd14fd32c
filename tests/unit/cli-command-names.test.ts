// The CLI loads only the module of the command it runs (src/cli/main.ts), by a table of the top-level
// words each module registers: the table must say exactly what each module registers, or a command
// would be missing (or loaded for nothing) when it runs alone.
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMANDS, commandModulesFor } from '../../src/cli/main.ts';

describe('the CLI command table', () => {
  it('names, for each module, exactly the top-level commands it registers, each word once', async () => {
    const seen: string[] = [];
    for (const module of COMMANDS) {
      const program = new Command('cairn');
      (await module.load())(program, () => ({ dataDir: '/nonexistent' }) as never, {});
      const registered = program.commands.flatMap((c) => [c.name(), ...c.aliases()]);
      expect(registered).toEqual(module.names);
      seen.push(...registered);
    }
    expect(new Set(seen).size).toBe(seen.length);
  }, 30_000);

  it('loads the module of the first word past the global option, and all of them for help or an unknown word', () => {
    const sessions = COMMANDS.find((m) => m.names.includes('show'))!;
    expect(commandModulesFor(['show', 'abc'])).toEqual([sessions]);
    expect(commandModulesFor(['--data-dir', 'record', 'show'])).toEqual([sessions]);
    expect(commandModulesFor(['--data-dir', '/d', 'record', '--duration', '5'])).toEqual([COMMANDS.find((m) => m.names.includes('record'))]);
    expect(commandModulesFor(['sessions', '--help'])).toEqual([sessions]);
    expect(commandModulesFor([])).toBe(COMMANDS);
    expect(commandModulesFor(['--help'])).toBe(COMMANDS);
    expect(commandModulesFor(['help', 'sessions'])).toBe(COMMANDS);
    expect(commandModulesFor(['sesions'])).toBe(COMMANDS);
  });
});
