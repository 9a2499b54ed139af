import type { AppDeps } from '../../deps.ts';
import type { ConnectionRecord } from '../../store/records.ts';
import type { LoadedWorkflow } from '../workflows/defineWorkflow.ts';
import { startTriggeredRun } from '../workflows/startRun.ts';

/** The name of the incoming `scheduled` event a scheduled run records. */
export const scheduledEventName = 'workflow.scheduled';

/**
 * One firing of a workflow's schedule: for each customer with an active connection to its
 * integration (the newest, when several), a `scheduled` incoming event and a run.
 */
export async function fireSchedule(deps: AppDeps, workflow: LoadedWorkflow, scheduledFor: number): Promise<void> {
  const connections = await deps.store.connections.listByIntegration(workflow.integration);
  await Promise.all(
    [...newestActiveByCustomer(connections).values()].map(async (connection) => {
      const customer = await deps.store.customers.get(connection.customerId);
      if (!customer) return;
      const event = await deps.events.record({
        customerId: customer.id,
        type: 'scheduled',
        direction: 'incoming',
        name: scheduledEventName,
        integration: workflow.integration,
        connectionId: connection.id,
        workflowId: workflow.id,
        payload: { workflowId: workflow.id, schedule: workflow.triggers.schedule, scheduledFor: new Date(scheduledFor).toISOString() },
      });
      await startTriggeredRun(deps, { workflow, customer, connection, triggeredBy: 'scheduler', event });
    }),
  );
}

function newestActiveByCustomer(connections: ConnectionRecord[]): Map<string, ConnectionRecord> {
  const chosen = new Map<string, ConnectionRecord>();
  for (const connection of connections) {
    if (connection.status !== 'active') continue;
    const current = chosen.get(connection.customerId);
    if (!current || connection.createdAt > current.createdAt || (connection.createdAt === current.createdAt && connection.id > current.id)) {
      chosen.set(connection.customerId, connection);
    }
  }
  return chosen;
}
