// See event_queue.h. The hook thread must never wait on JavaScript: it only takes the mutex for a
// copy of 64 bytes (or a doubling of the array), and the JS thread holds it only to swap arrays.
#include "event_queue.h"

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
  pthread_mutex_unlock(&lock);
}

int eq_push(const double event[EQ_FIELDS]) {
  pthread_mutex_lock(&lock);
  int wake = armed;
  armed = 0;
  if (count == capacity) {
    size_t grown = capacity ? capacity * 2 : 64;
    double *bigger = grown <= EQ_MAX_EVENTS ? realloc(events, grown * EQ_FIELDS * sizeof(double)) : NULL;
    if (!bigger) {
      dropped++;
      pthread_mutex_unlock(&lock);
      return wake;
    }
    events = bigger;
    capacity = grown;
  }
  memcpy(events + count * EQ_FIELDS, event, EQ_FIELDS * sizeof(double));
  count++;
  pthread_mutex_unlock(&lock);
  return wake;
}

double *eq_take(size_t *taken, uint64_t *lost, int arm_if_empty) {
  pthread_mutex_lock(&lock);
  double *out = count ? events : NULL;
  *taken = count;
  *lost = dropped;
  if (out) {
    events = NULL;
    capacity = 0;
  } else if (!dropped && arm_if_empty) {
    // Under the lock: an event pushed after this take wakes JavaScript, none is left unannounced.
    armed = 1;
  }
  count = 0;
  dropped = 0;
  pthread_mutex_unlock(&lock);
  return out;
}
