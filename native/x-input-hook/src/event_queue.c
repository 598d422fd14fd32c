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

double eq_now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

void eq_reset(void) {
  pthread_mutex_lock(&lock);
  free(events);
  events = NULL;
  count = capacity = 0;
  dropped = 0;
  armed = 1;
  last_passed = -INFINITY;
  has_held = 0;
  thinned = 0;
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
  pthread_mutex_unlock(&lock);
  return wake;
}

double *eq_take(size_t *taken, uint64_t *lost, uint64_t *moves_thinned, int with_held, int arm_if_empty) {
  pthread_mutex_lock(&lock);
  if (with_held) release_held();
  double *out = count ? events : NULL;
  *taken = count;
  *lost = dropped;
  *moves_thinned = thinned;
  if (out) {
    events = NULL;
    capacity = 0;
  } else if (!dropped && !thinned && arm_if_empty) {
    // Under the lock: an event pushed after this take wakes JavaScript, none is left unannounced.
    armed = 1;
  }
  count = 0;
  dropped = 0;
  thinned = 0;
  pthread_mutex_unlock(&lock);
  return out;
}
