// The N-API face of the batched input hook (src/capture/x11/batched-input-source.ts is its
// TypeScript side):
//   start(onWake: (batch: Float64Array | null, restedAt?: number) => void, moveSpacingMs?: number,
//         pace?: { buttonsMs, keysMs, movesMs, restMs }): void
//                        hooks input, thinning mouse moves closer than moveSpacingMs as
//                        event_queue.h says (none without); throws one sentence when the hook
//                        cannot start. onWake is called with what waits when input comes after a
//                        quiet spell, then each time a batch is due (buttonsMs after the oldest
//                        event waiting when a button or wheel event waits, keysMs when a key
//                        does, movesMs when only moves do: eq_pace), and once input paused
//                        (nothing heard for restMs): then with
//                        restedAt, when the last event was heard (CLOCK_MONOTONIC ms), and the
//                        next event wakes it again as after any quiet spell
//   thinMoves(spacingMs): void
//                        thins moves from here on with that spacing (0: not at all)
//   inject(events: Float64Array): void
//                        queues packed events as the hook's thread would (tests of the queue; the
//                        hook need not run, and nothing wakes JavaScript for them)
//   poll(): Float64Array | null
//                        what waits, or null when nothing does: then the next event wakes JavaScript
//                        (tests of the queue, which take batches when they choose)
//   take(): Float64Array everything heard and not yet handed over, at once, a move held back by the
//                        thinning included (for the recorder's rest, a pause, a resume, the stop: so
//                        that no event crosses such a moment in a batch)
//   stop(connectionLost: () => boolean): boolean
//                        withdraws the hook: true once it and its thread ended; false when it was
//                        only forgotten, because the X connection was lost (asked before and while
//                        the stop waits) or the server did not answer within STOP_TIMEOUT_MS
// A batch is [now (CLOCK_MONOTONIC ms), events dropped since the last batch, moves thinned since
// the last batch, ...events] with each event as event_queue.h packs it. uiohook-napi makes an
// object and a call into JavaScript for every event (hundreds a second while the pointer sweeps);
// here JavaScript is called once per batch, with one array. The batches are timed by the pacer's
// thread (batch_pacer.c), not by a JavaScript timer: see there.
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <node_api.h>
#include <uiohook.h>

#include "batch_pacer.h"
#include "event_queue.h"
#include "hook_thread.h"

// [now, dropped, thinned] before the events.
#define BATCH_HEADER 3

static napi_threadsafe_function on_wake;
static int running;

static napi_value throw_error(napi_env env, const char *message) {
  napi_throw_error(env, NULL, message);
  return NULL;
}

/** The batch as a Float64Array (header included), taken with eq_take's `flags`. With EQ_WITH_HELD
 *  (JavaScript's drain) it answers even when empty; otherwise NULL when nothing was heard, dropped
 *  or thinned. `rested_at` as eq_take says. */
static napi_value take_batch(napi_env env, int flags, double *rested_at) {
  size_t count;
  uint64_t dropped, thinned;
  double *events = eq_take(&count, &dropped, &thinned, flags, rested_at);
  if (!events && !dropped && !thinned && !(flags & EQ_WITH_HELD)) return NULL;
  size_t length = BATCH_HEADER + count * EQ_FIELDS;
  void *data;
  napi_value buffer, array;
  napi_status status = napi_create_arraybuffer(env, length * sizeof(double), &data, &buffer);
  if (status == napi_ok) {
    double *out = data;
    out[0] = eq_now_ms();
    out[1] = (double)dropped;
    out[2] = (double)thinned;
    if (count) memcpy(out + BATCH_HEADER, events, count * EQ_FIELDS * sizeof(double));
    status = napi_create_typedarray(env, napi_float64_array, length, buffer, 0, &array);
  }
  free(events);
  return status == napi_ok ? array : NULL;
}

// On the JS thread: hands over what waits (null if a drain got there first), and at a rest when the
// last event was heard. A rest that input ended before JavaScript came to take is only a batch.
static void call_js(napi_env env, napi_value callback, void *context, void *data) {
  (void)context;
  int woken_by = (int)(intptr_t)data;
  if (!env || !callback) return;
  int flags = woken_by == EQ_DUE_REST ? EQ_TOLD | EQ_ARM_IF_RESTED : EQ_TOLD;
  double rested_at;
  napi_value argv[2];
  argv[0] = take_batch(env, flags, &rested_at);
  if (!argv[0]) napi_get_null(env, &argv[0]);
  if (rested_at == rested_at) napi_create_double(env, rested_at, &argv[1]);
  else napi_get_undefined(env, &argv[1]);
  napi_value global;
  napi_get_global(env, &global);
  napi_call_function(env, global, callback, 2, argv, NULL);
}

// On the hook's thread (the first event after a quiet spell, a batch due) and the pacer's (a rest).
static void wake_due(int due) {
  napi_call_threadsafe_function(on_wake, (void *)(intptr_t)due, napi_tsfn_nonblocking);
}

static void release_wake(void) {
  napi_release_threadsafe_function(on_wake, napi_tsfn_release);
  on_wake = NULL;
  running = 0;
}

// One of start's pace lengths (ms), or `fallback` where the object does not give it.
static int pace_length(napi_env env, napi_value pace, const char *name, double fallback, double *out) {
  *out = fallback;
  bool has = false;
  if (napi_has_named_property(env, pace, name, &has) != napi_ok || !has) return 1;
  napi_value value;
  napi_get_named_property(env, pace, name, &value);
  return napi_get_value_double(env, value, out) == napi_ok && *out >= 0;
}

static napi_value start(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (running) return throw_error(env, "the input hook is already started");
  napi_valuetype type;
  if (argc < 1 || napi_typeof(env, argv[0], &type) != napi_ok || type != napi_function) return throw_error(env, "start needs a wake callback");
  double thin_ms = 0;
  if (argc >= 2 && napi_get_value_double(env, argv[1], &thin_ms) != napi_ok) return throw_error(env, "start's move spacing must be a number of ms");
  // Without a pace: a batch every 50 ms, and a rest after 90 ms without input.
  eq_pace pace = { 50, 50, 50, 90 };
  if (argc >= 3) {
    if (napi_typeof(env, argv[2], &type) != napi_ok || type != napi_object) return throw_error(env, "start's pace must be an object of buttonsMs, keysMs, movesMs and restMs");
    if (!pace_length(env, argv[2], "buttonsMs", pace.buttons_ms, &pace.buttons_ms) || !pace_length(env, argv[2], "keysMs", pace.keys_ms, &pace.keys_ms) ||
        !pace_length(env, argv[2], "movesMs", pace.moves_ms, &pace.moves_ms) || !pace_length(env, argv[2], "restMs", pace.rest_ms, &pace.rest_ms))
      return throw_error(env, "start's buttonsMs, keysMs, movesMs and restMs must be numbers of ms, 0 or more");
  }
  napi_value name;
  napi_create_string_utf8(env, "cairn input wake", NAPI_AUTO_LENGTH, &name);
  if (napi_create_threadsafe_function(env, argv[0], NULL, name, 0, 1, NULL, NULL, NULL, call_js, &on_wake) != napi_ok) return throw_error(env, "the input hook could not make its callback");
  if (eq_reset() != 0) {
    release_wake();
    return throw_error(env, "the input hook could not make its rest timer (timerfd)");
  }
  eq_thin_moves(thin_ms);
  eq_set_pace(&pace);
  running = 1;
  if (pacer_start(wake_due) != 0) {
    release_wake();
    return throw_error(env, "the input hook could not start its pacing thread");
  }
  int status = hook_thread_start(wake_due);
  if (status != UIOHOOK_SUCCESS) {
    pacer_stop();
    release_wake();
    return throw_error(env, hook_status_text(status));
  }
  return NULL;
}

static napi_value thin_moves(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  double spacing_ms;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 1 || napi_get_value_double(env, argv[0], &spacing_ms) != napi_ok) return throw_error(env, "thinMoves needs a spacing in ms (0: none)");
  eq_thin_moves(spacing_ms);
  return NULL;
}

static napi_value inject(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  napi_typedarray_type type;
  size_t length = 0;
  void *data = NULL;
  bool is_typed = false;
  if (argc >= 1) napi_is_typedarray(env, argv[0], &is_typed);
  if (is_typed) napi_get_typedarray_info(env, argv[0], &type, &length, &data, NULL, NULL);
  if (!is_typed || type != napi_float64_array || length % EQ_FIELDS != 0) return throw_error(env, "inject needs a Float64Array of whole events");
  for (size_t i = 0; i < length; i += EQ_FIELDS) eq_push((double *)data + i);
  return NULL;
}

static napi_value poll(napi_env env, napi_callback_info info) {
  (void)info;
  double rested_at;
  napi_value batch = take_batch(env, EQ_ARM_IF_EMPTY, &rested_at);
  if (!batch) napi_get_null(env, &batch);
  return batch;
}

static napi_value take(napi_env env, napi_callback_info info) {
  (void)info;
  double rested_at;
  return take_batch(env, EQ_WITH_HELD, &rested_at);
}

// How long a stop waits for the hook to be withdrawn when the X server does not answer (ms).
#define STOP_TIMEOUT_MS 2000

typedef struct {
  napi_env env;
  napi_value probe;
} lost_probe;

static int ask_lost(void *context) {
  lost_probe *p = context;
  napi_value undefined, answer;
  bool lost = false;
  napi_get_undefined(p->env, &undefined);
  if (napi_call_function(p->env, undefined, p->probe, 0, NULL, &answer) == napi_ok) napi_get_value_bool(p->env, answer, &lost);
  return lost;
}

static napi_value stop(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_valuetype type;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 1 || napi_typeof(env, argv[0], &type) != napi_ok || type != napi_function) return throw_error(env, "stop needs a function that says whether the X connection was lost");
  bool withdrawn = false;
  if (running) {
    lost_probe probe = { env, argv[0] };
    withdrawn = !ask_lost(&probe) && hook_thread_stop(ask_lost, &probe, STOP_TIMEOUT_MS) == 0;
    // The pacer waits on the queue only, never on the X server: it always ends.
    pacer_stop();
    release_wake();
  }
  napi_value result;
  napi_get_boolean(env, withdrawn, &result);
  return result;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor methods[] = {
    { "start", NULL, start, NULL, NULL, NULL, napi_default, NULL },
    { "poll", NULL, poll, NULL, NULL, NULL, napi_default, NULL },
    { "thinMoves", NULL, thin_moves, NULL, NULL, NULL, napi_default, NULL },
    { "inject", NULL, inject, NULL, NULL, NULL, napi_default, NULL },
    { "take", NULL, take, NULL, NULL, NULL, napi_default, NULL },
    { "stop", NULL, stop, NULL, NULL, NULL, napi_default, NULL },
  };
  napi_define_properties(env, exports, sizeof(methods) / sizeof(methods[0]), methods);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
