import assert from 'node:assert/strict';
import type { LoggerService } from '@nestjs/common';
import { RegistrationEvent, RegistrationEvents } from 'nestjs-rest-registration';

/** Everything a value holds, as searchable text (errors with their stacks and causes). */
export function asText(value: unknown): string {
  const seen = new WeakSet<object>();
  return (
    JSON.stringify(value, (_key, current: unknown) => {
      if (current instanceof Error)
        return { ...current, name: current.name, message: current.message, stack: current.stack, cause: current.cause };
      if (typeof current === 'bigint') return current.toString();
      if (Buffer.isBuffer(current)) return current.toString('latin1');
      if (typeof current === 'object' && current !== null) {
        if (seen.has(current)) return '[circular]';
        seen.add(current);
      }
      return current;
    }) ?? String(value)
  );
}

/** Asserts no secret (nor a token's random part without its prefix) appears in `text`. */
export function assertNoSecrets(text: string, secrets: string[], where: string): void {
  for (const secret of secrets) {
    const needles = secret.startsWith('nrr_') ? [secret, secret.slice(4)] : [secret];
    for (const needle of needles)
      assert.ok(!text.includes(needle), `${where} contains a secret (${needle.slice(0, 8)}...)`);
  }
}

/** A Nest logger that keeps every call, at every level, with all its arguments. */
export class CapturingLogger implements LoggerService {
  readonly entries: Array<{ level: string; args: unknown[] }> = [];
  log(...args: unknown[]): void {
    this.entries.push({ level: 'log', args });
  }
  error(...args: unknown[]): void {
    this.entries.push({ level: 'error', args });
  }
  warn(...args: unknown[]): void {
    this.entries.push({ level: 'warn', args });
  }
  debug(...args: unknown[]): void {
    this.entries.push({ level: 'debug', args });
  }
  verbose(...args: unknown[]): void {
    this.entries.push({ level: 'verbose', args });
  }
  fatal(...args: unknown[]): void {
    this.entries.push({ level: 'fatal', args });
  }
  get text(): string {
    return asText(this.entries);
  }
}

/** Records every event the module emits. */
export function captureEvents(events: RegistrationEvents): unknown[] {
  const seen: unknown[] = [];
  for (const name of Object.values(RegistrationEvent))
    events.on(name, (payload: unknown) => seen.push({ name, payload }));
  return seen;
}
