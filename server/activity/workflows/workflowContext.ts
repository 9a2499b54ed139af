import type { AppDeps } from '../../deps.ts';
import { eventName } from '../../schemas/events.ts';
import type { Event, EventType } from '../../schemas/events.ts';
import type { TriggeredBy } from '../../schemas/executions.ts';
import type { ConnectionRecord, CustomerRecord, ExecutionRecord } from '../../store/records.ts';
import { connectionFetch } from './connectionFetch.ts';
import type { LoadedWorkflow, WorkflowContext } from './defineWorkflow.ts';
import type { ExecutionLog } from './ExecutionLog.ts';
import { toJsonValue } from './jsonValue.ts';

/** What one run is about: the workflow, the customer and its connection, and what started it. */
export interface RunSubject {
  workflow: LoadedWorkflow;
  customer: CustomerRecord;
  connection: ConnectionRecord;
  triggeredBy: TriggeredBy;
  /** The caller's input (manual runs). */
  input?: unknown;
  /** The incoming event that started the run. */
  event?: Event;
}

const maxPayloadBytes = 64 * 1024;

/** Emitted events take the type of what started the run (a scheduled run emits `scheduled` events). */
const emittedType: Record<TriggeredBy, EventType> = { webhook: 'webhook', scheduler: 'scheduled', manual: 'manual', 'agent-service': 'manual' };

export interface RunScope {
  execution: ExecutionRecord;
  log: ExecutionLog;
  signal: AbortSignal;
  /** False once the execution finished: a timed-out run can no longer emit. */
  isOpen(): boolean;
}

export function workflowContext(deps: AppDeps, subject: RunSubject, scope: RunScope): WorkflowContext {
  const { workflow, customer, connection, triggeredBy } = subject;
  return {
    workflow: { id: workflow.id, name: workflow.name },
    execution: { id: scope.execution.id, triggeredBy },
    customer: { id: customer.id, name: customer.name, email: customer.email, metadata: customer.metadata },
    connection: {
      id: connection.id,
      label: connection.label,
      integration: connection.integration,
      fetch: connectionFetch(deps, connection, scope.signal),
    },
    input: subject.input ?? subject.event?.payload,
    ...(subject.event ? { event: subject.event } : {}),
    log: (...values) => scope.log.add(values),
    async emit(name, payload) {
      if (!scope.isOpen()) throw new Error('emit(): the execution has already finished.');
      if (!eventName.safeParse(name).success) throw new Error(`emit(): "${name}" is not a valid event name (1–100 of A-Z a-z 0-9 _ . : -).`);
      return deps.events.record({
        customerId: customer.id,
        type: emittedType[triggeredBy],
        direction: 'outgoing',
        name,
        integration: workflow.integration,
        connectionId: connection.id,
        workflowId: workflow.id,
        payload: toJsonValue(payload, 'emit() payload', maxPayloadBytes) ?? {},
      });
    },
    signal: scope.signal,
  };
}
