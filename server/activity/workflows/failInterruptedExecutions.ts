import type { AppDeps } from '../../deps.ts';
import { announceExecution } from './executionView.ts';

/**
 * At start: executions still queued or running were cut off when the server last stopped
 * (a stop, a crash). They are marked failed with the reason `interrupted`, and announced.
 */
export async function failInterruptedExecutions(deps: AppDeps): Promise<void> {
  const unfinished = await deps.store.executions.unfinished();
  if (!unfinished.length) return;
  const finishedAt = new Date(deps.clock.now()).toISOString();
  for (const execution of unfinished) {
    const failed = await deps.store.executions.update(execution.id, {
      status: 'failed',
      statusReason: 'interrupted',
      error: 'The server stopped before the run finished.',
      finishedAt,
    });
    if (failed) await announceExecution(deps, failed);
  }
  deps.logger.warn('interrupted executions marked failed', { count: unfinished.length });
}
