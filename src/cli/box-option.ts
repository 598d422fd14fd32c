// `--box FRAME:X,Y,W,H`, the one way a box on a frame is written on the command line (`cairn
// redact` on this machine, `cairn remote redact` on the team service).
import { CliError } from './cli-error.ts';

export interface BoxOption {
  frame: number;
  box: { x: number; y: number; width: number; height: number };
}

export function parseBoxOption(text: string): BoxOption {
  const match = /^(\d+):(\d+),(\d+),(\d+),(\d+)$/.exec(text);
  if (!match) throw new CliError(`--box must be FRAME:X,Y,W,H in whole pixels (e.g. 3:10,20,300,40), not "${text}".`, 2);
  const [frame, x, y, width, height] = match.slice(1).map(Number) as [number, number, number, number, number];
  if (frame < 1 || width < 1 || height < 1) throw new CliError('--box needs a frame number from 1 and a width and height of at least 1 pixel.', 2);
  return { frame, box: { x, y, width, height } };
}
