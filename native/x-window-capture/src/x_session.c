// The X connection of a capture session: checks that the server can give one window's own pixels
// (Composite >= 0.2 and a 32-bit-per-pixel true-colour screen), redirects the top-level windows,
// and reads images through MIT-SHM where the server shares memory with us, else GetImage.
#include "x_session.h"

#include "frame_watch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <xcb/composite.h>
#include <xcb/shape.h>

static xcb_atom_t intern(xcb_connection_t *c, const char *name) {
  xcb_intern_atom_reply_t *r = xcb_intern_atom_reply(c, xcb_intern_atom(c, 0, (uint16_t)strlen(name), name), NULL);
  xcb_atom_t atom = r ? r->atom : XCB_ATOM_NONE;
  free(r);
  return atom;
}

// The screen must store 24-bit colour as 32-bit pixels with 8-bit red, green and blue channels:
// the only layout window_pixels.c converts (every server of today for depths 24 and 32).
static int supported_format(const xcb_setup_t *setup, const xcb_screen_t *screen) {
  int bpp32 = 0;
  for (xcb_format_iterator_t f = xcb_setup_pixmap_formats_iterator(setup); f.rem; xcb_format_next(&f)) {
    if (f.data->depth == 24 && f.data->bits_per_pixel == 32) bpp32 = 1;
  }
  if (!bpp32) return 0;
  for (xcb_depth_iterator_t d = xcb_screen_allowed_depths_iterator(screen); d.rem; xcb_depth_next(&d)) {
    for (xcb_visualtype_iterator_t v = xcb_depth_visuals_iterator(d.data); v.rem; xcb_visualtype_next(&v)) {
      if (v.data->visual_id == screen->root_visual) {
        return v.data->red_mask == 0xff0000 && v.data->green_mask == 0xff00 && v.data->blue_mask == 0xff;
      }
    }
  }
  return 0;
}

static int extension_present(xcb_connection_t *c, xcb_extension_t *ext) {
  const xcb_query_extension_reply_t *r = xcb_get_extension_data(c, ext);
  return r != NULL && r->present;
}

// Connects and checks that the server can give a window's own pixels in a format this reads.
static x_session *connect_checked(const char *display, char *error) {
  int screen_number = 0;
  xcb_connection_t *c = xcb_connect(display, &screen_number);
  if (xcb_connection_has_error(c)) {
    snprintf(error, XS_ERROR_SIZE, "cannot connect to the X display %s", display ? display : "($DISPLAY)");
    xcb_disconnect(c);
    return NULL;
  }
  const xcb_setup_t *setup = xcb_get_setup(c);
  xcb_screen_iterator_t it = xcb_setup_roots_iterator(setup);
  for (int i = 0; i < screen_number && it.rem; i++) xcb_screen_next(&it);
  xcb_composite_query_version_reply_t *version = NULL;
  if (extension_present(c, &xcb_composite_id)) {
    version = xcb_composite_query_version_reply(c, xcb_composite_query_version(c, 0, 4), NULL);
  }
  int composite = version && (version->major_version > 0 || version->minor_version >= 2);
  free(version);
  if (!composite) {
    snprintf(error, XS_ERROR_SIZE, "the X server has no Composite extension (0.2 or later), which gives a window's own pixels");
  } else if (!supported_format(setup, it.data)) {
    snprintf(error, XS_ERROR_SIZE, "the screen's pixel format is not 24-bit colour in 32-bit pixels");
  } else {
    x_session *xs = calloc(1, sizeof *xs);
    xs->conn = c;
    xs->screen = it.data;
    xs->root = it.data->root;
    xs->resource_mask = setup->resource_id_mask;
    xs->image_msb_first = setup->image_byte_order == XCB_IMAGE_ORDER_MSB_FIRST;
    xs->has_shape = extension_present(c, &xcb_shape_id);
    xs->shm_id = extension_present(c, &xcb_shm_id) ? -1 : -2;
    return xs;
  }
  xcb_disconnect(c);
  return NULL;
}

int xs_check(const char *display, char *error) {
  x_session *xs = connect_checked(display, error);
  if (!xs) return -1;
  xs_close(xs);
  return 0;
}

x_session *xs_open(const char *display, char *error) {
  x_session *xs = connect_checked(display, error);
  if (!xs) return NULL;
  xcb_generic_error_t *e = xcb_request_check(xs->conn, xcb_composite_redirect_subwindows_checked(xs->conn, xs->root, XCB_COMPOSITE_REDIRECT_AUTOMATIC));
  if (e) {
    snprintf(error, XS_ERROR_SIZE, "the X server refused to redirect the windows (X error %d)", e->error_code);
    free(e);
    xs_close(xs);
    return NULL;
  }
  xs->atom_wm_state = intern(xs->conn, "WM_STATE");
  xs->atom_net_wm_pid = intern(xs->conn, "_NET_WM_PID");
  fw_open(xs);
  return xs;
}

static void release_shm(x_session *xs) {
  if (xs->shm_addr) {
    xcb_shm_detach(xs->conn, xs->shm_seg);
    shmdt(xs->shm_addr);
  }
  xs->shm_addr = NULL;
  xs->shm_size = 0;
}

// A segment of at least `size` bytes attached on both sides; 0 when shared memory cannot be used
// (a remote server, or no MIT-SHM), and then never tried again.
static int ensure_shm(x_session *xs, size_t size) {
  if (xs->shm_id == -2) return 0;
  if (xs->shm_addr && xs->shm_size >= size) return 1;
  release_shm(xs);
  size_t rounded = (size + 0xfffff) & ~(size_t)0xfffff;
  int id = shmget(IPC_PRIVATE, rounded, IPC_CREAT | 0600);
  uint8_t *addr = id < 0 ? NULL : shmat(id, NULL, 0);
  if (addr == (void *)-1) addr = NULL;
  xcb_generic_error_t *e = NULL;
  if (addr) {
    xs->shm_seg = xcb_generate_id(xs->conn);
    e = xcb_request_check(xs->conn, xcb_shm_attach_checked(xs->conn, xs->shm_seg, (uint32_t)id, 0));
  }
  // Marked for removal at once: the kernel frees it when both sides have detached, even after a crash.
  if (id >= 0) shmctl(id, IPC_RMID, NULL);
  if (!addr || e) {
    free(e);
    if (addr) shmdt(addr);
    xs->shm_id = -2;
    return 0;
  }
  xs->shm_id = id;
  xs->shm_addr = addr;
  xs->shm_size = rounded;
  return 1;
}

void xs_ask_image(x_session *xs, xcb_drawable_t drawable, int x, int y, int width, int height, xs_image *image) {
  image->size = (size_t)width * (size_t)height * 4;
  image->shm = ensure_shm(xs, image->size);
  if (image->shm) {
    image->shm_cookie = xcb_shm_get_image(xs->conn, drawable, (int16_t)x, (int16_t)y, (uint16_t)width, (uint16_t)height, ~0u,
                                          XCB_IMAGE_FORMAT_Z_PIXMAP, xs->shm_seg, 0);
  } else {
    image->cookie = xcb_get_image(xs->conn, XCB_IMAGE_FORMAT_Z_PIXMAP, drawable, (int16_t)x, (int16_t)y, (uint16_t)width, (uint16_t)height, ~0u);
  }
}

const uint8_t *xs_image_reply(x_session *xs, const xs_image *image, void **to_free, char *error) {
  *to_free = NULL;
  xcb_generic_error_t *e = NULL;
  if (image->shm) {
    xcb_shm_get_image_reply_t *r = xcb_shm_get_image_reply(xs->conn, image->shm_cookie, &e);
    if (r && r->size >= image->size) {
      free(r);
      return xs->shm_addr;
    }
    free(r);
  } else {
    xcb_get_image_reply_t *r = xcb_get_image_reply(xs->conn, image->cookie, &e);
    if (r && (size_t)xcb_get_image_data_length(r) >= image->size) {
      *to_free = r;
      return xcb_get_image_data(r);
    }
    free(r);
  }
  if (xcb_connection_has_error(xs->conn)) snprintf(error, XS_ERROR_SIZE, "the connection to the X server was lost");
  else snprintf(error, XS_ERROR_SIZE, "the X server could not give the window's image (X error %d)", e ? e->error_code : 0);
  free(e);
  return NULL;
}

xs_property_ask xs_ask_property(x_session *xs, xcb_window_t w, xcb_atom_t atom, xcb_atom_t type) {
  xs_property_ask ask = {.asked = atom != XCB_ATOM_NONE};
  if (ask.asked) ask.cookie = xcb_get_property(xs->conn, 0, w, atom, type, 0, 1);
  return ask;
}

uint32_t xs_property_reply(x_session *xs, xs_property_ask ask) {
  if (!ask.asked) return 0;
  xcb_get_property_reply_t *r = xcb_get_property_reply(xs->conn, ask.cookie, NULL);
  uint32_t value = 0;
  if (r && r->format == 32 && xcb_get_property_value_length(r) >= 4) value = *(uint32_t *)xcb_get_property_value(r);
  free(r);
  return value;
}

uint8_t *xs_scratch(x_session *xs, int which, size_t size) {
  if (xs->scratch_size[which] < size) {
    free(xs->scratch[which]);
    xs->scratch[which] = malloc(size);
    xs->scratch_size[which] = xs->scratch[which] ? size : 0;
  }
  return xs->scratch[which];
}

int xs_visual_depth(const x_session *xs, xcb_visualid_t visual) {
  for (xcb_depth_iterator_t d = xcb_screen_allowed_depths_iterator(xs->screen); d.rem; xcb_depth_next(&d)) {
    for (xcb_visualtype_iterator_t v = xcb_depth_visuals_iterator(d.data); v.rem; xcb_visualtype_next(&v)) {
      if (v.data->visual_id == visual) return d.data->depth;
    }
  }
  return 0;
}

void xs_close(x_session *xs) {
  if (!xs) return;
  release_shm(xs);
  free(xs->scratch[0]);
  free(xs->scratch[1]);
  fw_close(xs);
  // Closing the connection ends the redirection: the server unredirects what this client redirected.
  xcb_disconnect(xs->conn);
  free(xs);
}
