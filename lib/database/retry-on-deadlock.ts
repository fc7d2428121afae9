/** Deadlock and serialization failures: the database rolled the statement back and it can run again. */
export function isDeadlock(error: unknown): boolean {
  const driverError = (error as { driverError?: unknown } | null)?.driverError ?? error;
  const code = (driverError as { code?: unknown } | null)?.code;
  return code === 'ER_LOCK_DEADLOCK' || code === '40P01' || code === '40001';
}

/**
 * Runs a single idempotent statement (a token insert or delete), again when the database chose it as
 * the victim of a deadlock: InnoDB can deadlock a delete by primary key against one by `userId` that
 * locks the same rows in the other order.
 */
export async function retryOnDeadlock<T>(statement: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await statement();
    } catch (error) {
      if (attempt >= attempts || !isDeadlock(error)) throw error;
    }
  }
}
