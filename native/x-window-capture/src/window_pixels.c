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

// A window's own area (inside its border) in root coordinates, or width 0 if it cannot be read.
static rect area_of(x_session *xs, xcb_window_t w) {
  xcb_get_geometry_cookie_t gc = xcb_get_geometry(xs->conn, w);
  xcb_translate_coordinates_cookie_t tc = xcb_translate_coordinates(xs->conn, w, xs->root, 0, 0);
  xcb_get_geometry_reply_t *g = xcb_get_geometry_reply(xs->conn, gc, NULL);
  xcb_translate_coordinates_reply_t *t = xcb_translate_coordinates_reply(xs->conn, tc, NULL);
  rect r = {0, 0, 0, 0};
  if (g && t) r = (rect){t->dst_x, t->dst_y, g->width, g->height};
  free(g);
  free(t);
  return r;
}

// Narrows `*mask` (one byte a pixel of `region`; NULL: every pixel shows) to `w`'s bounding shape,
// whose rectangles are relative to `origin` (the window's top-left inside its border). An unshaped
// window narrows nothing; most windows are, and then no mask is ever made. The masks live in the
// session's scratch (xs_scratch): a capture holds the session for as long as it draws. Returns 0, or
// -1 when there is no memory for the mask (then nothing may be drawn: it would show what the shape hides).
static int apply_shape(x_session *xs, xcb_window_t w, int origin_x, int origin_y, rect region, uint8_t **mask) {
  if (!xs->has_shape) return 0;
  xcb_shape_query_extents_reply_t *extents = xcb_shape_query_extents_reply(xs->conn, xcb_shape_query_extents(xs->conn, w), NULL);
  int shaped = extents && extents->bounding_shaped;
  free(extents);
  if (!shaped) return 0;
  xcb_shape_get_rectangles_reply_t *r = xcb_shape_get_rectangles_reply(xs->conn, xcb_shape_get_rectangles(xs->conn, w, XCB_SHAPE_SK_BOUNDING), NULL);
  size_t size = (size_t)region.width * (size_t)region.height;
  // The first shape is the mask itself; a second is made beside it and ANDed in.
  uint8_t *inside = xs_scratch(xs, *mask ? 1 : 0, size);
  if (!inside) {
    free(r);
    return -1;
  }
  memset(inside, 0, size);
  if (r) {
    xcb_rectangle_t *rects = xcb_shape_get_rectangles_rectangles(r);
    for (int i = 0; i < xcb_shape_get_rectangles_rectangles_length(r); i++) {
      rect part = intersect((rect){origin_x + rects[i].x, origin_y + rects[i].y, rects[i].width, rects[i].height}, region);
      for (int y = 0; y < part.height; y++) memset(inside + (size_t)(part.y - region.y + y) * region.width + (part.x - region.x), 1, (size_t)part.width);
    }
  }
  free(r);
  if (!*mask) {
    *mask = inside;
    return 0;
  }
  for (size_t i = 0; i < size; i++) (*mask)[i] &= inside[i];
  return 0;
}

// Draws `region` (root coordinates, inside the frame's area) of `own`'s pixmap onto the frame,
// where both its top-level's and its client's shapes allow; a 32-bit window is blended by its
// (premultiplied) alpha. Returns 0, or -1 with `error` set.
static int draw(x_session *xs, own_window own, rect region, int blend, window_frame *frame, char *error) {
  xcb_get_geometry_reply_t *tg = xcb_get_geometry_reply(xs->conn, xcb_get_geometry(xs->conn, own.top), NULL);
  xcb_get_window_attributes_reply_t *ta = xcb_get_window_attributes_reply(xs->conn, xcb_get_window_attributes(xs->conn, own.top), NULL);
  if (!tg || !ta) {
    free(tg);
    free(ta);
    snprintf(error, XS_ERROR_SIZE, "the window is gone");
    return -1;
  }
  // The pixmap covers the top-level with its border; (0, 0) is the border's outer corner.
  int top_x = tg->x, top_y = tg->y, border = tg->border_width;
  region = intersect(region, (rect){top_x, top_y, tg->width + 2 * border, tg->height + 2 * border});
  int depth = xs_visual_depth(xs, ta->visual);
  free(tg);
  free(ta);
  if (depth != 24 && depth != 32) {
    snprintf(error, XS_ERROR_SIZE, "the window's pixels are %d-bit, not 24- or 32-bit", depth);
    return -1;
  }
  if (region.width == 0) return 0;
  int alpha = blend && depth == 32;
  fw_watch_pixels(xs, own.top);
  xcb_pixmap_t pixmap = xcb_generate_id(xs->conn);
  xcb_generic_error_t *e = xcb_request_check(xs->conn, xcb_composite_name_window_pixmap_checked(xs->conn, own.top, pixmap));
  if (e) {
    snprintf(error, XS_ERROR_SIZE, "the X server gave no pixmap of the window (X error %d)", e->error_code);
    free(e);
    return -1;
  }
  void *to_free = NULL;
  const uint8_t *src = xs_get_image(xs, pixmap, region.x - top_x, region.y - top_y, region.width, region.height, &to_free, error);
  if (!src) {
    xcb_free_pixmap(xs->conn, pixmap);
    return -1;
  }
  uint8_t *mask = NULL;
  int shaped = apply_shape(xs, own.top, top_x + border, top_y + border, region, &mask);
  if (shaped == 0 && own.client != own.top) {
    rect client = area_of(xs, own.client);
    shaped = apply_shape(xs, own.client, client.x, client.y, region, &mask);
  }
  if (shaped != 0) {
    free(to_free);
    xcb_free_pixmap(xs->conn, pixmap);
    snprintf(error, XS_ERROR_SIZE, "there was no memory for the window's shape");
    return -1;
  }
  // 32-bit pixels: bytes B, G, R, A on an LSB-first server, A, R, G, B on an MSB-first one.
  const int r_at = xs->image_msb_first ? 1 : 2, g_at = xs->image_msb_first ? 2 : 1, b_at = xs->image_msb_first ? 3 : 0, a_at = xs->image_msb_first ? 0 : 3;
  for (int y = 0; y < region.height; y++) {
    const uint8_t *s = src + (size_t)y * region.width * 4;
    const uint8_t *m = mask ? mask + (size_t)y * region.width : NULL;
    uint8_t *d = frame->rgb + ((size_t)(region.y - frame->y + y) * frame->width + (region.x - frame->x)) * 3;
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
  free(to_free);
  xcb_free_pixmap(xs->conn, pixmap);
  return 0;
}

int window_frame_capture(x_session *xs, xcb_window_t window, window_frame *frame, char *error) {
  memset(frame, 0, sizeof *frame);
  if (xcb_connection_has_error(xs->conn)) {
    snprintf(error, XS_ERROR_SIZE, "the connection to the X server was lost");
    return -1;
  }
  fw_watch_window(xs, window);
  xcb_get_window_attributes_reply_t *attrs = xcb_get_window_attributes_reply(xs->conn, xcb_get_window_attributes(xs->conn, window), NULL);
  int viewable = attrs && attrs->map_state == XCB_MAP_STATE_VIEWABLE;
  free(attrs);
  rect area = area_of(xs, window);
  if (!viewable || area.width == 0) {
    snprintf(error, XS_ERROR_SIZE, "window %u is not on screen", window);
    return -1;
  }
  // Its top-level: the root's child holding it (the window manager's frame, or itself).
  xcb_window_t top = window;
  for (int depth = 0; depth < 16; depth++) {
    xcb_query_tree_reply_t *t = xcb_query_tree_reply(xs->conn, xcb_query_tree(xs->conn, top), NULL);
    xcb_window_t parent = t ? t->parent : XCB_WINDOW_NONE;
    free(t);
    if (parent == XCB_WINDOW_NONE || parent == xs->root) break;
    top = parent;
    fw_watch_window(xs, top);
  }
  xcb_query_tree_reply_t *stack = xcb_query_tree_reply(xs->conn, xcb_query_tree(xs->conn, xs->root), NULL);
  if (!stack) {
    snprintf(error, XS_ERROR_SIZE, "the connection to the X server was lost");
    return -1;
  }
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
  own_window self = {.top = top, .client = window};
  if (draw(xs, self, area, 0, frame, error) != 0) {
    free(stack);
    pixel_pool_give(frame->rgb, frame->capacity);
    frame->rgb = NULL;
    return -1;
  }
  own_window joined[OWN_WINDOWS_MAX];
  int n = own_windows(xs, window, window_pid(xs, window), top, xcb_query_tree_children(stack), xcb_query_tree_children_length(stack), joined);
  free(stack);
  for (int i = 0; i < n; i++) {
    rect region = intersect(area_of(xs, joined[i].client), area);
    char ignored[XS_ERROR_SIZE];
    // A popup that closed meanwhile is simply no longer there to draw.
    if (region.width == 0 || draw(xs, joined[i], region, 1, frame, ignored) != 0) continue;
    frame->joined_ids[frame->joined++] = joined[i].client;
  }
  return 0;
}
