// The pacer: a thread that wakes JavaScript when input paused, as the queue says (eq_wait_due). The
// first event after a quiet spell, and each batch that falls due, wake it from the hook's thread
// itself (eq_push).
#ifndef BATCH_PACER_H
#define BATCH_PACER_H

// Starts the thread; `wake(due)` is called on it with EQ_DUE_REST. 0 on success.
int pacer_start(void (*wake)(int due));

// Ends the thread and joins it (it waits on nothing but the queue's timer, so this never hangs).
void pacer_stop(void);

#endif
