# The X I/O guard: C against node_api.h only (ABI-stable across Node and Electron versions), libX11
# found at run time with dlopen, so building needs a C compiler, make, python3 and Node's headers.
{
  'targets': [
    {
      'target_name': 'x_io_guard',
      'sources': ['src/x_io_guard.c'],
      'defines': ['NAPI_VERSION=8'],
      'cflags': ['-std=c11', '-D_GNU_SOURCE', '-Wall', '-Wextra', '-pthread'],
      'libraries': ['-ldl', '-lpthread'],
    }
  ]
}
