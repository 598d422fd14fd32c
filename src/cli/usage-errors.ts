// Commander's own complaints (an unknown command or option, a missing argument, a value outside the
// choices) said as Cairn says every error: one sentence on stderr prefixed `cairn:`, pointing at the
// command's --help. report() in main.ts then exits 2, the README's code for usage.
import type { Command } from 'commander';

/** Applies to `program` and every command below it, so none exits on its own or speaks otherwise. */
export function speakUsageAsCairn(program: Command): void {
  for (const command of [program, ...descendants(program)]) {
    command.exitOverride();
    command.configureOutput({ outputError: (message, write) => write(`cairn: ${usageSentence(message, commandPath(command))}\n`) });
  }
}

/** "error: unknown command 'x'\n(Did you mean y?)" -> "Unknown command 'x' (did you mean y?); run `cairn --help` for usage." */
export function usageSentence(message: string, path: string): string {
  let text = message.trim().replace(/^error:\s*/i, '');
  const suggestion = /\n\s*\((Did you mean [^)]*)\)\s*$/.exec(text);
  if (suggestion) text = `${text.slice(0, suggestion.index)} (${lowerFirst(suggestion[1]!)})`;
  text = text
    .replace(/\s*\n\s*/g, ' ')
    // Commander writes some as two sentences ("… is invalid. Allowed choices are …").
    .replace(/\.\s+(\S)/g, (_, next: string) => `; ${lowerFirst(next)}`)
    .replace(/\.$/, '');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}; run \`${path} --help\` for usage.`;
}

function descendants(command: Command): Command[] {
  return command.commands.flatMap((sub) => [sub, ...descendants(sub)]);
}

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

const lowerFirst = (s: string) => `${s.charAt(0).toLowerCase()}${s.slice(1)}`;
