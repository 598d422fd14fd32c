// Reads a window's frame from Composite pixmaps: the pixmap of the allowed window's top-level (the
// window manager's frame around it), cut to the window's own area, then the pixmaps of the windows
// own_windows.c lets join, each cut to its own area. A pixmap holds one window's contents whatever
// is stacked over it, so nothing of any other window is ever read; its pixels outside the window's
// bounding shape (never painted by the app, possibly left from before) are blacked out.
#include "window_pixels.h"

#include "frame_watch.h"
#include "pixel_pool.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xcb/composite.h>
#include <xcb/shape.h>

typedef struct {
  int x, y, width, height;
} rect;

static rect intersect(rect a, rect b) {
  int x = a.x > b.x ? a.x : b.x, y = a.y > b.y ? a.y : b.y;
  int right = a.x + a.width < b.x + b.width ? a.x + a.width : b.x + b.width;
  int bottom = a.y + a.height < b.y + b.height ? a.y + a.height : b.y + b.height;
  if (right <= x || bottom <= y) return (rect){0, 0, 0, 0};
  return (rect){x, y, right - x, bottom - y};
}

// A window's own area (inside its border) in root coordinates: asked, then collected (width 0
// if it cannot be read), so that it shares a round trip with other requests.
typedef struct {
  xcb_get_geometry_cookie_t size;
  xcb_translate_coordinates_cookie_t place;
} area_ask;

static area_ask ask_area(x_session *xs, xcb_window_t w) {
  return (area_ask){xcb_get_geometry(xs->conn, w), xcb_translate_coordinates(xs->conn, w, xs->root, 0, 0)};
}

static rect area_reply(x_session *xs, area_ask ask) {
  xcb_get_geometry_reply_t *g = xcb_get_geometry_reply(xs->conn, ask.size, NULL);
  xcb_translate_coordinates_reply_t *t = xcb_translate_coordinates_reply(xs->conn, ask.place, NULL);
  rect r = {0, 0, 0, 0};
  if (g && t) r = (rect){t->dst_x, t->dst_y, g->width, g->height};
  free(g);
  free(t);
  return r;
}

// Whether a window has a bounding shape of its own (most have none): asked, then collected.
typedef struct {
  int asked;
  xcb_shape_query_extents_cookie_t cookie;
} shape_ask;

static shape_ask ask_shaped(x_session *xs, xcb_window_t w) {
  shape_ask ask = {.asked = xs->has_shape};
  if (ask.asked) ask.cookie = xcb_shape_query_extents(xs->conn, w);
  return ask;
}

static int shaped_reply(x_session *xs, shape_ask ask) {
  if (!ask.asked) return 0;
  xcb_shape_query_extents_reply_t *extents = xcb_shape_query_extents_reply(xs->conn, ask.cookie, NULL);
  int shaped = extents && extents->bounding_shaped;
  free(extents);
  return shaped;
}

// Narrows `*mask` (one byte a pixel of `region`; NULL: every pixel shows) to a shaped window's
// bounding rectangles `r` (NULL when they could not be read: then nothing shows), relative to
// `origin` (the window's top-left inside its border). The masks live in the session's scratch
// (xs_scratch): a capture holds the session for as long as it draws. Returns 0, or -1 when there is
// no memory for the mask (then nothing may be drawn: it would show what the shape hides).
static int apply_shape(x_session *xs, xcb_shape_get_rectangles_reply_t *r, int origin_x, int origin_y, rect region, uint8_t **mask) {
  size_t size = (size_t)region.width * (size_t)region.height;
  // The first shape is the mask itself; a second is made beside it and ANDed in.
  uint8_t *inside = xs_scratch(xs, *mask ? 1 : 0, size);
  if (!inside) return -1;
  memset(inside, 0, size);
  if (r) {
    xcb_rectangle_t *rects = xcb_shape_get_rectangles_rectangles(r);
    for (int i = 0; i < xcb_shape_get_rectangles_rectangles_length(r); i++) {
      rect part = intersect((rect){origin_x + rects[i].x, origin_y + rects[i].y, rects[i].width, rects[i].height}, region);
      for (int y = 0; y < part.height; y++) memset(inside + (size_t)(part.y - region.y + y) * region.width + (part.x - region.x), 1, (size_t)part.width);
    }
  }
  if (!*mask) {
    *mask = inside;
    return 0;
  }
  for (size_t i = 0; i < size; i++) (*mask)[i] &= inside[i];
  return 0;
}

// Copies `region` of 32-bit server pixels `src` (rows of region.width) onto the frame's RGB, where
// `mask` lets them show, blended by their (premultiplied) alpha when `alpha` is set.
static void copy_pixels(const x_session *xs, const uint8_t *src, const uint8_t *mask, int alpha, rect region, window_frame *frame) {
  // 32-bit pixels: bytes B, G, R, A on an LSB-first server, A, R, G, B on an MSB-first one.
  const int r_at = xs->image_msb_first ? 1 : 2, g_at = xs->image_msb_first ? 2 : 1, b_at = xs->image_msb_first ? 3 : 0, a_at = xs->image_msb_first ? 0 : 3;
  for (int y = 0; y < region.height; y++) {
    const uint8_t *s = src + (size_t)y * region.width * 4;
    const uint8_t *m = mask ? mask + (size_t)y * region.width : NULL;
    uint8_t *d = frame->rgb + ((size_t)(region.y - frame->y + y) * frame->width + (region.x - frame->x)) * 3;
    if (!m && !alpha && !xs->image_msb_first) {
      // The common case (an opaque, unshaped window, a little-endian server): fixed offsets and no
      // test per pixel, which the compiler keeps tight.
      for (int x = 0; x < region.width; x++, s += 4, d += 3) {
        d[0] = s[2];
        d[1] = s[1];
        d[2] = s[0];
      }
      continue;
    }
    for (int x = 0; x < region.width; x++, s += 4, d += 3) {
      if (m && !m[x]) continue;
      if (alpha && s[a_at] != 255) {
        const unsigned keep = 255u - s[a_at];
        d[0] = (uint8_t)(s[r_at] + (d[0] * keep + 127) / 255);
        d[1] = (uint8_t)(s[g_at] + (d[1] * keep + 127) / 255);
        d[2] = (uint8_t)(s[b_at] + (d[2] * keep + 127) / 255);
      } else {
        d[0] = s[r_at];
        d[1] = s[g_at];
        d[2] = s[b_at];
      }
    }
  }
}

// Draws `own.client`'s area, within `clip` (root coordinates, inside the frame's area), from its
// top-level's pixmap onto the frame, where both the top-level's and the client's shapes allow; a
// 32-bit window is blended by its (premultiplied) alpha when `blend` is set. Two round trips: what
// the pixels are cut by, then the pixels (and a shaped window's rectangles). Returns 0 when it drew,
// 1 when nothing of the window lies in `clip`, or -1 with `error` set.
static int draw(x_session *xs, own_window own, rect clip, int blend, window_frame *frame, char *error) {
  // Tracked before the read: whatever draws after it notifies.
  fw_watch_pixels(xs, own.top);
  // Named first: the replies to the requests after it tell that it succeeded (no round trip of its own).
  xcb_pixmap_t pixmap = xcb_generate_id(xs->conn);
  xcb_void_cookie_t named = xcb_composite_name_window_pixmap_checked(xs->conn, own.top, pixmap);
  xcb_get_geometry_cookie_t top_size = xcb_get_geometry(xs->conn, own.top);
  xcb_get_window_attributes_cookie_t top_attrs = xcb_get_window_attributes(xs->conn, own.top);
  area_ask client_area = ask_area(xs, own.client);
  const int separate = own.client != own.top;
  shape_ask top_shape = ask_shaped(xs, own.top), client_shape = {0};
  if (separate) client_shape = ask_shaped(xs, own.client);

  xcb_get_geometry_reply_t *tg = xcb_get_geometry_reply(xs->conn, top_size, NULL);
  xcb_get_window_attributes_reply_t *ta = xcb_get_window_attributes_reply(xs->conn, top_attrs, NULL);
  const rect client = area_reply(xs, client_area);
  const int top_shaped = shaped_reply(xs, top_shape), client_shaped = separate && shaped_reply(xs, client_shape);
  // The replies to the requests after it are in: this costs no round trip.
  xcb_generic_error_t *e = xcb_request_check(xs->conn, named);
  const int has_pixmap = e == NULL;
  int result = 0;
  if (!tg || !ta || client.width == 0) {
    snprintf(error, XS_ERROR_SIZE, "the window is gone");
    result = -1;
  } else if (e) {
    snprintf(error, XS_ERROR_SIZE, "the X server gave no pixmap of the window (X error %d)", e->error_code);
    result = -1;
  }
  // The pixmap covers the top-level with its border; (0, 0) is the border's outer corner.
  const int top_x = tg ? tg->x : 0, top_y = tg ? tg->y : 0, border = tg ? tg->border_width : 0;
  const int depth = ta ? xs_visual_depth(xs, ta->visual) : 0;
  const rect region = tg ? intersect(intersect(client, clip), (rect){top_x, top_y, tg->width + 2 * border, tg->height + 2 * border}) : (rect){0, 0, 0, 0};
  free(tg);
  free(ta);
  free(e);
  if (result == 0 && depth != 24 && depth != 32) {
    snprintf(error, XS_ERROR_SIZE, "the window's pixels are %d-bit, not 24- or 32-bit", depth);
    result = -1;
  }
  if (result == 0 && region.width == 0) result = 1;
  if (result != 0) {
    // A pixmap that was never named is not freed (that would be an X error of its own).
    if (has_pixmap) xcb_free_pixmap(xs->conn, pixmap);
    return result;
  }

  xs_image image;
  xs_ask_image(xs, pixmap, region.x - top_x, region.y - top_y, region.width, region.height, &image);
  xcb_shape_get_rectangles_cookie_t top_rects, client_rects;
  if (top_shaped) top_rects = xcb_shape_get_rectangles(xs->conn, own.top, XCB_SHAPE_SK_BOUNDING);
  if (client_shaped) client_rects = xcb_shape_get_rectangles(xs->conn, own.client, XCB_SHAPE_SK_BOUNDING);
  void *to_free = NULL;
  const uint8_t *src = xs_image_reply(xs, &image, &to_free, error);
  xcb_shape_get_rectangles_reply_t *tr = top_shaped ? xcb_shape_get_rectangles_reply(xs->conn, top_rects, NULL) : NULL;
  xcb_shape_get_rectangles_reply_t *cr = client_shaped ? xcb_shape_get_rectangles_reply(xs->conn, client_rects, NULL) : NULL;
  xcb_free_pixmap(xs->conn, pixmap);
  uint8_t *mask = NULL;
  if (src && top_shaped && apply_shape(xs, tr, top_x + border, top_y + border, region, &mask) != 0) result = -1;
  if (src && result == 0 && client_shaped && apply_shape(xs, cr, client.x, client.y, region, &mask) != 0) result = -1;
  free(tr);
  free(cr);
  if (!src) result = -1;
  else if (result != 0) snprintf(error, XS_ERROR_SIZE, "there was no memory for the window's shape");
  else copy_pixels(xs, src, mask, blend && depth == 32, region, frame);
  free(to_free);
  return result;
}

// The top-level holding `window` (the root's child: the window manager's frame, or itself), given
// its parent and the root's children (one round trip, asked with the rest); only a frame nested
// deeper than one level costs round trips of its own. Each window on the way up is watched.
static xcb_window_t top_level(x_session *xs, xcb_window_t window, xcb_window_t parent, const xcb_window_t *stack, int count) {
  if (parent == XCB_WINDOW_NONE || parent == xs->root) return window;
  xcb_window_t top = parent;
  fw_watch_window(xs, top);
  for (int i = 0; i < count; i++) {
    if (stack[i] == top) return top;
  }
  for (int depth = 0; depth < 16; depth++) {
    xcb_query_tree_reply_t *t = xcb_query_tree_reply(xs->conn, xcb_query_tree(xs->conn, top), NULL);
    xcb_window_t up = t ? t->parent : XCB_WINDOW_NONE;
    free(t);
    if (up == XCB_WINDOW_NONE || up == xs->root) break;
    top = up;
    fw_watch_window(xs, top);
  }
  return top;
}

int window_frame_capture(x_session *xs, xcb_window_t window, window_frame *frame, char *error) {
  memset(frame, 0, sizeof *frame);
  if (xcb_connection_has_error(xs->conn)) {
    snprintf(error, XS_ERROR_SIZE, "the connection to the X server was lost");
    return -1;
  }
  fw_watch_window(xs, window);
  // One round trip for whether and where the window is, its parent, the stacking order and its process.
  xcb_get_window_attributes_cookie_t attrs_ask = xcb_get_window_attributes(xs->conn, window);
  area_ask place = ask_area(xs, window);
  xcb_query_tree_cookie_t parent_ask = xcb_query_tree(xs->conn, window);
  xcb_query_tree_cookie_t stack_ask = xcb_query_tree(xs->conn, xs->root);
  xs_property_ask pid_ask = xs_ask_property(xs, window, xs->atom_net_wm_pid, XCB_ATOM_CARDINAL);
  xcb_get_window_attributes_reply_t *attrs = xcb_get_window_attributes_reply(xs->conn, attrs_ask, NULL);
  const int viewable = attrs && attrs->map_state == XCB_MAP_STATE_VIEWABLE;
  free(attrs);
  const rect area = area_reply(xs, place);
  xcb_query_tree_reply_t *tree = xcb_query_tree_reply(xs->conn, parent_ask, NULL);
  const xcb_window_t parent = tree ? tree->parent : XCB_WINDOW_NONE;
  free(tree);
  xcb_query_tree_reply_t *stack = xcb_query_tree_reply(xs->conn, stack_ask, NULL);
  const uint32_t pid = xs_property_reply(xs, pid_ask);
  if (!viewable || area.width == 0) {
    free(stack);
    snprintf(error, XS_ERROR_SIZE, "window %u is not on screen", window);
    return -1;
  }
  if (!stack) {
    snprintf(error, XS_ERROR_SIZE, "the connection to the X server was lost");
    return -1;
  }
  const xcb_window_t *children = xcb_query_tree_children(stack);
  const int count = xcb_query_tree_children_length(stack);
  const xcb_window_t top = top_level(xs, window, parent, children, count);
  frame->x = area.x;
  frame->y = area.y;
  frame->width = area.width;
  frame->height = area.height;
  // Zeroed: what no window paints stays black.
  frame->rgb = pixel_pool_take((size_t)area.width * (size_t)area.height * 3, &frame->capacity);
  if (!frame->rgb) {
    free(stack);
    snprintf(error, XS_ERROR_SIZE, "there was no memory for the window's pixels");
    return -1;
  }
  // The windows above it asked now: their attributes come back with the window's own.
  own_ask above = own_windows_ask(xs, top, children, count);
  own_window self = {.top = top, .client = window};
  const int drawn = draw(xs, self, area, 0, frame, error);
  if (drawn != 0) {
    // Nothing drawn (1): the window left its own area meanwhile (moved): no frame either.
    if (drawn == 1) snprintf(error, XS_ERROR_SIZE, "window %u is not on screen", window);
    own_windows_drop(xs, &above);
    free(stack);
    pixel_pool_give(frame->rgb, frame->capacity);
    frame->rgb = NULL;
    return -1;
  }
  own_window joined[OWN_WINDOWS_MAX];
  int n = own_windows(xs, &above, window, pid, children, joined);
  free(stack);
  for (int i = 0; i < n; i++) {
    char ignored[XS_ERROR_SIZE];
    // A popup that closed meanwhile, or lies outside the window, is simply not drawn.
    if (draw(xs, joined[i], area, 1, frame, ignored) == 0) frame->joined_ids[frame->joined++] = joined[i].client;
  }
  return 0;
}
