// The binary search both timelines of a recording ask: which entry of a list sorted by time was in
// force at a moment (the focus segment at an event, the frame on screen at a step).

/** Index of the last item whose time is at or before `time` in `sorted` (ascending by `timeOf`); -1 when none is. */
export function lastAtOrBefore<T>(sorted: readonly T[], time: number, timeOf: (item: T) => number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (timeOf(sorted[mid]!) <= time) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}
