#include "pixel_pool.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

// In the steady state a capture takes one buffer and the ring gives one back (the frame it no
// longer holds), so two kept cover it; the bytes cap is two full-HD frames and a little.
#define POOL_SLOTS 2
#define POOL_MAX_BYTES ((size_t)16 << 20)

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
  uint8_t *buffer;
  size_t capacity;
} slots[POOL_SLOTS];
// Oldest first; `count` of them are kept.
static int count;
static size_t kept_bytes;

uint8_t *pixel_pool_take(size_t size, size_t *capacity) {
  uint8_t *found = NULL;
  pthread_mutex_lock(&lock);
  // The newest first; not one twice the size or more: a small window would keep a full screen's pages.
  for (int i = count - 1; i >= 0; i--) {
    if (slots[i].capacity >= size && slots[i].capacity / 2 < size) {
      found = slots[i].buffer;
      *capacity = slots[i].capacity;
      kept_bytes -= slots[i].capacity;
      memmove(&slots[i], &slots[i + 1], sizeof slots[0] * (size_t)(count - i - 1));
      count--;
      break;
    }
  }
  pthread_mutex_unlock(&lock);
  if (found) {
    memset(found, 0, size);
    return found;
  }
  *capacity = size;
  return calloc(size ? size : 1, 1);
}

void pixel_pool_give(uint8_t *buffer, size_t capacity) {
  if (!buffer) return;
  if (capacity > POOL_MAX_BYTES) {
    free(buffer);
    return;
  }
  uint8_t *dropped[POOL_SLOTS];
  int drops = 0;
  pthread_mutex_lock(&lock);
  // The oldest go first to make room: after a resize, buffers of the old size are never taken again.
  while (count == POOL_SLOTS || kept_bytes + capacity > POOL_MAX_BYTES) {
    dropped[drops++] = slots[0].buffer;
    kept_bytes -= slots[0].capacity;
    memmove(&slots[0], &slots[1], sizeof slots[0] * (size_t)--count);
  }
  slots[count].buffer = buffer;
  slots[count++].capacity = capacity;
  kept_bytes += capacity;
  pthread_mutex_unlock(&lock);
  for (int i = 0; i < drops; i++) free(dropped[i]);
}
