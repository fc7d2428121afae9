import { type Check, problem } from './check.js';

/** E070: `csrfCookieAge` is null or a whole, positive number of seconds. */
export const checkCsrfCookieAge: Check = ({ settings }) => {
  const age = settings.csrfCookieAge as unknown;
  if (age === null || (typeof age === 'number' && Number.isSafeInteger(age) && age > 0)) return [];
  return [
    problem(
      'E070',
      `csrfCookieAge is ${String(age)}.`,
      'Set csrfCookieAge to a whole, positive number of seconds (default 31449600, one year), or null for a cookie that ends with the browser session.',
    ),
  ];
};
