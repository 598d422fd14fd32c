// x-io-guard: keeps the process alive when an X server that Xlib is talking to goes away.
//
// Xlib's default I/O error handler prints "XIO: fatal IO error" and its exit handler calls exit(1)
// from whichever thread noticed. libuiohook (inside uiohook-napi) holds several Xlib connections,
// read by its hook thread and its settings thread, so a dead X server kills the whole Node process
// before JS can flush what it holds. This addon installs a process-wide handler instead
// (XSetIOErrorHandler; the per-display XSetIOErrorExitHandler needs Display pointers that libuiohook
// keeps private, and _XIOError reads the exit handler before calling ours). The handler never
// returns, so Xlib's exit handler never runs:
//   - on any thread but the JS thread it tells JS (once) and parks the thread for good;
//   - on the JS thread (a call into uiohook, or a library destructor at exit) there is no way back
//     into JS, so it exits the process with the code JS last set (the code process.exit was given).
// libX11 is found with dlopen, so building needs no X headers and the same libX11.so.6 instance that
// uiohook-napi uses gets the handler.
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <node_api.h>

typedef struct _XDisplay Display;
typedef int (*XIOErrorHandler)(Display *);
typedef XIOErrorHandler (*SetIOErrorHandlerFn)(XIOErrorHandler);

static pthread_t js_thread;
static napi_threadsafe_function notify_js = NULL;
static atomic_int installed = 0;
static atomic_int lost = 0;
static atomic_int parked_threads = 0;
static atomic_int exit_code = 1;
// Written once by the thread that wins `lost`, read by JS only after it sees `lost` set.
static int64_t lost_at_ns = 0;
static int lost_errno = 0;
static int lost_on_js_thread = 0;

static int64_t monotonic_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void write_stderr(const char *text) {
  ssize_t ignored = write(STDERR_FILENO, text, strlen(text));
  (void)ignored;
}

static int on_io_error(Display *display) {
  (void)display;
  int err = errno;
  int on_js_thread = pthread_equal(pthread_self(), js_thread);
  int expected = 0;
  if (atomic_compare_exchange_strong(&lost, &expected, 1)) {
    lost_at_ns = monotonic_ns();
    lost_errno = err;
    lost_on_js_thread = on_js_thread;
    if (notify_js != NULL) napi_call_threadsafe_function(notify_js, NULL, napi_tsfn_nonblocking);
  }
  if (on_js_thread) {
    // Xlib cannot unwind back to JS; returning would run its exit handler (exit(1), even when this
    // is a destructor already running inside exit()).
    write_stderr("x-io-guard: the X server connection was lost on the JS thread; exiting\n");
    _exit(atomic_load(&exit_code));
  }
  // Parked threads keep their display's user lock forever; signals go to the other threads.
  sigset_t all;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, NULL);
  atomic_fetch_add(&parked_threads, 1);
  for (;;) pause();
  return 0;
}

static void call_js(napi_env env, napi_value callback, void *context, void *data) {
  (void)context;
  (void)data;
  if (env == NULL || callback == NULL) return;
  napi_value undefined;
  napi_get_undefined(env, &undefined);
  napi_call_function(env, undefined, callback, 0, NULL, NULL);
}

static napi_value throw_error(napi_env env, const char *message) {
  napi_throw_error(env, NULL, message);
  return NULL;
}

// install(onLost: () => void): void — installs the handler (once) and remembers the callback.
static napi_value install(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 1) {
    return throw_error(env, "install(onLost) needs a callback");
  }
  napi_valuetype type;
  napi_typeof(env, argv[0], &type);
  if (type != napi_function) return throw_error(env, "install(onLost) needs a callback");
  if (atomic_load(&installed)) return throw_error(env, "the X I/O guard is already installed");

  void *x11 = dlopen("libX11.so.6", RTLD_NOW | RTLD_GLOBAL);
  if (x11 == NULL) return throw_error(env, "libX11.so.6 could not be loaded");
  SetIOErrorHandlerFn set_handler = (SetIOErrorHandlerFn)dlsym(x11, "XSetIOErrorHandler");
  if (set_handler == NULL) return throw_error(env, "libX11.so.6 has no XSetIOErrorHandler");

  napi_value name;
  napi_create_string_utf8(env, "x-io-guard", NAPI_AUTO_LENGTH, &name);
  if (napi_create_threadsafe_function(env, argv[0], NULL, name, 0, 1, NULL, NULL, NULL, call_js, &notify_js) != napi_ok) {
    return throw_error(env, "could not create the loss notification");
  }
  // The notification must not keep the event loop alive on its own.
  napi_unref_threadsafe_function(env, notify_js);
  js_thread = pthread_self();
  set_handler(on_io_error);
  atomic_store(&installed, 1);
  return NULL;
}

// state(): { lost, lostAtMs (CLOCK_MONOTONIC, process.hrtime's clock), errno, onJsThread, parkedThreads }
static napi_value state(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result, value;
  napi_create_object(env, &result);
  int is_lost = atomic_load(&lost);
  napi_get_boolean(env, is_lost, &value);
  napi_set_named_property(env, result, "lost", value);
  napi_create_double(env, is_lost ? (double)lost_at_ns / 1e6 : 0, &value);
  napi_set_named_property(env, result, "lostAtMs", value);
  napi_create_int32(env, is_lost ? lost_errno : 0, &value);
  napi_set_named_property(env, result, "errno", value);
  napi_get_boolean(env, is_lost && lost_on_js_thread, &value);
  napi_set_named_property(env, result, "onJsThread", value);
  napi_create_int32(env, atomic_load(&parked_threads), &value);
  napi_set_named_property(env, result, "parkedThreads", value);
  return result;
}

// setExitCode(code): the code the process exits with if the JS thread itself hits the lost server.
static napi_value set_exit_code(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  int32_t code;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 1 || napi_get_value_int32(env, argv[0], &code) != napi_ok) return throw_error(env, "setExitCode(code) needs an integer");
  atomic_store(&exit_code, code);
  return NULL;
}

// exitNow(code): ends the process without library destructors, which would touch dead displays
// (and could wait forever on a display lock that a parked thread holds).
static napi_value exit_now(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  int32_t code = 0;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc >= 1) napi_get_value_int32(env, argv[0], &code);
  fflush(NULL);
  _exit(code);
  return NULL;
}

NAPI_MODULE_INIT() {
  const napi_property_descriptor properties[] = {
    {"install", NULL, install, NULL, NULL, NULL, napi_default, NULL},
    {"state", NULL, state, NULL, NULL, NULL, napi_default, NULL},
    {"setExitCode", NULL, set_exit_code, NULL, NULL, NULL, napi_default, NULL},
    {"exitNow", NULL, exit_now, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof(properties) / sizeof(properties[0]), properties);
  return exports;
}
