// The N-API face of the window capture (src/capture/x11/x11-window-capturer.ts is its TypeScript
// side):
//   check(display: string | null): string | null      why it cannot work there (null: it can)
//   open(display: string | null): Session            connects and redirects; throws one sentence
//   capture(session, windowId, since?): Promise<{ rgb, width, height, x, y, joined, serial } | null>
//                                                    null: the window's frame is still that of the
//                                                    capture whose serial is `since` (frame_watch.c),
//                                                    and no pixel was read
//   close(session): void                             ends the redirection
// A capture runs on the libuv thread pool, never on the JS thread; its pixels come back as a Buffer
// over the memory they were composed in (copied once only where the runtime refuses external
// buffers, as Electron's memory cage does).
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <node_api.h>

#include "frame_watch.h"
#include "pixel_pool.h"
#include "window_pixels.h"

typedef struct {
  pthread_mutex_t lock;
  x_session *xs;
  // The serial of the last capture (never 0: 0 is "none").
  uint32_t serial;
} session;

typedef struct {
  napi_async_work work;
  napi_deferred deferred;
  napi_ref handle;
  session *s;
  uint32_t window;
  // The serial of an earlier capture whose frame may be answered for (0: none), and of this one.
  uint32_t since, serial;
  int unchanged;
  window_frame frame;
  int failed;
  char error[XS_ERROR_SIZE];
} job;

static napi_value throw_error(napi_env env, const char *message) {
  napi_throw_error(env, NULL, message);
  return NULL;
}

static void close_session(session *s) {
  pthread_mutex_lock(&s->lock);
  xs_close(s->xs);
  s->xs = NULL;
  pthread_mutex_unlock(&s->lock);
}

static void finalize_session(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  session *s = data;
  close_session(s);
  pthread_mutex_destroy(&s->lock);
  free(s);
}

static session *session_arg(napi_env env, napi_value value) {
  session *s = NULL;
  napi_valuetype type;
  if (napi_typeof(env, value, &type) != napi_ok || type != napi_external) return NULL;
  napi_get_value_external(env, value, (void **)&s);
  return s;
}

// The display name argument: a string, or "" for $DISPLAY.
static void display_arg(napi_env env, napi_callback_info info, char *display, size_t size) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  napi_valuetype type = napi_undefined;
  display[0] = '\0';
  if (argc >= 1) napi_typeof(env, argv[0], &type);
  if (type == napi_string) napi_get_value_string_utf8(env, argv[0], display, size, NULL);
}

static napi_value check(napi_env env, napi_callback_info info) {
  char display[256], error[XS_ERROR_SIZE];
  display_arg(env, info, display, sizeof display);
  napi_value result;
  if (xs_check(display[0] ? display : NULL, error) == 0) napi_get_null(env, &result);
  else napi_create_string_utf8(env, error, NAPI_AUTO_LENGTH, &result);
  return result;
}

static napi_value open_session(napi_env env, napi_callback_info info) {
  char display[256], error[XS_ERROR_SIZE];
  display_arg(env, info, display, sizeof display);
  x_session *xs = xs_open(display[0] ? display : NULL, error);
  if (!xs) return throw_error(env, error);
  session *s = calloc(1, sizeof *s);
  pthread_mutex_init(&s->lock, NULL);
  s->xs = xs;
  napi_value handle;
  napi_create_external(env, s, finalize_session, NULL, &handle);
  return handle;
}

static napi_value close_js(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  session *s = argc >= 1 ? session_arg(env, argv[0]) : NULL;
  if (!s) return throw_error(env, "close(session) needs a session from open()");
  close_session(s);
  return NULL;
}

static void execute(napi_env env, void *data) {
  (void)env;
  job *j = data;
  pthread_mutex_lock(&j->s->lock);
  if (!j->s->xs) {
    strcpy(j->error, "the capture session is closed");
    j->failed = 1;
  } else if (j->since != 0 && fw_unchanged(j->s->xs, j->window, j->since)) {
    j->unchanged = 1;
  } else {
    fw_begin(j->s->xs, j->window);
    j->failed = window_frame_capture(j->s->xs, j->window, &j->frame, j->error) != 0;
    if (!j->failed && ++j->s->serial == 0) j->s->serial = 1;
    j->serial = j->s->serial;
    fw_end(j->s->xs, j->failed ? 0 : j->serial);
  }
  pthread_mutex_unlock(&j->s->lock);
}

// A frame's Buffer was collected (or detached, src/capture/screen-capturer.ts releasePixels): its
// memory goes back to the pool for the next capture. The hint is its capacity.
static void free_pixels(napi_env env, void *data, void *hint) {
  (void)env;
  pixel_pool_give(data, (size_t)(uintptr_t)hint);
}

static void set_int(napi_env env, napi_value object, const char *name, int64_t value) {
  napi_value v;
  napi_create_int64(env, value, &v);
  napi_set_named_property(env, object, name, v);
}

static void complete(napi_env env, napi_status status, void *data) {
  job *j = data;
  if (status != napi_ok || j->failed) {
    napi_value message, error;
    napi_create_string_utf8(env, status != napi_ok ? "the capture was cancelled" : j->error, NAPI_AUTO_LENGTH, &message);
    napi_create_error(env, NULL, message, &error);
    napi_reject_deferred(env, j->deferred, error);
    pixel_pool_give(j->frame.rgb, j->frame.capacity);
  } else if (j->unchanged) {
    napi_value none;
    napi_get_null(env, &none);
    napi_resolve_deferred(env, j->deferred, none);
  } else {
    size_t size = (size_t)j->frame.width * (size_t)j->frame.height * 3;
    napi_value result, rgb, joined;
    if (napi_create_external_buffer(env, size, j->frame.rgb, free_pixels, (void *)(uintptr_t)j->frame.capacity, &rgb) != napi_ok) {
      // The runtime allows no memory outside its heap behind a Buffer: one copy, then free ours.
      const napi_extended_error_info *ignored;
      napi_get_last_error_info(env, &ignored);
      napi_create_buffer_copy(env, size, j->frame.rgb, NULL, &rgb);
      pixel_pool_give(j->frame.rgb, j->frame.capacity);
    }
    napi_create_object(env, &result);
    napi_set_named_property(env, result, "rgb", rgb);
    set_int(env, result, "width", j->frame.width);
    set_int(env, result, "height", j->frame.height);
    set_int(env, result, "x", j->frame.x);
    set_int(env, result, "y", j->frame.y);
    set_int(env, result, "serial", j->serial);
    napi_create_array_with_length(env, (size_t)j->frame.joined, &joined);
    for (int i = 0; i < j->frame.joined; i++) {
      napi_value id;
      napi_create_uint32(env, j->frame.joined_ids[i], &id);
      napi_set_element(env, joined, (uint32_t)i, id);
    }
    napi_set_named_property(env, result, "joined", joined);
    napi_resolve_deferred(env, j->deferred, result);
  }
  napi_delete_reference(env, j->handle);
  napi_delete_async_work(env, j->work);
  free(j);
}

static napi_value capture(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  session *s = argc >= 1 ? session_arg(env, argv[0]) : NULL;
  uint32_t window = 0, since = 0;
  napi_valuetype since_type = napi_undefined;
  if (argc >= 3) napi_typeof(env, argv[2], &since_type);
  if (!s || argc < 2 || napi_get_value_uint32(env, argv[1], &window) != napi_ok || window == 0 ||
      (since_type != napi_undefined && napi_get_value_uint32(env, argv[2], &since) != napi_ok)) {
    return throw_error(env, "capture(session, windowId, since?) needs a session from open(), a window id and an earlier capture's serial");
  }
  job *j = calloc(1, sizeof *j);
  j->s = s;
  j->window = window;
  j->since = since;
  // The session must outlive the capture even if JS drops it meanwhile.
  napi_create_reference(env, argv[0], 1, &j->handle);
  napi_value promise, name;
  napi_create_promise(env, &j->deferred, &promise);
  napi_create_string_utf8(env, "x-window-capture", NAPI_AUTO_LENGTH, &name);
  napi_create_async_work(env, NULL, name, execute, complete, j, &j->work);
  napi_queue_async_work(env, j->work);
  return promise;
}

NAPI_MODULE_INIT() {
  const napi_property_descriptor properties[] = {
    {"check", NULL, check, NULL, NULL, NULL, napi_default, NULL},
    {"open", NULL, open_session, NULL, NULL, NULL, napi_default, NULL},
    {"capture", NULL, capture, NULL, NULL, NULL, napi_default, NULL},
    {"close", NULL, close_js, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof(properties) / sizeof(properties[0]), properties);
  return exports;
}
