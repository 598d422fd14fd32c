// See hook_thread.h. The dispatch runs on the hook's thread for every event on the machine, inside
// libuiohook's XRecord callback: it only packs the event and queues it (and wakes JavaScript
// when the queue says so).
#include "hook_thread.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <uiohook.h>

#include "event_queue.h"

enum { STARTING, RUNNING, ENDED };

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static pthread_t thread;
static int state, run_status;
static void (*wake_js)(void);

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
  if (eq_push(r)) wake_js();
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

int hook_thread_start(void (*wake)(void)) {
  wake_js = wake;
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

void hook_thread_stop(void) {
  hook_stop();
  pthread_join(thread, NULL);
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
