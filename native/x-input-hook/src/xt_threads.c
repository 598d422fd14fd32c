// libuiohook asks the X Toolkit (libXt) for the double-click time on every button press and release
// (XtGetMultiClickTime, from the hook's thread), and opens an Xt display as the library loads. libXt
// keeps its displays in one list for the whole process and guards it only once told that threads
// are in use. Two hooks in one process (this one beside uiohook-napi, which the tests compare it
// with) clicked at the same moment, and libXt, finding its list half-changed, printed "Couldn't find
// per display information" and exited the process: 2 of 6 runs of
// tests/xvfb/batched-input-source.test.ts. So, before libuiohook's own constructor runs (a lower
// priority number runs first), libXt is told: from then on each Xt call in the process holds its lock.
#include <X11/Intrinsic.h>

__attribute__((constructor(101))) static void xt_threads(void) {
  XtToolkitThreadInitialize();
}
