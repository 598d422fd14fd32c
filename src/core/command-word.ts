// Which command a `cairn` command line runs, read before commander parses it: the CLI loads that
// command's module alone (src/cli/main.ts), and a recording command restarts itself lean first
// (lean-process.ts), which must happen before anything else is loaded.

/** The first word of CLI arguments `args` (without node and the script) that is neither an option
 *  nor --data-dir's value, or undefined when there is none. */
export function commandWord(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--data-dir') i++;
    else if (!args[i]!.startsWith('-')) return args[i];
  }
  return undefined;
}
