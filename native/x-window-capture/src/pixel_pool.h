// Frame buffers kept for the next capture instead of handed back to malloc. A frame's RGB is too
// big for malloc's heap (the recorder runs with MALLOC_MMAP_THRESHOLD_ lowered, src/core/lean-process.ts,
// so freed frames do not fragment it): each would be mapped afresh and every page faulted in, which
// cost the capture threads about as much as reading the pixels. Frames of one window are the same
// size, so the few kept here are almost always reused. Safe from any thread.
#ifndef PIXEL_POOL_H
#define PIXEL_POOL_H

#include <stddef.h>
#include <stdint.h>

// A zeroed buffer of at least `size` bytes (NULL if out of memory); its capacity in `*capacity`.
uint8_t *pixel_pool_take(size_t size, size_t *capacity);
// Gives a buffer from pixel_pool_take back: kept if the pool has room, freed otherwise.
void pixel_pool_give(uint8_t *buffer, size_t capacity);

#endif
