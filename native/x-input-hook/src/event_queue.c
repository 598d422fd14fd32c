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
static pthread_cond_t changed;
static pthread_once_t cond_once = PTHREAD_ONCE_INIT;
static double *events;
static size_t count, capacity;
static uint64_t dropped;
// When the first waiting event was queued (ms), whether the batch was announced, whether stopped.
static double first_at;
static int announced, stopping;

static void init_cond(void) {
  pthread_condattr_t attr;
  pthread_condattr_init(&attr);
  pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
  pthread_cond_init(&changed, &attr);
  pthread_condattr_destroy(&attr);
}

double eq_now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

void eq_reset(void) {
  pthread_once(&cond_once, init_cond);
  pthread_mutex_lock(&lock);
  free(events);
  events = NULL;
  count = capacity = 0;
  dropped = 0;
  announced = stopping = 0;
  pthread_mutex_unlock(&lock);
}

void eq_push(const double event[EQ_FIELDS]) {
  pthread_mutex_lock(&lock);
  if (count == capacity) {
    size_t grown = capacity ? capacity * 2 : 64;
    double *bigger = grown <= EQ_MAX_EVENTS ? realloc(events, grown * EQ_FIELDS * sizeof(double)) : NULL;
    if (!bigger) {
      dropped++;
      pthread_mutex_unlock(&lock);
      return;
    }
    events = bigger;
    capacity = grown;
  }
  memcpy(events + count * EQ_FIELDS, event, EQ_FIELDS * sizeof(double));
  if (count++ == 0) {
    first_at = eq_now_ms();
    pthread_cond_signal(&changed);
  }
  pthread_mutex_unlock(&lock);
}

double *eq_take(size_t *taken, uint64_t *lost) {
  pthread_mutex_lock(&lock);
  double *out = count ? events : NULL;
  *taken = count;
  *lost = dropped;
  if (out) {
    events = NULL;
    capacity = 0;
  }
  count = 0;
  dropped = 0;
  announced = 0;
  pthread_mutex_unlock(&lock);
  return out;
}

int eq_wait_batch(double batch_ms) {
  pthread_mutex_lock(&lock);
  for (;;) {
    while (!stopping && (count == 0 || announced)) pthread_cond_wait(&changed, &lock);
    if (stopping) break;
    double due = first_at + batch_ms;
    struct timespec until = { (time_t)(due / 1e3), (long)((due - (double)(time_t)(due / 1e3) * 1e3) * 1e6) };
    while (!stopping && count > 0 && !announced && eq_now_ms() < due) pthread_cond_timedwait(&changed, &lock, &until);
    if (stopping) break;
    // Taken meanwhile (a synchronous take): wait for the next first event.
    if (count == 0 || announced) continue;
    announced = 1;
    pthread_mutex_unlock(&lock);
    return 1;
  }
  pthread_mutex_unlock(&lock);
  return 0;
}

void eq_stop_waiting(void) {
  pthread_mutex_lock(&lock);
  stopping = 1;
  pthread_cond_broadcast(&changed);
  pthread_mutex_unlock(&lock);
}
