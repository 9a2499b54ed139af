import { defineRoute } from '../../http/route.ts';
import { describeChange } from '../../limits/customerLimitsView.ts';
import { planDefaults } from '../../limits/planLimits.ts';
import { planLimits } from '../../schemas/limits.ts';

export const getLimits = defineRoute({
  method: 'get',
  path: '/v1/limits',
  audience: 'admin',
  tag: 'Limits',
  summary: 'The plan defaults: the limits of every customer without an override',
  status: 200,
  responses: { 200: { description: 'The plan defaults', schema: planLimits } },
  handler: ({ deps }) => planDefaults(deps.store),
});

export const putLimits = defineRoute({
  method: 'put',
  path: '/v1/limits',
  audience: 'admin',
  tag: 'Limits',
  summary: 'Set the plan defaults (all four limits)',
  body: planLimits,
  audit: { action: 'limits.update', resource: () => 'plan/default' },
  status: 200,
  responses: { 200: { description: 'The new plan defaults', schema: planLimits } },
  async handler({ body, res, deps }) {
    await deps.store.limits.putPlan({ id: 'plan', ...body, updatedAt: new Date(deps.clock.now()).toISOString() });
    res.locals.auditDetail = describeChange(body);
    return body;
  },
});
