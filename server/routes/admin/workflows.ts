import { toWorkflowView } from '../../activity/workflows/WorkflowCatalog.ts';
import { requestRun } from '../../activity/workflows/requestRun.ts';
import { resourceOf } from '../../http/auditResource.ts';
import { defineRoute } from '../../http/route.ts';
import { listOf } from '../../schemas/common.ts';
import { execution } from '../../schemas/executions.ts';
import { customerWorkflowParams, runWorkflowBody, workflow } from '../../schemas/workflows.ts';

export const getWorkflows = defineRoute({
  method: 'get',
  path: '/v1/workflows',
  audience: 'admin',
  tag: 'Workflows',
  summary: 'List the workflows loaded from HITCH_WORKFLOWS_DIR',
  status: 200,
  responses: { 200: { description: 'Workflows, by id', schema: listOf(workflow) } },
  handler: ({ deps }) => ({
    data: deps.activity.workflows
      .list()
      .map(toWorkflowView)
      .sort((a, b) => a.id.localeCompare(b.id)),
    nextCursor: null,
  }),
});

export const postCustomerWorkflowRuns = defineRoute({
  method: 'post',
  path: '/v1/customers/:id/workflows/:workflowId/runs',
  audience: 'admin',
  tag: 'Workflows',
  summary: "Run a workflow for a customer with its connection (answers once the execution is stored; it runs in the background)",
  customerScoped: true,
  params: customerWorkflowParams,
  body: runWorkflowBody,
  audit: { action: 'workflow.run', resource: resourceOf('execution') },
  status: 202,
  responses: {
    202: { description: 'The execution, queued or running', schema: execution },
    409: { description: 'The customer has no active connection to the workflow’s integration' },
    429: { description: "Over the customer's executionsPerDay" },
  },
  async handler({ params, body, res, deps }) {
    const started = await requestRun(deps, { customerId: params.id, workflowId: params.workflowId, input: body.input, triggeredBy: body.triggeredBy });
    res.locals.auditId = started.id;
    return started;
  },
});
