// See batch_pacer.h. JavaScript used to time the batches itself, polling every 50 ms while input
// came: each poll woke the main thread, ~20 times a second under a sweeping pointer, and a poll that
// found nothing was how it learned that input paused, so no batch could be longer than the ~90 ms
// rest the observation grabber waits for. Batches now fall due on the hook's thread as events come
// (eq_push); this thread tells the rest, sleeping on the queue's rest timer (eq_wait_due), which
// the hook's thread keeps moving on while input comes: it wakes when input stops, not before.
#include "batch_pacer.h"

#include <pthread.h>

#include "event_queue.h"

static pthread_t thread;
static int running;
static void (*wake_js)(int due);

static void *run(void *arg) {
  (void)arg;
  for (;;) {
    int due = eq_wait_due();
    if (due == EQ_DUE_QUIT) return NULL;
    wake_js(due);
  }
}

int pacer_start(void (*wake)(int due)) {
  wake_js = wake;
  if (pthread_create(&thread, NULL, run, NULL) != 0) return -1;
  running = 1;
  return 0;
}

void pacer_stop(void) {
  if (!running) return;
  eq_quit_pacing();
  pthread_join(thread, NULL);
  running = 0;
}
