// See event_queue.h. The hook thread must never wait on JavaScript: it only takes the mutex for a
// copy of 64 bytes (or a doubling of the array), and the JS thread holds it only to swap arrays.
#include "event_queue.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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
// The pacing (eq_push and eq_wait_due): the lengths, when the oldest event waiting and the oldest
// key, button or wheel event waiting were heard (INFINITY: none waits), when the last event was
// heard (a move thinned away included), whether a wake is on its way to JavaScript (and the pacer
// waits for it to be taken), and whether the pacer quits.
static eq_pace pace = { 50, 50, 90 };
static double oldest_at = INFINITY, urgent_at = INFINITY, heard_at = -INFINITY;
static int told, told_waited, quit;
// Signalled when what eq_wait_due waits for may have changed; timed on CLOCK_MONOTONIC.
static pthread_cond_t due_changed;
static pthread_once_t due_changed_once = PTHREAD_ONCE_INIT;

double eq_now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void init_due_changed(void) {
  pthread_condattr_t attr;
  pthread_condattr_init(&attr);
  pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
  pthread_cond_init(&due_changed, &attr);
  pthread_condattr_destroy(&attr);
}

void eq_reset(void) {
  pthread_once(&due_changed_once, init_due_changed);
  pthread_mutex_lock(&lock);
  free(events);
  events = NULL;
  count = capacity = 0;
  dropped = 0;
  armed = 1;
  last_passed = -INFINITY;
  has_held = 0;
  thinned = 0;
  oldest_at = urgent_at = INFINITY;
  heard_at = -INFINITY;
  told = told_waited = quit = 0;
  pthread_mutex_unlock(&lock);
}

void eq_set_pace(const eq_pace *next) {
  pthread_mutex_lock(&lock);
  pace = *next;
  pthread_cond_signal(&due_changed);
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
  if (event[0] != EQ_MOUSE_MOVE && urgent_at == INFINITY) urgent_at = event[7];
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
    pthread_cond_signal(&due_changed);
  } else if (!armed && !told && (event[7] - oldest_at >= pace.moves_ms || event[7] - urgent_at >= pace.batch_ms)) {
    // Timed here, as events come: a batch that falls due when none comes is taken at the rest.
    due = EQ_DUE_BATCH;
  }
  if (due) told = 1;
  pthread_mutex_unlock(&lock);
  return due;
}

// Under the lock: waits on due_changed until `at` (CLOCK_MONOTONIC ms) at the latest.
static void wait_until(double at) {
  struct timespec until = { (time_t)(at / 1e3), (long)(fmod(at, 1e3) * 1e6) };
  pthread_cond_timedwait(&due_changed, &lock, &until);
}

int eq_wait_due(void) {
  pthread_mutex_lock(&lock);
  int due = 0;
  while (!due) {
    if (quit) {
      due = EQ_DUE_QUIT;
    } else if (armed) {
      // JavaScript is idle: the next event wakes it from the hook's thread.
      pthread_cond_wait(&due_changed, &lock);
    } else if (eq_now_ms() < heard_at + pace.rest_ms) {
      // Events heard meanwhile move the rest on: it wakes, finds that, and waits again (about once
      // per rest_ms while input streams, without waking JavaScript).
      wait_until(heard_at + pace.rest_ms);
    } else if (told) {
      // A batch is on its way to JavaScript: the rest is told once it was taken.
      told_waited = 1;
      pthread_cond_wait(&due_changed, &lock);
    } else {
      due = EQ_DUE_REST;
    }
  }
  if (due == EQ_DUE_REST) told = 1;
  pthread_mutex_unlock(&lock);
  return due;
}

void eq_quit_pacing(void) {
  pthread_mutex_lock(&lock);
  quit = 1;
  pthread_cond_broadcast(&due_changed);
  pthread_mutex_unlock(&lock);
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
  // Under the lock: an event pushed after this take wakes JavaScript, none is left unannounced.
  if (rested || (!out && !dropped && !thinned && (flags & EQ_ARM_IF_EMPTY))) armed = 1;
  if (out) {
    events = NULL;
    capacity = 0;
  }
  count = 0;
  dropped = 0;
  thinned = 0;
  oldest_at = urgent_at = INFINITY;
  if (flags & EQ_TOLD) {
    told = 0;
    if (told_waited) pthread_cond_signal(&due_changed);
    told_waited = 0;
  }
  pthread_mutex_unlock(&lock);
  return out;
}
