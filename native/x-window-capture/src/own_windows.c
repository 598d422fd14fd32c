// The rule for whose pixels join an allowed window's frame. A window stacked above it joins when
//   - it is transient for the allowed window, or for a window that joined before it (a dialog, a
//     GTK menu, a submenu), or
//   - it is an override-redirect popup (a menu, dropdown or tooltip: windows no window manager
//     frames) with no WM_TRANSIENT_FOR, made by the same X client (its XID shares the allowed
//     window's resource base) or by the same process (_NET_WM_PID).
// A popup transient for another window, even of the same client (a second browser window, maybe a
// private one), does not join, and neither does any window of another app: their pixels are never
// read. Everything here reads attributes and properties only. The keyboard receiver
// (src/capture/x11/x11-keyboard-receiver.ts) answers a broader question, whether keys go to the
// allowed app, and counts every window of its client; a frame draws only this window's own popups.
#include "own_windows.h"

#include "frame_watch.h"

#include <stdlib.h>

static int has_wm_state(x_session *xs, xcb_window_t w) {
  xcb_get_property_reply_t *r = xcb_get_property_reply(xs->conn, xcb_get_property(xs->conn, 0, w, xs->atom_wm_state, XCB_ATOM_ANY, 0, 0), NULL);
  int found = r && r->type != XCB_ATOM_NONE;
  free(r);
  return found;
}

// The client window a window manager put in `frame`: the one carrying WM_STATE (ICCCM), searched
// two levels down, as frames nest the client at most that deep; `frame` itself if none does.
static xcb_window_t client_of(x_session *xs, xcb_window_t frame, int depth) {
  fw_watch_window(xs, frame);
  if (has_wm_state(xs, frame)) return frame;
  if (depth == 0) return XCB_WINDOW_NONE;
  xcb_query_tree_reply_t *tree = xcb_query_tree_reply(xs->conn, xcb_query_tree(xs->conn, frame), NULL);
  xcb_window_t found = XCB_WINDOW_NONE;
  if (tree) {
    xcb_window_t *children = xcb_query_tree_children(tree);
    for (int i = xcb_query_tree_children_length(tree) - 1; i >= 0 && found == XCB_WINDOW_NONE; i--) found = client_of(xs, children[i], depth - 1);
  }
  free(tree);
  return found;
}

static int joined(const own_window *out, int n, xcb_window_t w) {
  for (int i = 0; i < n; i++) {
    if (out[i].client == w || out[i].top == w) return 1;
  }
  return 0;
}

own_ask own_windows_ask(x_session *xs, xcb_window_t top, const xcb_window_t *stack, int count) {
  own_ask ask = {NULL, 0, 0};
  int from = 0;
  while (from < count && stack[from] != top) from++;
  if (from == count) return ask;
  from++;
  // One round trip for all the windows' attributes, not one per window.
  ask.cookies = malloc(sizeof *ask.cookies * (size_t)(count - from + 1));
  if (!ask.cookies) return ask;
  for (int i = from; i < count; i++) ask.cookies[i - from] = xcb_get_window_attributes(xs->conn, stack[i]);
  ask.from = from;
  ask.to = count;
  return ask;
}

void own_windows_drop(x_session *xs, own_ask *ask) {
  for (int i = ask->from; i < ask->to; i++) xcb_discard_reply(xs->conn, ask->cookies[i - ask->from].sequence);
  free(ask->cookies);
  *ask = (own_ask){NULL, 0, 0};
}

int own_windows(x_session *xs, own_ask *ask, xcb_window_t window, uint32_t pid, const xcb_window_t *stack, own_window *out) {
  int n = 0;
  for (int i = ask->from; i < ask->to; i++) {
    xcb_get_window_attributes_reply_t *a = xcb_get_window_attributes_reply(xs->conn, ask->cookies[i - ask->from], NULL);
    int candidate = a && a->map_state == XCB_MAP_STATE_VIEWABLE && a->_class == XCB_WINDOW_CLASS_INPUT_OUTPUT;
    int override_redirect = a && a->override_redirect;
    free(a);
    if (!candidate || n == OWN_WINDOWS_MAX) continue;
    // Watched before its properties are read (client_of watches what it descends into), so that a
    // change after the read is heard; a change of map state is heard at the root.
    if (override_redirect) fw_watch_window(xs, stack[i]);
    xcb_window_t client = override_redirect ? stack[i] : client_of(xs, stack[i], 2);
    if (client == XCB_WINDOW_NONE) continue;
    // Both properties the rule may read, asked together: one round trip, not one each.
    xs_property_ask transient_ask = xs_ask_property(xs, client, XCB_ATOM_WM_TRANSIENT_FOR, XCB_ATOM_WINDOW);
    xs_property_ask pid_ask = xs_ask_property(xs, client, xs->atom_net_wm_pid, XCB_ATOM_CARDINAL);
    xcb_window_t transient_for = xs_property_reply(xs, transient_ask);
    uint32_t client_pid = xs_property_reply(xs, pid_ask);
    int joins;
    if (transient_for != XCB_WINDOW_NONE) {
      joins = transient_for == window || joined(out, n, transient_for);
    } else {
      int same_client = (client & ~xs->resource_mask) == (window & ~xs->resource_mask);
      joins = override_redirect && (same_client || (pid != 0 && client_pid == pid));
    }
    if (joins) out[n++] = (own_window){.top = stack[i], .client = client};
  }
  free(ask->cookies);
  *ask = (own_ask){NULL, 0, 0};
  return n;
}
