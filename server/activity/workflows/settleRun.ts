import type { ExecutionRecord } from '../../store/records.ts';
import { toJsonValue } from './jsonValue.ts';

export type RunOutcome = Pick<ExecutionRecord, 'status' | 'statusReason' | 'output' | 'error'>;

const maxOutputBytes = 256 * 1024;
const maxErrorLength = 2_000;

/**
 * Runs `run` to its end or its timeout: a return value is the output, a thrown error (or a
 * rejected promise) fails the run with its message. Nothing it throws escapes.
 */
export async function settleRun(run: () => unknown, timeoutMs: number, controller: AbortController): Promise<RunOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
    timer.unref();
  });
  try {
    const result = await Promise.race([Promise.resolve().then(run).then((value) => ({ value })), timedOut]);
    if (result === 'timeout') {
      controller.abort(new Error(`The run timed out after ${timeoutMs} ms.`));
      return { status: 'failed', statusReason: 'timeout', error: `The run did not finish within ${timeoutMs} ms.` };
    }
    const output = toJsonValue(result.value, 'The return value', maxOutputBytes);
    return { status: 'succeeded', ...(output === undefined ? {} : { output }) };
  } catch (error) {
    return { status: 'failed', statusReason: 'error', error: messageOf(error) };
  } finally {
    clearTimeout(timer);
  }
}

function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message || error.name : String(error);
  return message.length > maxErrorLength ? `${message.slice(0, maxErrorLength)}…` : message;
}
