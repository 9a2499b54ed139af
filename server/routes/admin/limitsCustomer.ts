import { notFound } from '../../errors.ts';
import { defineRoute } from '../../http/route.ts';
import { applyOverrides, customerLimitsView, describeChange } from '../../limits/customerLimitsView.ts';
import { pickLimits } from '../../limits/planLimits.ts';
import { customerLimits, limitOverridesBody } from '../../schemas/limits.ts';
import { customerParams } from '../../schemas/params.ts';

export const getCustomerLimits = defineRoute({
  method: 'get',
  path: '/v1/customers/:id/limits',
  audience: 'admin',
  tag: 'Limits',
  summary: "A customer's limits: plan defaults, its overrides, the effective limits and current usage with reset times",
  customerScoped: true,
  params: customerParams,
  status: 200,
  responses: { 200: { description: 'Limits and usage', schema: customerLimits } },
  async handler({ params, deps }) {
    if (!(await deps.store.customers.get(params.id))) throw notFound('The customer');
    return customerLimitsView(deps, params.id);
  },
});

export const putCustomerLimits = defineRoute({
  method: 'put',
  path: '/v1/customers/:id/limits',
  audience: 'admin',
  tag: 'Limits',
  summary: "Override some of a customer's limits (null removes an override, back to the plan default)",
  customerScoped: true,
  params: customerParams,
  body: limitOverridesBody,
  audit: { action: 'limits.update', resource: (req) => `customer/${req.params.id}` },
  status: 200,
  responses: { 200: { description: 'Limits and usage', schema: customerLimits } },
  async handler({ params, body, res, deps }) {
    if (!(await deps.store.customers.get(params.id))) throw notFound('The customer');
    const stored = await deps.store.limits.getOverrides(params.id);
    const overrides = applyOverrides(stored ? pickLimits(stored) : {}, body);
    await deps.store.limits.putOverrides({ customerId: params.id, ...overrides, updatedAt: new Date(deps.clock.now()).toISOString() });
    res.locals.auditDetail = describeChange(body);
    return customerLimitsView(deps, params.id);
  },
});
