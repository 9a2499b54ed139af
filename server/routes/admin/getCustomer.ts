import { notFound } from '../../errors.ts';
import { customerParams } from '../../schemas/params.ts';
import { defineRoute } from '../../http/route.ts';
import { customer } from '../../schemas/customers.ts';

export const getCustomer = defineRoute({
  method: 'get',
  path: '/v1/customers/:id',
  audience: 'admin',
  tag: 'Customers',
  summary: 'Get a customer',
  customerScoped: true,
  params: customerParams,
  status: 200,
  responses: { 200: { description: 'The customer', schema: customer } },
  async handler({ params, deps }) {
    const found = await deps.store.customers.get(params.id);
    if (!found) throw notFound('The customer');
    return found;
  },
});
