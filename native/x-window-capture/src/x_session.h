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
// memory when it can: a pointer valid until the next call, or NULL with `error` set.
const uint8_t *xs_get_image(x_session *xs, xcb_drawable_t drawable, int x, int y, int width, int height,
                            void **to_free, char *error);

// Scratch buffer `which` (0 or 1) of at least `size` bytes, its contents undefined; valid until the
// next call for the same buffer or xs_close; NULL when out of memory. Kept, not freed: a capture
// needs the same sizes each time, and memory freshly mapped for each would be faulted in again.
uint8_t *xs_scratch(x_session *xs, int which, size_t size);

// The visual's depth of a visual id (24 or 32 on today's servers), 0 if unknown.
int xs_visual_depth(const x_session *xs, xcb_visualid_t visual);

#endif
