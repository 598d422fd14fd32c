// malloc-trim: hands the pages that glibc's malloc holds free back to the system.
//
// glibc returns freed memory to the system only from the top of each arena; a free page between
// blocks still in use stays resident. A recorder frees and allocates small blocks all day (X
// replies, encoded events, SQLite rows), so its main arena's resident pages grow while what it holds
// live stays flat: ten minutes under recorder-load, screens on, heaptrack counted 15.1 MB live from
// the third minute on while the arena's resident pages went 6.9 -> 8.1 MB. malloc_trim(0) walks
// every arena and gives back each whole free page (madvise), not only the top. Measured: 0.5-2 MB
// off a recording's RSS; the slow growth that remains (~0.08 MB a minute) is pages that long-lived
// blocks keep partly used, which no trim can give back.
// Elsewhere (musl, macOS, Windows) there is no such call, and trim() resolves to false.
#include <stdlib.h>

#include <node_api.h>

#ifdef __GLIBC__
#include <malloc.h>
#endif

// The call runs on a thread of libuv's pool: with many holes it takes a while (a 100 MB heap of
// 16 KB blocks, 15 of 16 freed: ~100 ms), and the JS thread must not wait for it.
typedef struct {
  napi_async_work work;
  napi_deferred deferred;
  int released;
} Trim;

static void trim_execute(napi_env env, void *data) {
  (void)env;
  Trim *trim = data;
#ifdef __GLIBC__
  trim->released = malloc_trim(0);
#else
  trim->released = 0;
#endif
}

static void trim_complete(napi_env env, napi_status status, void *data) {
  Trim *trim = data;
  napi_value result;
  napi_get_boolean(env, status == napi_ok && trim->released != 0, &result);
  napi_resolve_deferred(env, trim->deferred, result);
  napi_delete_async_work(env, trim->work);
  free(trim);
}

// trim(): a promise of true when pages were given back, false when none were or this C library
// has no such call.
static napi_value trim(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value promise, name;
  Trim *trim = calloc(1, sizeof *trim);
  if (trim == NULL) {
    napi_throw_error(env, NULL, "malloc-trim: out of memory");
    return NULL;
  }
  napi_create_promise(env, &trim->deferred, &promise);
  napi_create_string_utf8(env, "malloc-trim", NAPI_AUTO_LENGTH, &name);
  napi_create_async_work(env, NULL, name, trim_execute, trim_complete, trim, &trim->work);
  napi_queue_async_work(env, trim->work);
  return promise;
}

NAPI_MODULE_INIT() {
  const napi_property_descriptor properties[] = {
    {"trim", NULL, trim, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof(properties) / sizeof(properties[0]), properties);
  return exports;
}
