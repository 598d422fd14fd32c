// A frame of one window made of its own pixels and those of the windows that belong to it.
#ifndef WINDOW_PIXELS_H
#define WINDOW_PIXELS_H

#include "own_windows.h"

typedef struct {
  // RGB, 3 bytes a pixel, rows of width * 3 bytes, from pixel_pool_take: the caller gives it back
  // (pixel_pool_give) with its capacity.
  uint8_t *rgb;
  size_t capacity;
  int width, height;
  // The window's top-left (inside its border) in root coordinates.
  int x, y;
  // The windows drawn onto it (own_windows.c), bottom to top.
  int joined;
  xcb_window_t joined_ids[OWN_WINDOWS_MAX];
} window_frame;

// Fills `frame` for `window` (a client window id): its own pixels where its shape and its frame's
// shape let them show, black elsewhere, with its own popups and dialogs drawn on top. Returns 0, or
// -1 with one sentence in `error` (XS_ERROR_SIZE bytes).
int window_frame_capture(x_session *xs, xcb_window_t window, window_frame *frame, char *error);

#endif
