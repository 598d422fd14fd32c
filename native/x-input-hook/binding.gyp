# The batched input hook: libuiohook's X11 hook (the C sources uiohook-napi ships in its npm
# package, built here with the defines uiohook-napi builds them with) behind Cairn's own dispatch,
# which queues events in C and wakes JavaScript once per batch instead of once per event. Debian:
# libx11-dev, libxtst-dev (XRecord), libxrandr-dev, libxt-dev.
{
  'variables': {
    'uiohook': '../../node_modules/uiohook-napi/libuiohook',
  },
  'targets': [
    {
      'target_name': 'x_input_hook',
      'sources': [
        'src/addon.c',
        'src/batch_pacer.c',
        'src/event_queue.c',
        'src/hook_thread.c',
        'src/xt_threads.c',
        '<(uiohook)/src/logger.c',
        '<(uiohook)/src/x11/input_helper.c',
        '<(uiohook)/src/x11/input_hook.c',
        '<(uiohook)/src/x11/system_properties.c',
      ],
      'include_dirs': ['<(uiohook)/include', '<(uiohook)/src', '<(uiohook)/src/x11'],
      'defines': ['NAPI_VERSION=8', 'USE_XRANDR', 'USE_EVDEV', 'USE_XT'],
      'cflags': ['-std=gnu11', '-O2', '-Wall', '-pthread'],
      'libraries': ['-lX11', '-lXrandr', '-lXtst', '-lXt', '-lpthread'],
    }
  ]
}
