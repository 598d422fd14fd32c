// Human-like input for the observation tests and benchmark, through xdotool: the pointer glides to
// its target in small moves, rests a moment, then presses for a human's ~110 ms (or turns the wheel
// one notch). Each gesture is one xdotool process, so its timing is xdotool's, not Node's.
import { LAYOUT, SQUARE_COLOURS, isColour } from './observation-page.ts';
import { screenPixels } from './stored-frames.ts';
import { sleep } from './typing.ts';
import { xdotool } from './xvfb.ts';

export interface Point {
  x: number;
  y: number;
}

/** Where the observation page's top-left is on screen, found by its square's first colour. */
export async function pageOrigin(env: NodeJS.ProcessEnv, windowId: string): Promise<Point> {
  await xdotool(env, 'windowactivate', '--sync', windowId);
  const first = isColour(SQUARE_COLOURS[0]!, 8);
  for (let attempt = 0; attempt < 100; attempt++) {
    const screen = await screenPixels(env);
    let [left, top] = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY];
    let n = 0;
    for (let i = 0; i < screen.data.length; i += screen.channels) {
      if (!first(screen.data[i]!, screen.data[i + 1]!, screen.data[i + 2]!)) continue;
      const p = i / screen.channels;
      left = Math.min(left, p % screen.width);
      top = Math.min(top, Math.floor(p / screen.width));
      n++;
    }
    if (n > LAYOUT.square.width * LAYOUT.square.height * 0.9) return { x: left - LAYOUT.square.x, y: top - LAYOUT.square.y };
    await sleep(200);
  }
  throw new Error('the observation page did not show its square within 20 s');
}

/** xdotool commands that glide the pointer from `from` to `to` over ~`ms`, then rest `restMs`. */
function glide(from: Point | undefined, to: Point, ms = 240, restMs = 150): string[] {
  const start = from ?? { x: to.x - 60, y: to.y + 40 };
  const moves = 12;
  const out: string[] = [];
  for (let i = 1; i <= moves; i++) {
    const x = Math.round(start.x + ((to.x - start.x) * i) / moves);
    const y = Math.round(start.y + ((to.y - start.y) * i) / moves);
    out.push('mousemove', String(x), String(y), 'sleep', String(ms / moves / 1000));
  }
  out.push('sleep', String(restMs / 1000));
  return out;
}

/** Glides to `at` and rests there: input, but no step. */
export async function glideTo(env: NodeJS.ProcessEnv, at: Point, from?: Point): Promise<void> {
  await xdotool(env, ...glide(from, at));
}

/** Glides to `at`, rests `restMs`, then presses the left button for `holdMs` and releases it. */
export async function pressAt(env: NodeJS.ProcessEnv, at: Point, holdMs = 110, from?: Point, restMs?: number): Promise<void> {
  await xdotool(env, ...glide(from, at, undefined, restMs), 'mousedown', '1', 'sleep', String(holdMs / 1000), 'mouseup', '1');
}

/** Glides to `at`, rests `restMs`, then turns the wheel one notch. */
export async function wheelAt(env: NodeJS.ProcessEnv, at: Point, direction: 'up' | 'down', from?: Point, restMs?: number): Promise<void> {
  await xdotool(env, ...glide(from, at, undefined, restMs), 'click', direction === 'down' ? '5' : '4');
}
