# The in-process window capture: C against node_api.h (ABI-stable across Node and Electron
# versions) and XCB with its Composite, MIT-SHM, SHAPE and DAMAGE extensions (Debian: libxcb1-dev,
# libxcb-composite0-dev, libxcb-shm0-dev, libxcb-shape0-dev, libxcb-damage0-dev). XCB, not Xlib: a
# lost X connection is an error it returns, never Xlib's process-wide I/O error handler (see
# native/x-io-guard).
{
  'targets': [
    {
      'target_name': 'x_window_capture',
      'sources': ['src/addon.c', 'src/x_session.c', 'src/own_windows.c', 'src/window_pixels.c', 'src/frame_watch.c', 'src/pixel_pool.c'],
      'defines': ['NAPI_VERSION=8'],
      'cflags': ['-std=c11', '-D_GNU_SOURCE', '-O2', '-Wall', '-Wextra', '-pthread'],
      'libraries': ['-lxcb', '-lxcb-composite', '-lxcb-shm', '-lxcb-shape', '-lxcb-damage', '-lpthread'],
    }
  ]
}
