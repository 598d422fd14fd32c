// libuiohook's hook on a thread of its own, every event it hears packed into the event queue.
#ifndef HOOK_THREAD_H
#define HOOK_THREAD_H

// Starts the hook; returns once it listens (UIOHOOK_SUCCESS) or failed (libuiohook's status).
// `wake` is called on the hook's thread when an event is queued that JavaScript must be woken for
// (eq_push says which).
int hook_thread_start(void (*wake)(void));

// Withdraws the hook and joins its thread (not after the X connection was lost: the thread is then
// parked by the X I/O guard, and any call would touch the dead display).
void hook_thread_stop(void);

// One sentence for a libuiohook status.
const char *hook_status_text(int status);

#endif
