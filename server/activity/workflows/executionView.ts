import type { AppDeps } from '../../deps.ts';
import type { Execution } from '../../schemas/executions.ts';
import type { ExecutionRecord } from '../../store/records.ts';

/** An execution without its log lines: lists and events carry this; `GET /v1/executions/:id` adds the logs. */
export function withoutLogs({ logs: _logs, ...execution }: ExecutionRecord): Execution {
  return execution;
}

/** `execution.succeeded` / `execution.failed`: outgoing system events carrying the execution. */
export async function announceExecution(deps: AppDeps, execution: ExecutionRecord): Promise<void> {
  if (execution.status !== 'succeeded' && execution.status !== 'failed') return;
  const integration = deps.activity.workflows.get(execution.workflowId)?.integration;
  await deps.events.record({
    customerId: execution.customerId,
    type: 'system',
    direction: 'outgoing',
    name: `execution.${execution.status}`,
    workflowId: execution.workflowId,
    ...(integration ? { integration } : {}),
    ...(execution.connectionId ? { connectionId: execution.connectionId } : {}),
    payload: { execution: withoutLogs(execution) },
  });
}
