// The queue between the hook's thread and JavaScript: input events packed as doubles, appended by
// the hook thread, taken whole by the JS thread. One queue per process (libuiohook's hook is one
// per process too).
#ifndef EVENT_QUEUE_H
#define EVENT_QUEUE_H

#include <stddef.h>
#include <stdint.h>

// One event is EQ_FIELDS doubles:
//   [0] kind (EQ_*), [1] time (the hook's clock: the X server's, ms), [2] modifiers (EQ_MOD_* bits),
//   [3] keycode or x, [4] y, [5] button or wheel rotation, [6] clicks, [7] when the hook thread
//   heard it (CLOCK_MONOTONIC, ms)
#define EQ_FIELDS 8
enum { EQ_KEY_DOWN = 1, EQ_KEY_UP, EQ_MOUSE_DOWN, EQ_MOUSE_UP, EQ_MOUSE_MOVE, EQ_WHEEL_VERTICAL, EQ_WHEEL_HORIZONTAL };
enum { EQ_MOD_SHIFT = 1, EQ_MOD_CTRL = 2, EQ_MOD_ALT = 4, EQ_MOD_META = 8 };

// CLOCK_MONOTONIC in ms: the clock libuv's uv_hrtime, and so performance.now(), counts on.
double eq_now_ms(void);

// Empties the queue and forgets a stop: a new hook starts from nothing.
void eq_reset(void);

// Thins mouse moves from here on exactly as src/core/move-sampler.ts does in the recorder
// (`spacing_ms` is its MIN_MOVE_INTERVAL_MS; 0 stops it, as while the recorder is paused, when its
// sampler passes every move to the gate). At a sweeping pointer's ~400 moves a second JavaScript
// decoded and judged every move (most of the recorder's per-event work) only for its sampler to
// thin six in seven. Here a move sooner than spacing_ms after the last one passed on is held back,
// and replaced (thinned) by the next move; the held move goes on before any other event, when a
// take asks for it (JavaScript's drain: the recorder's rest, pause and stop, where its sampler
// passes on the move it holds), and when thinning stops. Then it counts as passed on here, and the
// recorder's sampler, which gets it, holds it and passes it on in the same breath: both keep the
// same last move, so the sampler passes on every move it gets, and together they keep exactly the
// moves it would have kept alone (tests/xvfb/input-move-thinning.test.ts).
void eq_thin_moves(double spacing_ms);

// Appends one event (hook thread). Past EQ_MAX_EVENTS waiting the event is dropped and counted:
// JavaScript has stopped taking them, and memory must not grow without end. Returns 1 when
// JavaScript must be woken for it: the queue was armed (after eq_reset, or a take that found
// nothing and armed it), and is not any more.
int eq_push(const double event[EQ_FIELDS]);

// Everything queued, as a malloc'd array of count * EQ_FIELDS doubles (NULL when empty), how many
// events were dropped and how many moves thinned since the last take. With `with_held`, a move held
// back goes too (last). With `arm_if_empty`, a take that finds nothing arms the queue: the next event
// pushed wakes JavaScript again.
double *eq_take(size_t *count, uint64_t *dropped, uint64_t *thinned, int with_held, int arm_if_empty);

#endif
