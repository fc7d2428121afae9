import { isClass } from '../core/reflection.js';
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

/**
 * E026: `messages` names only known keys, each a string or a function, and a template uses only the
 * placeholders its message is given.
 */
export const checkMessages: Check = ({ settings }) => {
  const messages = settings.messages as unknown;
  if (messages === null || typeof messages !== 'object' || Array.isArray(messages)) {
    return [
      problem(
        'E026',
        `messages is ${Array.isArray(messages) ? 'an array' : String(messages)}, not an object.`,
        'Set messages to an object of message keys and texts, e.g. { loginInvalid: "..." }, or leave it out.',
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
          `messages.${key} is not a message of the module.`,
          near ? `Did you mean messages.${near}?` : `Use one of the keys of DEFAULT_MESSAGES: ${known.join(', ')}.`,
        ),
      );
      continue;
    }
    if (typeof template === 'function') continue;
    if (typeof template !== 'string') {
      problems.push(
        problem(
          'E026',
          `messages.${key} is ${template === null ? 'null' : typeof template}, not a string or a function.`,
          `Give messages.${key} a text (with {placeholders} where it has them) or a function of the placeholders.`,
        ),
      );
      continue;
    }
    const allowed = MESSAGE_PLACEHOLDERS[key as RegistrationMessageKey] ?? [];
    const unknown = templatePlaceholders(template).filter((name) => !allowed.includes(name));
    if (unknown.length > 0) {
      problems.push(
        problem(
          'E026',
          `messages.${key} uses ${unknown.map((name) => `{${name}}`).join(', ')}, which it is not given.`,
          allowed.length > 0
            ? `messages.${key} can use ${allowed.map((name) => `{${name}}`).join(', ')}.`
            : `messages.${key} has no placeholders; write the text without braces.`,
        ),
      );
    }
  }
  return problems;
};
