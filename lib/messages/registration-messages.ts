import { Logger } from '@nestjs/common';
import { RegistrationHttpException } from '../errors/exceptions.js';
import { appendVary, setResponseHeader } from '../http/http.js';
import {
  DEFAULT_MESSAGES,
  formatMessage,
  type MessageParams,
  type MessageTemplate,
  type RegistrationMessageKey,
  type RegistrationMessagesSettings,
} from './default-messages.js';
import { pickLanguage } from './language.js';

/** Picks the language of a request's messages: a tag such as `de` or `pt-BR`, or nothing for the default. */
export type MessageLanguageResolver = (request: unknown) => string | null | undefined;

/** Options of {@link RegistrationMessages} beside the app-wide overrides. */
export interface RegistrationMessagesOptions {
  /** Messages per language (`{ de: {...}, 'pt-BR': {...} }`), chosen per request. */
  translations?: Record<string, RegistrationMessagesSettings>;
  /** The request's language; default: the best match of `Accept-Language` among `translations`. */
  language?: MessageLanguageResolver | null;
}

const logger = new Logger('RegistrationModule');

/** One set of texts: the defaults with overrides applied. */
class MessageSet {
  constructor(private readonly templates: ReadonlyMap<RegistrationMessageKey, MessageTemplate>) {}

  get size(): number {
    return this.templates.size;
  }

  has(key: RegistrationMessageKey): boolean {
    return this.templates.has(key);
  }

  format(key: RegistrationMessageKey, params?: MessageParams): string {
    const template = this.templates.get(key);
    if (template !== undefined) {
      try {
        return formatMessage(template, params);
      } catch (error) {
        logger.error(
          `messages.${key} threw (${error instanceof Error ? error.message : String(error)}); using the default text`,
        );
      }
    }
    return formatMessage(DEFAULT_MESSAGES[key], params);
  }
}

function templatesOf(settings: unknown): Array<[RegistrationMessageKey, MessageTemplate]> {
  if (settings === null || typeof settings !== 'object') return []; // reported by check E026
  const entries: Array<[RegistrationMessageKey, MessageTemplate]> = [];
  for (const key of Object.keys(DEFAULT_MESSAGES) as RegistrationMessageKey[]) {
    const template = Object.prototype.hasOwnProperty.call(settings, key)
      ? (settings as Record<string, unknown>)[key]
      : undefined;
    if (typeof template === 'string' || typeof template === 'function')
      entries.push([key, template as MessageTemplate]);
  }
  return entries;
}

/**
 * The module's messages with the `messages` setting applied, and, with `messageTranslations`, in the
 * language of each request. Injectable (a provider of the module, exported), so a host's own guards and
 * filters can answer in the same words.
 */
export class RegistrationMessages {
  private readonly base: MessageSet;
  private readonly languages = new Map<string, MessageSet>();
  private readonly resolver?: MessageLanguageResolver;

  constructor(overrides: RegistrationMessagesSettings = {}, options: RegistrationMessagesOptions = {}) {
    const base = templatesOf(overrides);
    this.base = new MessageSet(new Map(base));
    const translations = options.translations;
    if (translations !== null && typeof translations === 'object') {
      for (const [language, settings] of Object.entries(translations)) {
        this.languages.set(language.toLowerCase(), new MessageSet(new Map([...base, ...templatesOf(settings)])));
      }
    }
    if (this.languages.size > 0 && typeof options.language === 'function') this.resolver = options.language;
  }

  /** Whether any text differs from the defaults (for some request). */
  get overridden(): boolean {
    return this.base.size > 0 || this.languages.size > 0;
  }

  /** The configured language a request's messages are in; `undefined` for the default texts. */
  languageOf(request: unknown): string | undefined {
    if (this.languages.size === 0 || request === undefined || request === null) return undefined;
    let wanted: string | null | undefined;
    if (this.resolver) {
      try {
        wanted = this.resolver(request);
      } catch (error) {
        logger.error(`messageLanguage threw (${error instanceof Error ? error.message : String(error)})`);
        return undefined;
      }
    } else {
      const header = (request as { headers?: Record<string, unknown> }).headers?.['accept-language'];
      wanted = typeof header === 'string' ? header : undefined;
    }
    return typeof wanted === 'string' ? pickLanguage(wanted, this.languages.keys()) : undefined;
  }

  private setFor(request: unknown): MessageSet {
    if (this.languages.size === 0) return this.base;
    const language = this.languageOf(request);
    return (language !== undefined && this.languages.get(language)) || this.base;
  }

  /**
   * The text of a message, placeholders filled, in the request's language when one is given and
   * translations are configured. A message function that throws falls back to the default text.
   */
  format(key: RegistrationMessageKey, params?: MessageParams, request?: unknown): string {
    return this.setFor(request).format(key, params);
  }

  /**
   * Applies the configured texts to an error on its way out of the module: a `RegistrationHttpException`
   * made from a message key gets the text of the request's language (or the app's). Anything else (field
   * errors are written in the request's language when they are made) is returned as it is.
   */
  localize<T>(error: T, request?: unknown): T {
    if (!this.overridden) return error;
    const set = this.setFor(request);
    if (error instanceof RegistrationHttpException) {
      const key = error.messageKey;
      if (key !== undefined && set.has(key)) error.setDetail(set.format(key, error.messageParams));
    }
    return error;
  }

  /** Adds `Vary: Accept-Language` when the texts follow that header, so caches keep the languages apart. */
  vary(response: unknown): void {
    if (this.languages.size > 0 && !this.resolver && response) appendVary(response, 'Accept-Language');
  }

  /**
   * The one way an error of the module becomes an answer: the text of its message key in the request's
   * language (`localize`), `Vary` when that follows `Accept-Language`, and the headers the error names
   * (`WWW-Authenticate`, `Retry-After`, `Allow`) on `response`. Returns the error, still a Nest
   * `HttpException`, for the host's exception filters.
   */
  localizeFor<T>(error: T, request: unknown, response: unknown): T {
    this.vary(response);
    if (error instanceof RegistrationHttpException && response) {
      for (const [name, value] of Object.entries(error.headers)) setResponseHeader(response, name, value);
    }
    return this.localize(error, request);
  }
}

/** The default messages, for code that runs without the module's DI (a guard created with `new`). */
export const DEFAULT_REGISTRATION_MESSAGES = new RegistrationMessages();
