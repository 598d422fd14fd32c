// See event_queue.h. The hook thread must never wait on JavaScript: it only takes the mutex for a
// copy of 64 bytes (or a doubling of the array), and the JS thread holds it only to swap arrays.
#include "event_queue.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

// 2^18 events (16 MiB) waiting means JavaScript has not taken any for minutes at a human rate.
#define EQ_MAX_EVENTS (1u << 18)

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static double *events;
static size_t count, capacity;
static uint64_t dropped;
// Whether the next event pushed must wake JavaScript (it takes nothing until woken).
static int armed;
// Thinning of mouse moves (eq_thin_moves): the spacing (0: none), the time of the last move passed
// on, the move held back (while has_held), and how many held moves were replaced.
static double thin_ms;
static double last_passed = -INFINITY;
static double held[EQ_FIELDS];
static int has_held;
static uint64_t thinned;
// The pacing (eq_push and eq_wait_due): the lengths, when the oldest event waiting, the oldest
// button or wheel event waiting and the oldest key waiting were heard (INFINITY: none waits), when
// the last event was heard (a move thinned away included), whether a wake is on its way to
// JavaScript, and whether the pacer quits.
static eq_pace pace = { 50, 50, 50, 90 };
static double oldest_at = INFINITY, button_at = INFINITY, key_at = INFINITY, heard_at = -INFINITY;
static int told, quit;
// The rest's timer (a timerfd on CLOCK_MONOTONIC, which the pacer's thread reads), and when the
// event it was last set for by a push was heard. While input streams the hook's thread sets it on
// at most every REARM_MS, so it never fires then: a timer the pacer waited on, moved on only when
// it fired, woke the pacer every rest_ms (~11 times a second, recorder-load), to find input still
// coming. Set for an event up to REARM_MS before the last one, it may fire that much early; the
// pacer then sets it for the last one. REARM_MS stays under rest_ms, so that input coming at least
// that often keeps moving it on before it fires.
static int rest_timer = -1;
static double rest_set_for = -INFINITY;
#define REARM_MS 60
// How soon the pacer looks again when the rest came while a batch was on its way to JavaScript (ms).
#define TOLD_RETRY_MS 2

double eq_now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

// Sets the rest's timer to fire at `at` (CLOCK_MONOTONIC ms). Not under the lock: it is a system call.
static void set_rest_timer(double at) {
  struct itimerspec spec = { { 0, 0 }, { (time_t)(at / 1e3), (long)(fmod(at, 1e3) * 1e6) } };
  // All zero would disarm it.
  if (spec.it_value.tv_sec <= 0 && spec.it_value.tv_nsec <= 0) spec.it_value = (struct timespec){ 0, 1 };
  timerfd_settime(rest_timer, TFD_TIMER_ABSTIME, &spec, NULL);
}

int eq_reset(void) {
  if (rest_timer < 0) rest_timer = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
  if (rest_timer < 0) return -1;
  pthread_mutex_lock(&lock);
  free(events);
  events = NULL;
  count = capacity = 0;
  dropped = 0;
  armed = 1;
  last_passed = -INFINITY;
  has_held = 0;
  thinned = 0;
  oldest_at = button_at = key_at = INFINITY;
  heard_at = rest_set_for = -INFINITY;
  told = quit = 0;
  pthread_mutex_unlock(&lock);
  return 0;
}

void eq_set_pace(const eq_pace *next) {
  pthread_mutex_lock(&lock);
  pace = *next;
  pthread_mutex_unlock(&lock);
}

// Under the lock.
static void append(const double event[EQ_FIELDS]) {
  if (count == capacity) {
    size_t grown = capacity ? capacity * 2 : 64;
    double *bigger = grown <= EQ_MAX_EVENTS ? realloc(events, grown * EQ_FIELDS * sizeof(double)) : NULL;
    if (!bigger) {
      dropped++;
      return;
    }
    events = bigger;
    capacity = grown;
  }
  memcpy(events + count * EQ_FIELDS, event, EQ_FIELDS * sizeof(double));
  if (count == 0) oldest_at = event[7];
  // A key's release is hurried as its press is: the recorder writes a key once both came.
  double *kind_at = event[0] == EQ_KEY_DOWN || event[0] == EQ_KEY_UP ? &key_at : event[0] == EQ_MOUSE_MOVE ? NULL : &button_at;
  if (kind_at && *kind_at == INFINITY) *kind_at = event[7];
  count++;
}

// Under the lock: the held move goes on, and counts as passed on (MoveSampler.take and discard).
static void release_held(void) {
  if (!has_held) return;
  has_held = 0;
  last_passed = held[1];
  append(held);
}

void eq_thin_moves(double spacing_ms) {
  pthread_mutex_lock(&lock);
  release_held();
  thin_ms = spacing_ms;
  pthread_mutex_unlock(&lock);
}

int eq_push(const double event[EQ_FIELDS]) {
  pthread_mutex_lock(&lock);
  int wake = armed;
  armed = 0;
  heard_at = event[7];
  if (event[0] == EQ_MOUSE_MOVE && thin_ms > 0) {
    // MoveSampler.offer: a newer move thins the held one, and is held while too soon after the last.
    if (has_held) thinned++;
    has_held = event[1] - last_passed < thin_ms;
    if (has_held) {
      memcpy(held, event, sizeof held);
    } else {
      last_passed = event[1];
      append(event);
    }
  } else {
    release_held();
    append(event);
  }
  int due = 0;
  if (wake) {
    // JavaScript takes batches from now on: the pacer times the rest.
    due = EQ_DUE_FIRST;
  } else if (!armed && !told && (event[7] - oldest_at >= pace.moves_ms || event[7] - key_at >= pace.keys_ms || event[7] - button_at >= pace.buttons_ms)) {
    // Timed here, as events come: a batch that falls due when none comes is taken at the rest.
    due = EQ_DUE_BATCH;
  }
  if (due) told = 1;
  double rest_at = NAN;
  if (wake || heard_at - rest_set_for >= REARM_MS) {
    rest_set_for = heard_at;
    rest_at = heard_at + pace.rest_ms;
  }
  pthread_mutex_unlock(&lock);
  if (rest_at == rest_at) set_rest_timer(rest_at);
  return due;
}

int eq_wait_due(void) {
  for (;;) {
    uint64_t fired;
    // Blocks until the timer fires (only EINTR can end it otherwise: then it looks all the same).
    if (read(rest_timer, &fired, sizeof fired) < 0 && errno != EINTR) return EQ_DUE_QUIT;
    pthread_mutex_lock(&lock);
    double now = eq_now_ms(), next = NAN;
    int due = 0;
    if (quit) {
      due = EQ_DUE_QUIT;
    } else if (armed) {
      // JavaScript is idle: the next event wakes it from the hook's thread, and sets the timer.
    } else if (now < heard_at + pace.rest_ms) {
      // Set for an earlier event than the last: the rest is later.
      next = heard_at + pace.rest_ms;
    } else if (told) {
      // A batch is on its way to JavaScript: the rest is told once it was taken.
      next = now + TOLD_RETRY_MS;
    } else {
      due = EQ_DUE_REST;
      told = 1;
    }
    pthread_mutex_unlock(&lock);
    if (due) return due;
    if (next != next) continue;
    set_rest_timer(next);
    // eq_quit_pacing may have fired the timer just before this set it for later.
    pthread_mutex_lock(&lock);
    int quitting = quit;
    pthread_mutex_unlock(&lock);
    if (quitting) return EQ_DUE_QUIT;
  }
}

void eq_quit_pacing(void) {
  pthread_mutex_lock(&lock);
  quit = 1;
  pthread_mutex_unlock(&lock);
  set_rest_timer(0);
}

double *eq_take(size_t *taken, uint64_t *lost, uint64_t *moves_thinned, int flags, double *rested_at) {
  pthread_mutex_lock(&lock);
  if (flags & EQ_WITH_HELD) release_held();
  double *out = count ? events : NULL;
  *taken = count;
  *lost = dropped;
  *moves_thinned = thinned;
  int rested = (flags & EQ_ARM_IF_RESTED) && eq_now_ms() - heard_at >= pace.rest_ms;
  *rested_at = rested ? heard_at : NAN;
  // A rest told that input ended before JavaScript took it: the timer is set for the new one.
  double rest_at = (flags & EQ_ARM_IF_RESTED) && !rested ? heard_at + pace.rest_ms : NAN;
  // Under the lock: an event pushed after this take wakes JavaScript, none is left unannounced.
  if (rested || (!out && !dropped && !thinned && (flags & EQ_ARM_IF_EMPTY))) armed = 1;
  if (out) {
    events = NULL;
    capacity = 0;
  }
  count = 0;
  dropped = 0;
  thinned = 0;
  oldest_at = button_at = key_at = INFINITY;
  if (flags & EQ_TOLD) told = 0;
  pthread_mutex_unlock(&lock);
  if (rest_at == rest_at) set_rest_timer(rest_at);
  return out;
}
