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

// Empties the queue and forgets a stop: a new hook starts from nothing. -1 when the rest's timer
// cannot be made (no timerfd).
int eq_reset(void);

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
// JavaScript has stopped taking them, and memory must not grow without end. Returns EQ_DUE_FIRST
// when JavaScript must be woken for it because the queue was armed (after eq_reset, or a take that
// armed it), EQ_DUE_BATCH when a batch fell due with it (eq_pace), 0 otherwise.
int eq_push(const double event[EQ_FIELDS]);

// How JavaScript is woken while input comes: once the oldest event waiting has waited `buttons_ms`
// when a button or wheel event waits (the element acted on is looked up when a click is handed over,
// so clicks are not held long), `keys_ms` when a key waits, `moves_ms` when only mouse moves wait
// (most of a sweeping pointer's batches: fewer, larger ones wake JavaScript less often), and as soon
// as nothing has been heard for `rest_ms`: input paused, which is when a step is likely and the
// observation grabber grabs (src/recorder/observation-grabber.ts). Batches fall due as events are
// pushed (eq_push, on the hook's thread: while input streams, an event comes every few ms), and a
// batch that falls due as input stops is taken at the rest; the rest is timed by the pacer's thread
// (eq_wait_due), by when the hook heard the last event (moves thinned away included), not by when
// batches were handed over: so it is told the same whatever the batch lengths.
typedef struct {
  double buttons_ms, keys_ms, moves_ms, rest_ms;
} eq_pace;

void eq_set_pace(const eq_pace *pace);

// Why JavaScript is to be woken (eq_push, eq_wait_due).
enum { EQ_DUE_FIRST = 1, EQ_DUE_BATCH, EQ_DUE_REST, EQ_DUE_QUIT };

// On the pacer's thread: blocks until input, after an event woke JavaScript (the queue is not
// armed), has been quiet for rest_ms: EQ_DUE_REST; EQ_DUE_QUIT after eq_quit_pacing. One wake at a
// time is on its way to JavaScript: none is answered until JavaScript took with EQ_TOLD. It waits
// on a timer that the hook's thread keeps moving on while input comes (eq_push), so it does not
// wake then.
int eq_wait_due(void);

// Makes eq_wait_due answer EQ_DUE_QUIT (the hook stops).
void eq_quit_pacing(void);

// What a take does besides handing over what waits.
enum {
  // A move held back by the thinning goes too (last).
  EQ_WITH_HELD = 1,
  // A take that finds nothing arms the queue: the next event pushed wakes JavaScript again.
  EQ_ARM_IF_EMPTY = 2,
  // A take after nothing was heard for rest_ms arms the queue, whatever it finds (what it finds was
  // heard before the rest).
  EQ_ARM_IF_RESTED = 4,
  // It answers the pacer's wake: the pacer times the next one from here.
  EQ_TOLD = 8,
};

// Everything queued, as a malloc'd array of count * EQ_FIELDS doubles (NULL when empty), how many
// events were dropped and how many moves thinned since the last take. `rested_at` is, for a take
// that EQ_ARM_IF_RESTED armed, when the last event was heard (CLOCK_MONOTONIC ms), otherwise NAN.
double *eq_take(size_t *count, uint64_t *dropped, uint64_t *thinned, int flags, double *rested_at);

#endif
