import type { AppDeps } from '../../deps.ts';
import { HitchError, notFound } from '../../errors.ts';
import type { Execution } from '../../schemas/executions.ts';
import type { RunTrigger } from '../../schemas/workflows.ts';
import { withoutLogs } from './executionView.ts';
import { activeConnection, startRequestedRun } from './startRun.ts';

export interface RunRequest {
  customerId: string;
  workflowId: string;
  input?: unknown;
  triggeredBy: RunTrigger;
  /** The widget: only workflows with `triggers.manual`, of the integrations its token allows. */
  widget?: { integrations?: string[] };
}

/**
 * A run asked for by the admin API or the widget: 404 for an unknown customer or a workflow the
 * caller may not run, 409 when the customer has no active connection for it, 429 over quota.
 */
export async function requestRun(deps: AppDeps, request: RunRequest): Promise<Execution> {
  const customer = await deps.store.customers.get(request.customerId);
  if (!customer) throw notFound('The customer');
  const workflow = deps.activity.workflows.get(request.workflowId);
  const { widget } = request;
  const hidden = widget && (!workflow?.triggers.manual || (widget.integrations && !widget.integrations.includes(workflow.integration)));
  if (!workflow || hidden) throw notFound('The workflow');
  const connection = await activeConnection(deps, customer.id, workflow.integration);
  if (!connection) {
    throw new HitchError('conflict', `There is no active ${workflow.integration} connection for this workflow to use. Connect one first.`);
  }
  const execution = await startRequestedRun(deps, { workflow, customer, connection, triggeredBy: request.triggeredBy, input: request.input });
  return withoutLogs(execution);
}
