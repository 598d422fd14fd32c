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

// Appends one event (hook thread). Past EQ_MAX_EVENTS waiting the event is dropped and counted:
// JavaScript has stopped taking them, and memory must not grow without end. Returns 1 when
// JavaScript must be woken for it: the queue was armed (after eq_reset, or a take that found
// nothing and armed it), and is not any more.
int eq_push(const double event[EQ_FIELDS]);

// Everything queued, as a malloc'd array of count * EQ_FIELDS doubles (NULL when empty), and how
// many events were dropped since the last take. With `arm_if_empty`, a take that finds nothing arms
// the queue: the next event pushed wakes JavaScript again.
double *eq_take(size_t *count, uint64_t *dropped, int arm_if_empty);

#endif
