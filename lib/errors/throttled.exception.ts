import { HttpStatus } from '@nestjs/common';
import { RegistrationHttpException } from './exceptions.js';

/** HTTP 429 with DRF's wording: `{"detail":"Request was throttled. Expected available in N seconds."}`. */
export class Throttled extends RegistrationHttpException {
  /** Whole seconds until a new attempt is allowed (also sent as `Retry-After`). */
  readonly wait: number;

  constructor(wait: number) {
    const seconds = Math.max(1, Math.ceil(wait));
    super({ key: 'throttled', params: { wait: seconds } }, HttpStatus.TOO_MANY_REQUESTS);
    this.wait = seconds;
  }

  override get headers(): Readonly<Record<string, string>> {
    return { 'Retry-After': String(this.wait) };
  }
}
