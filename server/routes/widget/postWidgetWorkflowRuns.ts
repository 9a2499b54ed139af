import { requestRun } from '../../activity/workflows/requestRun.ts';
import { resourceOf } from '../../http/auditResource.ts';
import { defineRoute } from '../../http/route.ts';
import { execution } from '../../schemas/executions.ts';
import { widgetRunWorkflowBody, workflowParams } from '../../schemas/workflows.ts';

export const postWidgetWorkflowRuns = defineRoute({
  method: 'post',
  path: '/v1/widget/workflows/:workflowId/runs',
  audience: 'widget',
  tag: 'Widget',
  summary: "Run a workflow marked `manual` for the token's customer (triggeredBy manual)",
  scope: 'workflows:run',
  params: workflowParams,
  body: widgetRunWorkflowBody,
  audit: { action: 'workflow.run', resource: resourceOf('execution') },
  status: 202,
  responses: {
    202: { description: 'The execution, queued or running', schema: execution },
    409: { description: 'No active connection to the workflow’s integration' },
    429: { description: "Over the customer's executionsPerDay" },
  },
  async handler({ params, body, actor, res, deps }) {
    const started = await requestRun(deps, {
      customerId: actor.customerId,
      workflowId: params.workflowId,
      input: body.input,
      triggeredBy: 'manual',
      widget: { integrations: actor.integrations },
    });
    res.locals.auditId = started.id;
    return started;
  },
});
