// libuiohook's hook on a thread of its own, every event it hears packed into the event queue.
#ifndef HOOK_THREAD_H
#define HOOK_THREAD_H

// Starts the hook; returns once it listens (UIOHOOK_SUCCESS) or failed (libuiohook's status).
// `wake` is called on the hook's thread when an event is queued that JavaScript must be woken for,
// with why (eq_push says when).
int hook_thread_start(void (*wake)(int due));

// Withdraws the hook and joins its thread; 0 when both ended, -1 when given up (the threads are
// then left as they are). The withdrawal's Xlib calls run on a thread of their own, never on the
// caller's: the caller is the JS thread, and an X server that went away without the recorder having
// seen it yet (its focus watcher may notice first) makes Xlib call the I/O error handler there,
// which the X I/O guard can only answer by ending the process. On any other thread the guard parks
// the thread and reports the loss, so the stop gives up as soon as `lost(context)` says so, or after
// `timeout_ms` if the server stopped answering without going away. Not to be called once the loss is
// known: every call would touch the dead display.
int hook_thread_stop(int (*lost)(void *), void *context, double timeout_ms);

// One sentence for a libuiohook status.
const char *hook_status_text(int status);

#endif
