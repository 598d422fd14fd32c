// See hook_thread.h. The dispatch runs on the hook's thread for every event on the machine, inside
// libuiohook's XRecord callback: it only packs the event and queues it (and wakes JavaScript
// when the queue says so).
#include "hook_thread.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/time.h>
#include <uiohook.h>

#include "event_queue.h"

enum { STARTING, RUNNING, ENDED };

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static pthread_t thread, stopper;
static int state, run_status, stop_done;
static void (*wake_on_push)(int due);

// How often a stop asks whether the X connection was lost while it waits (ms).
#define STOP_SLICE_MS 5

static double modifiers(uint16_t mask) {
  int mods = 0;
  if (mask & (MASK_SHIFT)) mods |= EQ_MOD_SHIFT;
  if (mask & (MASK_CTRL)) mods |= EQ_MOD_CTRL;
  if (mask & (MASK_ALT)) mods |= EQ_MOD_ALT;
  if (mask & (MASK_META)) mods |= EQ_MOD_META;
  return mods;
}

static void set_state(int next) {
  pthread_mutex_lock(&lock);
  state = next;
  pthread_cond_broadcast(&changed);
  pthread_mutex_unlock(&lock);
}

static void dispatch(uiohook_event *const e) {
  double r[EQ_FIELDS] = {0};
  switch (e->type) {
    case EVENT_HOOK_ENABLED:
      set_state(RUNNING);
      return;
    case EVENT_KEY_PRESSED:
    case EVENT_KEY_RELEASED:
      r[0] = e->type == EVENT_KEY_PRESSED ? EQ_KEY_DOWN : EQ_KEY_UP;
      r[3] = e->data.keyboard.keycode;
      break;
    case EVENT_MOUSE_PRESSED:
    case EVENT_MOUSE_RELEASED:
      r[0] = e->type == EVENT_MOUSE_PRESSED ? EQ_MOUSE_DOWN : EQ_MOUSE_UP;
      r[3] = e->data.mouse.x;
      r[4] = e->data.mouse.y;
      r[5] = e->data.mouse.button;
      r[6] = e->data.mouse.clicks;
      break;
    case EVENT_MOUSE_MOVED:
    case EVENT_MOUSE_DRAGGED:
      r[0] = EQ_MOUSE_MOVE;
      r[3] = e->data.mouse.x;
      r[4] = e->data.mouse.y;
      break;
    case EVENT_MOUSE_WHEEL:
      r[0] = e->data.wheel.direction == WHEEL_HORIZONTAL_DIRECTION ? EQ_WHEEL_HORIZONTAL : EQ_WHEEL_VERTICAL;
      r[3] = e->data.wheel.x;
      r[4] = e->data.wheel.y;
      r[5] = e->data.wheel.rotation;
      r[6] = e->data.wheel.clicks;
      break;
    default:
      // Typed characters and clicks: Cairn derives its own from presses and releases.
      return;
  }
  r[1] = (double)e->time;
  r[2] = modifiers(e->mask);
  r[7] = eq_now_ms();
  int due = eq_push(r);
  if (due) wake_on_push(due);
}

// libuiohook's warnings and errors, to stderr as it would print them; its debug chatter is dropped.
static bool log_proc(unsigned int level, const char *format, ...) {
  if (level < LOG_LEVEL_WARN) return false;
  va_list args;
  va_start(args, format);
  fputs("cairn input hook: ", stderr);
  bool ok = vfprintf(stderr, format, args) >= 0;
  va_end(args);
  return ok;
}

static void *run(void *arg) {
  (void)arg;
  int status = hook_run();
  pthread_mutex_lock(&lock);
  if (state == STARTING) run_status = status == UIOHOOK_SUCCESS ? UIOHOOK_FAILURE : status;
  state = ENDED;
  pthread_cond_broadcast(&changed);
  pthread_mutex_unlock(&lock);
  return NULL;
}

int hook_thread_start(void (*wake)(int due)) {
  wake_on_push = wake;
  hook_set_logger_proc(log_proc);
  hook_set_dispatch_proc(dispatch);
  pthread_mutex_lock(&lock);
  state = STARTING;
  run_status = UIOHOOK_SUCCESS;
  pthread_mutex_unlock(&lock);
  if (pthread_create(&thread, NULL, run, NULL) != 0) return UIOHOOK_FAILURE;
  pthread_mutex_lock(&lock);
  while (state == STARTING) pthread_cond_wait(&changed, &lock);
  int ended = state == ENDED, status = run_status;
  pthread_mutex_unlock(&lock);
  if (ended) {
    pthread_join(thread, NULL);
    return status;
  }
  return UIOHOOK_SUCCESS;
}

static void *withdraw(void *arg) {
  (void)arg;
  hook_stop();
  pthread_mutex_lock(&lock);
  stop_done = 1;
  pthread_cond_broadcast(&changed);
  pthread_mutex_unlock(&lock);
  return NULL;
}

static void wait_slice(void) {
  struct timeval now;
  gettimeofday(&now, NULL);
  long ns = now.tv_usec * 1000L + STOP_SLICE_MS * 1000000L;
  struct timespec until = { now.tv_sec + ns / 1000000000L, ns % 1000000000L };
  pthread_cond_timedwait(&changed, &lock, &until);
}

int hook_thread_stop(int (*lost)(void *), void *context, double timeout_ms) {
  pthread_mutex_lock(&lock);
  stop_done = 0;
  pthread_mutex_unlock(&lock);
  if (pthread_create(&stopper, NULL, withdraw, NULL) != 0) return -1;
  double deadline = eq_now_ms() + timeout_ms;
  int given_up = 0;
  pthread_mutex_lock(&lock);
  while (!(stop_done && state == ENDED)) {
    pthread_mutex_unlock(&lock);
    // Asked without the lock: it calls into JavaScript.
    given_up = lost(context) || eq_now_ms() >= deadline;
    pthread_mutex_lock(&lock);
    if (given_up) break;
    wait_slice();
  }
  pthread_mutex_unlock(&lock);
  if (given_up) {
    // Parked by the guard (or stuck on a server that stopped answering): never joined.
    pthread_detach(stopper);
    pthread_detach(thread);
    return -1;
  }
  pthread_join(stopper, NULL);
  pthread_join(thread, NULL);
  return 0;
}

const char *hook_status_text(int status) {
  switch (status) {
    case UIOHOOK_ERROR_OUT_OF_MEMORY: return "the input hook ran out of memory";
    case UIOHOOK_ERROR_X_OPEN_DISPLAY: return "the input hook could not open the X display (is DISPLAY set and the server running?)";
    case UIOHOOK_ERROR_X_RECORD_NOT_FOUND: return "the X server has no RECORD extension, which the input hook needs";
    case UIOHOOK_ERROR_X_RECORD_ALLOC_RANGE:
    case UIOHOOK_ERROR_X_RECORD_CREATE_CONTEXT:
    case UIOHOOK_ERROR_X_RECORD_ENABLE_CONTEXT:
    case UIOHOOK_ERROR_X_RECORD_GET_CONTEXT: return "the X server refused the input hook's RECORD context";
    default: return "the input hook could not start";
  }
}
