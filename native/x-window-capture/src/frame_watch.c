// What says a window's frame may differ from the last one read. A frame is read from the Composite
// pixmaps of top-levels (the allowed window's and its joined popups'): a DAMAGE object on each, at
// report level non-empty, sends one notify when anything draws into it (into any window inside it:
// with automatic redirection their drawing lands in the top-level's pixmap), and is emptied again
// (DamageSubtract) before each read, so drawing after that always notifies anew. The rest of a
// frame, where and how big each window is, its shape, which windows join (own_windows.c), changes
// only with an event: the root's SubstructureNotify (mapping, unmapping, moving, restacking of
// top-levels), StructureNotify and ShapeNotify of every window whose geometry or shape is read, and
// PropertyNotify of the properties the rule reads. Any of them, or any X error, means "read again".
// Not heard: a mapped window's override-redirect flag changed in place (no event exists; toolkits
// set it before mapping). Where the window is and how big is also asked outright, in the same round
// trip that collects the events, and compared with what it was when the last capture began: a move
// or resize is never taken for "unchanged", even should its event be missed (a test under load once
// got "unchanged" right after a move).
#include "frame_watch.h"

#include <stdlib.h>
#include <xcb/damage.h>
#include <xcb/shape.h>

#include "own_windows.h"

// The allowed window's top-level and those of its joined popups.
#define TRACKED_MAX (1 + OWN_WINDOWS_MAX)

struct frame_watch {
  uint8_t damage_event, shape_event;
  // The window of the last capture and its serial; XCB_WINDOW_NONE when it failed or none was made.
  xcb_window_t window, capturing;
  uint32_t serial;
  // An event heard since the capture began says the frame may differ.
  int changed;
  // A top-level could not be tracked (more than TRACKED_MAX): that capture is never answered for.
  int untracked;
  int count;
  xcb_window_t tops[TRACKED_MAX];
  xcb_damage_damage_t damages[TRACKED_MAX];
  uint8_t used[TRACKED_MAX];
  // The captured window's place on the root and size when the last capture began (asked in
  // fw_begin, answered by fw_end, which always follows it); known is 0 when that could not be told.
  xcb_translate_coordinates_cookie_t place_cookie;
  xcb_get_geometry_cookie_t size_cookie;
  int known;
  int16_t x, y;
  uint16_t width, height;
};

struct geometry {
  int ok;
  int16_t x, y;
  uint16_t width, height;
};

// The replies to a place and size asked of the server: ok is 0 when either failed (window gone).
static struct geometry geometry_reply(x_session *xs, xcb_translate_coordinates_cookie_t place, xcb_get_geometry_cookie_t size) {
  struct geometry g = {0, 0, 0, 0, 0};
  xcb_translate_coordinates_reply_t *p = xcb_translate_coordinates_reply(xs->conn, place, NULL);
  xcb_get_geometry_reply_t *z = xcb_get_geometry_reply(xs->conn, size, NULL);
  if (p && z) g = (struct geometry){1, p->dst_x, p->dst_y, z->width, z->height};
  free(p);
  free(z);
  return g;
}

void fw_open(x_session *xs) {
  const xcb_query_extension_reply_t *damage = xcb_get_extension_data(xs->conn, &xcb_damage_id);
  if (!damage || !damage->present) return;
  // A client must agree on a version before the server takes its DAMAGE requests.
  xcb_damage_query_version_reply_t *v = xcb_damage_query_version_reply(xs->conn, xcb_damage_query_version(xs->conn, 1, 1), NULL);
  if (!v) return;
  free(v);
  struct frame_watch *w = calloc(1, sizeof *w);
  w->damage_event = damage->first_event;
  if (xs->has_shape) w->shape_event = xcb_get_extension_data(xs->conn, &xcb_shape_id)->first_event;
  xs->watch = w;
  const uint32_t mask = XCB_EVENT_MASK_SUBSTRUCTURE_NOTIFY;
  xcb_change_window_attributes(xs->conn, xs->root, XCB_CW_EVENT_MASK, &mask);
}

void fw_close(x_session *xs) {
  // The server frees the DAMAGE objects with the connection.
  free(xs->watch);
  xs->watch = NULL;
}

static void hear(x_session *xs, struct frame_watch *w, const xcb_generic_event_t *e) {
  const uint8_t type = e->response_type & 0x7f;
  if (type == 0 || type == w->damage_event + XCB_DAMAGE_NOTIFY || (w->shape_event && type == w->shape_event + XCB_SHAPE_NOTIFY)) {
    w->changed = 1;
    return;
  }
  switch (type) {
    case XCB_PROPERTY_NOTIFY: {
      const xcb_atom_t atom = ((const xcb_property_notify_event_t *)e)->atom;
      // A title or any other property changes nothing in a frame.
      if (atom == XCB_ATOM_WM_TRANSIENT_FOR || atom == xs->atom_wm_state || atom == xs->atom_net_wm_pid) w->changed = 1;
      break;
    }
    case XCB_CONFIGURE_NOTIFY:
    case XCB_MAP_NOTIFY:
    case XCB_UNMAP_NOTIFY:
    case XCB_DESTROY_NOTIFY:
    case XCB_REPARENT_NOTIFY:
    case XCB_CIRCULATE_NOTIFY:
    case XCB_GRAVITY_NOTIFY:
      w->changed = 1;
      break;
    default:
      break;
  }
}

// Hears every event already read from the server.
static void drain(x_session *xs, struct frame_watch *w) {
  xcb_generic_event_t *e;
  while ((e = xcb_poll_for_queued_event(xs->conn))) {
    hear(xs, w, e);
    free(e);
  }
}

int fw_unchanged(x_session *xs, xcb_window_t window, uint32_t serial) {
  struct frame_watch *w = xs->watch;
  if (!w || w->window == XCB_WINDOW_NONE || w->window != window || w->serial != serial || xcb_connection_has_error(xs->conn)) return 0;
  if (!w->known) return 0;
  // The server answers after sending every event generated before it: all of them are queued then.
  const struct geometry g = geometry_reply(xs, xcb_translate_coordinates(xs->conn, window, xs->root, 0, 0), xcb_get_geometry(xs->conn, window));
  if (!g.ok) return 0;
  drain(xs, w);
  return !w->changed && g.x == w->x && g.y == w->y && g.width == w->width && g.height == w->height;
}

void fw_begin(x_session *xs, xcb_window_t window) {
  struct frame_watch *w = xs->watch;
  if (!w) return;
  drain(xs, w);
  w->changed = 0;
  w->untracked = 0;
  w->window = XCB_WINDOW_NONE;
  w->capturing = window;
  for (int i = 0; i < w->count; i++) w->used[i] = 0;
  // Answered while the capture makes its own round trips; collected by fw_end.
  w->place_cookie = xcb_translate_coordinates(xs->conn, window, xs->root, 0, 0);
  w->size_cookie = xcb_get_geometry(xs->conn, window);
}

void fw_watch_window(x_session *xs, xcb_window_t window) {
  if (!xs->watch) return;
  const uint32_t mask = XCB_EVENT_MASK_STRUCTURE_NOTIFY | XCB_EVENT_MASK_PROPERTY_CHANGE;
  xcb_change_window_attributes(xs->conn, window, XCB_CW_EVENT_MASK, &mask);
  if (xs->has_shape) xcb_shape_select_input(xs->conn, window, 1);
}

void fw_watch_pixels(x_session *xs, xcb_window_t top) {
  struct frame_watch *w = xs->watch;
  if (!w) return;
  for (int i = 0; i < w->count; i++) {
    if (w->tops[i] != top) continue;
    // Emptied before the read: what draws after it notifies again.
    if (!w->used[i]) xcb_damage_subtract(xs->conn, w->damages[i], XCB_NONE, XCB_NONE);
    w->used[i] = 1;
    return;
  }
  if (w->count == TRACKED_MAX) {
    w->untracked = 1;
    return;
  }
  w->tops[w->count] = top;
  w->damages[w->count] = xcb_generate_id(xs->conn);
  w->used[w->count] = 1;
  xcb_damage_create(xs->conn, w->damages[w->count], top, XCB_DAMAGE_REPORT_LEVEL_NON_EMPTY);
  w->count++;
}

void fw_end(x_session *xs, uint32_t serial) {
  struct frame_watch *w = xs->watch;
  if (!w) return;
  // Top-levels this capture did not read (a popup that closed) are tracked no longer.
  int kept = 0;
  for (int i = 0; i < w->count; i++) {
    if (!w->used[i]) {
      xcb_damage_destroy(xs->conn, w->damages[i]);
      continue;
    }
    w->tops[kept] = w->tops[i];
    w->damages[kept] = w->damages[i];
    w->used[kept++] = 1;
  }
  w->count = kept;
  const struct geometry g = geometry_reply(xs, w->place_cookie, w->size_cookie);
  w->known = g.ok;
  w->x = g.x;
  w->y = g.y;
  w->width = g.width;
  w->height = g.height;
  w->window = serial != 0 && !w->untracked ? w->capturing : XCB_WINDOW_NONE;
  w->serial = serial;
  xcb_flush(xs->conn);
}
