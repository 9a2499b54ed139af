import type { AppDeps } from '../../deps.ts';
import { HitchError } from '../../errors.ts';
import { admitExecution } from '../../limits/quota.ts';
import type { ConnectionRecord, ExecutionRecord } from '../../store/records.ts';
import type { RunSubject } from './workflowContext.ts';

/** The connection a run uses: `preferredId` when it is active, else the customer's newest active one. */
export async function activeConnection(
  deps: AppDeps,
  customerId: string,
  integration: string,
  preferredId?: string,
): Promise<ConnectionRecord | undefined> {
  const active = (await deps.store.connections.list(customerId, { integration })).filter((connection) => connection.status === 'active');
  return active.find((connection) => connection.id === preferredId) ?? active[0];
}

/** A run asked for through the API: over `executionsPerDay` it is refused (429) and nothing is stored. */
export async function startRequestedRun(deps: AppDeps, subject: RunSubject): Promise<ExecutionRecord> {
  await admitExecution(deps, subject.customer.id);
  return deps.activity.runs.start(subject);
}

/**
 * A run started by an event or a schedule: nobody waits for an answer, so over
 * `executionsPerDay` it is recorded as a `skipped` execution (and audited) instead of lost.
 */
export async function startTriggeredRun(deps: AppDeps, subject: RunSubject): Promise<ExecutionRecord> {
  try {
    await admitExecution(deps, subject.customer.id, {
      audit: { user: 'system', action: 'workflow.run', resource: `workflow/${subject.workflow.id}`, context: subject.triggeredBy },
    });
  } catch (error) {
    if (!(error instanceof HitchError) || error.code !== 'quota_exceeded') throw error;
    return deps.activity.runs.skip(subject, 'quota_exceeded', error.message);
  }
  return deps.activity.runs.start(subject);
}
