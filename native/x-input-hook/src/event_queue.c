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
// The pacer's timer (a timerfd on CLOCK_MONOTONIC, which the pacer's thread reads), and when it
// is set to fire (INFINITY: it is not). It is set for the next batch a key, button or wheel event
// makes due, or else for the rest, whichever comes first. While input streams the hook's thread
// moves it on at most every REARM_MS, so it never fires then: a timer the pacer waited on, moved on
// only when it fired, woke the pacer every rest_ms (~15 times a second, recorder-load), to find
// input still coming. Left up to REARM_MS before the rest, it may fire that much early; the pacer
// then sets it again. REARM_MS stays under rest_ms, so that input coming at least that often keeps
// moving it on before it fires. A batch due while input streams is told on the hook's thread
// before its timer fires, and the timer is moved on to the rest then.
static int pace_timer = -1;
static double timer_at = INFINITY;
#define REARM_MS 60
// How soon the pacer looks again when the rest came while a batch was on its way to JavaScript (ms).
#define TOLD_RETRY_MS 2
// How long after a batch falls due its timer fires while input streams (events less than
// STREAMING_GAP_MS apart: the hook's thread hears a sweeping pointer in bursts ~20 ms apart), in
// ms: the next event tells the batch first, and the timer is moved on to the rest. Set for the very
// moment, it fired first (~12 times a second under recorder-load's keys among a sweeping pointer's
// moves). When input does not stream (typing alone), the timer is what tells the batch, on time.
#define BATCH_GRACE_MS 30
#define STREAMING_GAP_MS 40
static double batch_grace;

double eq_now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

// Sets the pacer's timer to fire at `at` (CLOCK_MONOTONIC ms). Under the lock (a system call that
// does not block), so that the timer is what timer_at says whichever thread set it last.
static void set_timer(double at) {
  struct itimerspec spec = { { 0, 0 }, { (time_t)(at / 1e3), (long)(fmod(at, 1e3) * 1e6) } };
  // All zero would disarm it.
  if (spec.it_value.tv_sec <= 0 && spec.it_value.tv_nsec <= 0) spec.it_value = (struct timespec){ 0, 1 };
  timerfd_settime(pace_timer, TFD_TIMER_ABSTIME, &spec, NULL);
}

// Under the lock: when a batch falls due (INFINITY: none waits, or one is on its way).
static double batch_due_at(void) {
  if (told) return INFINITY;
  return fmin(oldest_at + pace.moves_ms, fmin(key_at + pace.keys_ms, button_at + pace.buttons_ms));
}

// Under the lock: whether the timer is to be set for the pacer's next look, and when (`at`): it
// would fire after it, or more than REARM_MS before it. Nothing while JavaScript is idle, nor once
// the pacer quits.
static int timer_due(double *at) {
  *at = armed || quit ? INFINITY : fmin(heard_at + pace.rest_ms, batch_due_at() + batch_grace);
  if (*at == INFINITY || (*at >= timer_at && *at - timer_at < REARM_MS)) return 0;
  timer_at = *at;
  return 1;
}

int eq_reset(void) {
  if (pace_timer < 0) pace_timer = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
  if (pace_timer < 0) return -1;
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
  heard_at = -INFINITY;
  timer_at = INFINITY;
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
  batch_grace = event[7] - heard_at < STREAMING_GAP_MS ? BATCH_GRACE_MS : 0;
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
  } else if (event[7] >= batch_due_at()) {
    // Timed here, as events come; when none comes, the pacer's timer tells it.
    due = EQ_DUE_BATCH;
  }
  if (due) told = 1;
  double at;
  int set = timer_due(&at);
  if (set) set_timer(at);
  pthread_mutex_unlock(&lock);
  return due;
}

int eq_wait_due(void) {
  for (;;) {
    uint64_t fired;
    // Blocks until the timer fires (only EINTR can end it otherwise: then it looks all the same).
    if (read(pace_timer, &fired, sizeof fired) < 0 && errno != EINTR) return EQ_DUE_QUIT;
    pthread_mutex_lock(&lock);
    timer_at = INFINITY;
    double now = eq_now_ms(), at = NAN;
    int due = 0, set = 0;
    if (quit) {
      due = EQ_DUE_QUIT;
    } else if (armed) {
      // JavaScript is idle: the next event wakes it from the hook's thread, and sets the timer.
    } else if (now >= batch_due_at()) {
      // A batch fell due while no event came to tell it.
      due = EQ_DUE_BATCH;
      told = 1;
    } else if (now >= heard_at + pace.rest_ms) {
      if (told) {
        // A batch is on its way to JavaScript: the rest is told once it was taken.
        at = timer_at = now + TOLD_RETRY_MS;
        set = 1;
      } else {
        // Once JavaScript took, it arms the queue, or sets the timer if input came meanwhile.
        due = EQ_DUE_REST;
        told = 1;
      }
    }
    // After a batch, or a timer that fired early (set for an event before the last): the next look.
    // After a rest, JavaScript's take arms the queue or sets the timer.
    if (!set && due != EQ_DUE_REST) set = timer_due(&at);
    if (set) set_timer(at);
    pthread_mutex_unlock(&lock);
    if (due) return due;
  }
}

void eq_quit_pacing(void) {
  pthread_mutex_lock(&lock);
  quit = 1;
  timer_at = 0;
  set_timer(0);
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
  oldest_at = button_at = key_at = INFINITY;
  if (flags & EQ_TOLD) told = 0;
  // A rest told that input ended before JavaScript took it, or one a batch on its way held back.
  double at;
  int set = timer_due(&at);
  if (set) set_timer(at);
  pthread_mutex_unlock(&lock);
  return out;
}
