// Capture cannot work on this machine as it is (no display, no ImageMagick, Wayland): the message
// says what is missing and what to do.
import { DomainError } from '../core/domain-error.ts';

export class CaptureUnavailable extends DomainError {
  constructor(message: string) {
    super('unavailable', message);
    this.name = 'CaptureUnavailable';
  }
}
