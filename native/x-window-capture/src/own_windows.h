// Which windows stacked above an allowed window belong to its observation: its own menus,
// dropdowns, tooltips and dialogs. The rule lives in own_windows.c and nowhere else.
#ifndef OWN_WINDOWS_H
#define OWN_WINDOWS_H

#include "x_session.h"

#define OWN_WINDOWS_MAX 32

typedef struct {
  // The root's child: its Composite pixmap holds the pixels.
  xcb_window_t top;
  // The window in it whose area is shown (the client inside a window manager's frame, else `top`).
  xcb_window_t client;
} own_window;

// The windows of `stack` (the root's children, bottom to top) above `top` that belong to `window`,
// bottom to top, at most OWN_WINDOWS_MAX; `window_pid` is its _NET_WM_PID (0: none). Only their
// attributes and properties are read here, never their pixels.
int own_windows(x_session *xs, xcb_window_t window, uint32_t window_pid, xcb_window_t top,
                const xcb_window_t *stack, int count, own_window *out);

// A window's _NET_WM_PID, 0 when it has none.
uint32_t window_pid(x_session *xs, xcb_window_t window);

#endif
