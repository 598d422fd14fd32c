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

// The attributes of the windows of `stack` (the root's children, bottom to top) above `top`, asked
// ahead by own_windows_ask so that their round trip is the one the capture makes for its own window;
// own_windows reads them, or own_windows_drop lets them go when the capture ends without.
typedef struct {
  xcb_get_window_attributes_cookie_t *cookies;
  // The stack's indices asked: [from, to).
  int from, to;
} own_ask;
own_ask own_windows_ask(x_session *xs, xcb_window_t top, const xcb_window_t *stack, int count);
void own_windows_drop(x_session *xs, own_ask *ask);

// The windows of `stack` asked by `ask` that belong to `window`, bottom to top, at most
// OWN_WINDOWS_MAX; `window_pid` is its _NET_WM_PID (0: none). Only their attributes and properties
// are read here, never their pixels. Consumes `ask`.
int own_windows(x_session *xs, own_ask *ask, xcb_window_t window, uint32_t window_pid, const xcb_window_t *stack, own_window *out);

#endif
