import { Logger } from '@nestjs/common';
import { RegistrationHttpException } from '../errors/exceptions.js';
import {
  DEFAULT_MESSAGES,
  formatMessage,
  type MessageParams,
  type MessageTemplate,
  type RegistrationMessageKey,
  type RegistrationMessagesSettings,
} from './default-messages.js';

/**
 * The module's messages with the `messages` setting applied. Injectable (it is a provider of the
 * module, exported), so a host's own guards and filters can answer in the same words.
 */
export class RegistrationMessages {
  private readonly logger = new Logger('RegistrationModule');
  private readonly overrides: Map<RegistrationMessageKey, MessageTemplate>;

  constructor(overrides: RegistrationMessagesSettings = {}) {
    this.overrides = new Map();
    if (overrides === null || typeof overrides !== 'object') return; // reported by check E026
    for (const key of Object.keys(DEFAULT_MESSAGES) as RegistrationMessageKey[]) {
      const template = Object.prototype.hasOwnProperty.call(overrides, key) ? overrides[key] : undefined;
      if (typeof template === 'string' || typeof template === 'function') this.overrides.set(key, template);
    }
  }

  /** Whether any message is overridden. */
  get overridden(): boolean {
    return this.overrides.size > 0;
  }

  /** The text of a message, placeholders filled. A message function that throws falls back to the default. */
  format(key: RegistrationMessageKey, params?: MessageParams): string {
    const template = this.overrides.get(key);
    if (template !== undefined) {
      try {
        const text = formatMessage(template, params);
        if (typeof text === 'string') return text;
      } catch (error) {
        this.logger.error(
          `messages.${key} threw (${error instanceof Error ? error.message : String(error)}); using the default text`,
        );
      }
    }
    return formatMessage(DEFAULT_MESSAGES[key], params);
  }

  /**
   * Applies the overrides to an error on its way out of the module: a `RegistrationHttpException` made
   * from a message key gets the configured text. Anything else is returned as it is.
   */
  localize<T>(error: T): T {
    if (this.overrides.size === 0 || !(error instanceof RegistrationHttpException)) return error;
    const key = error.messageKey;
    if (key !== undefined && this.overrides.has(key)) error.setDetail(this.format(key, error.messageParams));
    return error;
  }
}

/** The default messages, for code that runs without the module's DI (a guard created with `new`). */
export const DEFAULT_REGISTRATION_MESSAGES = new RegistrationMessages();
