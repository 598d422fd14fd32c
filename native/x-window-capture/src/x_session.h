// One capture session on one X display: the XCB connection that keeps every top-level window
// redirected (Composite, automatic: the server still paints the screen as usual) for as long as it
// is open, and what reading a window's own pixels needs (a shared-memory segment, the pixel format).
#ifndef X_SESSION_H
#define X_SESSION_H

#include <stddef.h>
#include <stdint.h>
#include <xcb/xcb.h>
#include <xcb/shm.h>

#define XS_ERROR_SIZE 256

typedef struct {
  xcb_connection_t *conn;
  xcb_screen_t *screen;
  xcb_window_t root;
  // The server gives every client the same mask: XIDs that agree outside it belong to one client.
  uint32_t resource_mask;
  int has_shape;
  // MIT-SHM: a local server writes images straight into this segment; 0 when it cannot (remote).
  xcb_shm_seg_t shm_seg;
  int shm_id;
  uint8_t *shm_addr;
  size_t shm_size;
  int image_msb_first;
  xcb_atom_t atom_wm_state, atom_net_wm_pid;
  // What says the last frame may differ (frame_watch.c); NULL without the DAMAGE extension.
  struct frame_watch *watch;
  // Working memory of a capture (xs_scratch), kept between captures.
  uint8_t *scratch[2];
  size_t scratch_size[2];
} x_session;

// Connects to `display` (NULL: $DISPLAY) and redirects the root's children. On failure returns
// NULL with one sentence in `error` (XS_ERROR_SIZE bytes).
x_session *xs_open(const char *display, char *error);
// The same checks without redirecting anything: 0, or -1 with one sentence in `error`.
int xs_check(const char *display, char *error);
void xs_close(x_session *xs);

// A window region's pixels as the server holds them (ZPixmap, 32 bits a pixel), through shared
// memory when it can. Asked (xs_ask_image) and collected (xs_image_reply) apart, so that other
// requests share the round trip; nothing may ask for another image in between (they share the
// segment).
typedef struct {
  size_t size;
  int shm;
  xcb_shm_get_image_cookie_t shm_cookie;
  xcb_get_image_cookie_t cookie;
} xs_image;
void xs_ask_image(x_session *xs, xcb_drawable_t drawable, int x, int y, int width, int height, xs_image *image);
// The pixels: a pointer valid until the next image asked, or NULL with `error` set; `*to_free` is
// what the caller frees once it has read them (NULL through shared memory).
const uint8_t *xs_image_reply(x_session *xs, const xs_image *image, void **to_free, char *error);
// A 32-bit property of a window asked now and collected later, so that it shares a round trip with
// other requests (`atom` XCB_ATOM_NONE: nothing is asked, and the value is 0).
typedef struct {
  int asked;
  xcb_get_property_cookie_t cookie;
} xs_property_ask;
xs_property_ask xs_ask_property(x_session *xs, xcb_window_t w, xcb_atom_t atom, xcb_atom_t type);
// Its first 32-bit value, 0 when the window has none (or is gone).
uint32_t xs_property_reply(x_session *xs, xs_property_ask ask);

// Scratch buffer `which` (0 or 1) of at least `size` bytes, its contents undefined; valid until the
// next call for the same buffer or xs_close; NULL when out of memory. Kept, not freed: a capture
// needs the same sizes each time, and memory freshly mapped for each would be faulted in again.
uint8_t *xs_scratch(x_session *xs, int which, size_t size);

// The visual's depth of a visual id (24 or 32 on today's servers), 0 if unknown.
int xs_visual_depth(const x_session *xs, xcb_visualid_t visual);

#endif
