// A source of raw input events (uiohook-napi in production, a fake in unit tests).
import type { InputEvent } from '../core/input-event.ts';

export interface InputSource {
  /** `failed` is told when capture has stopped for good (the X server went away). */
  start(listener: (event: InputEvent) => void, failed?: (error: Error) => void): void;
  stop(): void;
}
