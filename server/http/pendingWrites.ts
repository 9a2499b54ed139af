import type { Response } from 'express';

/**
 * A store write the response must wait for, registered instead of awaited in the handler: the
 * audit trail then waits for it together with the audit entry, so the two disk writes overlap
 * instead of queueing one behind the other. The change is already in memory when this is called.
 */
export function writeBeforeResponse(res: Response, write: Promise<unknown>): void {
  // Observed by `settlePendingWrites`; this keeps a failure from counting as unhandled meanwhile
  write.catch(() => {});
  ((res.locals.pendingWrites ??= []) as Promise<unknown>[]).push(write);
}

/** Waits for every registered write; resolves to the first failure, if any. */
export async function settlePendingWrites(res: Response): Promise<Error | undefined> {
  const results = await Promise.allSettled((res.locals.pendingWrites ?? []) as Promise<unknown>[]);
  const failure = results.find((result) => result.status === 'rejected');
  return failure ? ((failure as PromiseRejectedResult).reason as Error) : undefined;
}
