# malloc-trim: C against node_api.h only (ABI-stable across Node and Electron versions), no library
# beyond the C library, so building needs a C compiler, make, python3 and Node's headers.
{
  'targets': [
    {
      'target_name': 'malloc_trim',
      'sources': ['src/malloc_trim.c'],
      'defines': ['NAPI_VERSION=8'],
      'cflags': ['-std=c11', '-D_GNU_SOURCE', '-Wall', '-Wextra'],
    }
  ]
}
