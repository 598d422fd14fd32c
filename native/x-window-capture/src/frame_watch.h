// Whether a window's frame can have changed since the last one read: the X DAMAGE extension tells
// when anything draws into a pixmap a frame reads, and structure, shape and property events tell
// when what the frame is made of (sizes, places, stacking, which popups join) may differ.
#ifndef FRAME_WATCH_H
#define FRAME_WATCH_H

#include "x_session.h"

// Checks for DAMAGE and starts listening for the root's children being mapped, moved, restacked.
// Without DAMAGE nothing is watched and every capture reads (as fw_unchanged then always says no).
void fw_open(x_session *xs);
void fw_close(x_session *xs);

// 1 when the pixels of capture `serial` of `window` are, for certain, still what a capture would
// read now: it was the session's last capture, and no event since says otherwise. Makes one round
// trip first, so that every event the server generated before this call is seen.
int fw_unchanged(x_session *xs, xcb_window_t window, uint32_t serial);

// A capture of `window` begins: what was heard before it is forgotten (the capture reads after it).
void fw_begin(x_session *xs, xcb_window_t window);
// Listens for changes to a window whose geometry, shape or properties the capture reads; called
// before reading them, so that a change after the read is always heard.
void fw_watch_window(x_session *xs, xcb_window_t window);
// Tracks drawing into a top-level's pixmap from now on; called before reading its pixels.
void fw_watch_pixels(x_session *xs, xcb_window_t top);
// The capture succeeded (its serial, which fw_unchanged answers for) or failed (serial 0: none).
void fw_end(x_session *xs, uint32_t serial);

#endif
