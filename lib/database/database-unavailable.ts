import { HttpException, Logger } from '@nestjs/common';
import { ServiceUnavailable } from '../errors/exceptions.js';

/** Socket and DNS errors of a connection that cannot be made or was lost. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  // mysql2
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
]);

/** PostgreSQL SQLSTATEs of class 08 (connection exception), 57P0x (server shutting down) and 53300. */
const POSTGRES_STATE = /^(08\d{3}|57P0[1-3]|53300)$/;

/** Messages of pools and drivers that lost or could not get a connection (they carry no code). */
const MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Query read timeout/i,
  /Connection is not established/i,
  /Client has encountered a connection error/i,
  /Cannot use a pool after calling end/i,
  /Pool is closed/i,
  /Can't add new command when connection is in closed state/i,
  /connect ECONNREFUSED/i,
  /database connection is not available/i,
];

function causes(error: unknown): unknown[] {
  const seen: unknown[] = [];
  const queue = [error];
  while (queue.length > 0 && seen.length < 10) {
    const current = queue.shift();
    if (typeof current !== 'object' || current === null || seen.includes(current)) continue;
    seen.push(current);
    const fields = current as { driverError?: unknown; cause?: unknown; errors?: unknown };
    queue.push(fields.driverError, fields.cause);
    if (Array.isArray(fields.errors)) queue.push(...fields.errors);
  }
  return seen;
}

/**
 * Whether `error` means the database cannot be reached (refused, lost or timed-out connection, a pool
 * that cannot give one), as opposed to an error of the query itself. Looks through TypeORM's
 * `driverError`, `cause` and `AggregateError.errors`.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  return causes(error).some((candidate) => {
    const { code, name, message } = candidate as { code?: unknown; name?: unknown; message?: unknown };
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || POSTGRES_STATE.test(code))) return true;
    if (name === 'ConnectionIsNotSetError' || name === 'CannotExecuteNotConnectedError') return true;
    return typeof message === 'string' && MESSAGES.some((pattern) => pattern.test(message));
  });
}

const logger = new Logger('Registration');

/**
 * `ServiceUnavailable` (503) when `error` says the database cannot be reached, `error` itself otherwise.
 * The log line names only the error's class and code: driver messages can carry connection strings.
 */
export function databaseOutageError(error: unknown): unknown {
  if (error instanceof HttpException || !isDatabaseUnavailable(error)) return error;
  const { name, code } = error as { name?: unknown; code?: unknown };
  logger.warn(`Database unavailable (${String(name)}${typeof code === 'string' ? ` ${code}` : ''}); answering 503`);
  return new ServiceUnavailable();
}

/** Runs `work`; a database that cannot be reached becomes `ServiceUnavailable` (503). */
export async function mapDatabaseOutage<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw databaseOutageError(error);
  }
}
