import { isClass } from '../http/reflection.js';
import { PasswordHasher } from '../passwords/password-hasher.js';
import {
  DEFAULT_MESSAGES,
  MESSAGE_PLACEHOLDERS,
  type RegistrationMessageKey,
  templatePlaceholders,
} from '../messages/default-messages.js';
import { type Check, type CheckProblem, problem } from './check.js';

/** E021: `loginSerializerClass` is a class. */
export const checkSerializerClass: Check = ({ settings }) =>
  isClass(settings.loginSerializerClass)
    ? []
    : [
        problem(
          'E021',
          `loginSerializerClass is ${String(settings.loginSerializerClass)}, not a class.`,
          'Set loginSerializerClass to a class-validator DTO class, or leave it out for DefaultLoginSerializer.',
        ),
      ];

/** E022: `loginAuthenticator` is a function or a class with `authenticate()`. */
export const checkAuthenticator: Check = ({ settings }) => {
  const authenticator = settings.loginAuthenticator as unknown;
  if (authenticator === undefined || typeof authenticator === 'function') return [];
  if (typeof (authenticator as { authenticate?: unknown })?.authenticate === 'function') return [];
  return [
    problem(
      'E022',
      'loginAuthenticator is neither a function nor an object with an authenticate() method.',
      'Set loginAuthenticator to an async (data, context) => user function or an @Injectable() class with authenticate(data, context).',
    ),
  ];
};

/** E023: `tokenTtl` is null or a positive number of seconds. */
export const checkTokenTtl: Check = ({ settings }) => {
  const ttl = settings.tokenTtl as unknown;
  if (ttl === null || (typeof ttl === 'number' && Number.isFinite(ttl) && ttl > 0)) return [];
  return [
    problem(
      'E023',
      `tokenTtl is ${String(ttl)}.`,
      'Set tokenTtl to a positive number of seconds, or null for tokens that do not expire.',
    ),
  ];
};

/** E025: the password hasher is a `PasswordHasher`. */
export const checkPasswordHasher: Check = ({ hasher }) =>
  hasher instanceof PasswordHasher
    ? []
    : [
        problem(
          'E025',
          'passwordHasher does not extend PasswordHasher.',
          'Set passwordHasher to an @Injectable() class that extends PasswordHasher (hash, verify, needsRehash).',
        ),
      ];

/** E016 (session login without session middleware) and E014 (unknown default session strategy). */
export const checkSessionLogin: Check = ({ settings, authenticateSession, sessionMiddleware, strategies }) => {
  const problems: CheckProblem[] = [];
  if (authenticateSession && sessionMiddleware === false) {
    problems.push(
      problem(
        'E016',
        'Session login is on, but no session middleware is registered.',
        'Register it before the app starts: app.use(session({ secret, resave: false, saveUninitialized: false })) with express-session, or register @fastify/cookie and @fastify/session on Fastify; or set loginAuthenticateSession: false.',
      ),
    );
  }
  const backend = settings.loginDefaultSessionAuthenticationBackend;
  if (backend !== null && !strategies.has(backend)) {
    problems.push(
      problem(
        'E014',
        `loginDefaultSessionAuthenticationBackend is "${backend}", which is not a registered authentication strategy.`,
        `Use one of: ${[...strategies].join(', ')}; or register a passport strategy named "${backend}".`,
      ),
    );
  }
  return problems;
};

/** The problems of one set of messages (`messages`, or one language of `messageTranslations`). */
function messageProblems(messages: unknown, name: string): CheckProblem[] {
  if (messages === null || typeof messages !== 'object' || Array.isArray(messages)) {
    return [
      problem(
        'E026',
        `${name} is ${Array.isArray(messages) ? 'an array' : String(messages)}, not an object.`,
        `Set ${name} to an object of message keys and texts, e.g. { loginInvalid: "..." }, or leave it out.`,
      ),
    ];
  }
  const known = Object.keys(DEFAULT_MESSAGES);
  const problems: CheckProblem[] = [];
  for (const [key, template] of Object.entries(messages)) {
    if (!Object.prototype.hasOwnProperty.call(DEFAULT_MESSAGES, key)) {
      const near = known.find((candidate) => candidate.toLowerCase() === key.toLowerCase());
      problems.push(
        problem(
          'E026',
          `${name}.${key} is not a message of the module.`,
          near ? `Did you mean ${name}.${near}?` : `Use one of the keys of DEFAULT_MESSAGES: ${known.join(', ')}.`,
        ),
      );
      continue;
    }
    if (typeof template === 'function') continue;
    if (typeof template !== 'string') {
      problems.push(
        problem(
          'E026',
          `${name}.${key} is ${template === null ? 'null' : typeof template}, not a string or a function.`,
          `Give ${name}.${key} a text (with {placeholders} where it has them) or a function of the placeholders.`,
        ),
      );
      continue;
    }
    const allowed = MESSAGE_PLACEHOLDERS[key as RegistrationMessageKey] ?? [];
    const unknown = templatePlaceholders(template).filter((placeholder) => !allowed.includes(placeholder));
    if (unknown.length > 0) {
      problems.push(
        problem(
          'E026',
          `${name}.${key} uses ${unknown.map((placeholder) => `{${placeholder}}`).join(', ')}, which it is not given.`,
          allowed.length > 0
            ? `${name}.${key} can use ${allowed.map((placeholder) => `{${placeholder}}`).join(', ')}.`
            : `${name}.${key} has no placeholders; write the text without braces.`,
        ),
      );
    }
  }
  return problems;
}

const LANGUAGE_TAG = /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/;

/**
 * E026: `messages` and each language of `messageTranslations` name only known keys, each a string or a
 * function, and a template uses only the placeholders its message is given; languages are tags such as
 * `de` or `pt-BR`; `messageLanguage` is a function.
 */
export const checkMessages: Check = ({ settings }) => {
  const problems = messageProblems(settings.messages, 'messages');
  const translations = settings.messageTranslations as unknown;
  if (translations === null || typeof translations !== 'object' || Array.isArray(translations)) {
    problems.push(
      problem(
        'E026',
        `messageTranslations is ${Array.isArray(translations) ? 'an array' : String(translations)}, not an object.`,
        'Set messageTranslations to an object of languages and messages, e.g. { de: { loginInvalid: "..." } }.',
      ),
    );
  } else {
    for (const [language, messages] of Object.entries(translations)) {
      if (!LANGUAGE_TAG.test(language)) {
        problems.push(
          problem(
            'E026',
            `messageTranslations has the language "${language}", which is not a language tag.`,
            'Name each language by its tag, as Accept-Language does: "de", "fr", "pt-BR".',
          ),
        );
      }
      problems.push(...messageProblems(messages, `messageTranslations.${language}`));
    }
  }
  const resolver = settings.messageLanguage as unknown;
  if (resolver !== null && typeof resolver !== 'function') {
    problems.push(
      problem(
        'E026',
        `messageLanguage is ${typeof resolver}, not a function.`,
        'Set messageLanguage to (request) => a language tag (or null), or leave it out to follow Accept-Language.',
      ),
    );
  }
  return problems;
};
