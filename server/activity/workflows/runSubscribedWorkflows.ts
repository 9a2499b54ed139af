import type { AppDeps } from '../../deps.ts';
import type { Event, EventType } from '../../schemas/events.ts';
import type { TriggeredBy } from '../../schemas/executions.ts';
import { activeConnection, startTriggeredRun } from './startRun.ts';

/** Incoming events that start subscribed workflows, and the `triggeredBy` they record. */
const triggerOf: Partial<Record<EventType, TriggeredBy>> = { webhook: 'webhook', manual: 'manual' };

/**
 * Starts every workflow subscribed to an incoming webhook or manual event, for the event's
 * customer and its connection to the workflow's integration (none: the workflow does not run,
 * as for schedules). The executions are stored before this resolves.
 */
export async function runSubscribedWorkflows(deps: AppDeps, event: Event): Promise<void> {
  const triggeredBy = event.direction === 'incoming' ? triggerOf[event.type] : undefined;
  if (!triggeredBy) return;
  const workflows = deps.activity.workflows.triggeredBy(event);
  if (!workflows.length) return;
  const customer = await deps.store.customers.get(event.customerId);
  if (!customer) return;
  await Promise.all(
    workflows.map(async (workflow) => {
      const connection = await activeConnection(deps, customer.id, workflow.integration, event.connectionId);
      if (!connection) {
        deps.logger.info('workflow not started: no active connection', { workflowId: workflow.id, customerId: customer.id, eventId: event.id });
        return;
      }
      await startTriggeredRun(deps, { workflow, customer, connection, triggeredBy, event });
    }),
  );
}
