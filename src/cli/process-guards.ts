// What the `cairn` process does whatever the command: output into a closed pipe
// (`cairn sessions | head -1`) is dropped quietly and the command finishes as it would have (exit 0
// on success, no EPIPE stack trace), and an error nothing caught is still one sentence, exit 70.
import { EXIT_CODE } from '../shared/api-error-codec.ts';
import { inertText } from '../shared/inert-text.ts';

export function guardProcess(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      // The reader went away: nothing more can reach it, and nothing is wrong with the command.
      if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
      throw error;
    });
  }
  const unexpected = (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    if (!process.stderr.destroyed) process.stderr.write(`cairn: ${inertText(`Unexpected error: ${message}. This is a bug in Cairn; please report it with the command you ran.`)}\n`);
    process.exit(EXIT_CODE.bug);
  };
  process.on('uncaughtException', unexpected);
  process.on('unhandledRejection', unexpected);
}

/** Writes `text` unless the stream's reader has gone (a write to a closed pipe would raise again). */
export function writeIfOpen(stream: NodeJS.WriteStream, text: string): void {
  if (!stream.destroyed && stream.writable) stream.write(text);
}
