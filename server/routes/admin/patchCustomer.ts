import { notFound } from '../../errors.ts';
import { resourceOf } from '../../http/auditResource.ts';
import { customerParams } from '../../schemas/params.ts';
import { defineRoute } from '../../http/route.ts';
import { customer, updateCustomerBody } from '../../schemas/customers.ts';

export const patchCustomer = defineRoute({
  method: 'patch',
  path: '/v1/customers/:id',
  audience: 'admin',
  tag: 'Customers',
  summary: 'Update a customer (the id never changes)',
  customerScoped: true,
  params: customerParams,
  body: updateCustomerBody,
  audit: { action: 'customer.update', resource: resourceOf('customer', 'id') },
  status: 200,
  responses: { 200: { description: 'The updated customer', schema: customer } },
  async handler({ params, body, deps }) {
    const updated = await deps.store.customers.update(params.id, {
      ...body,
      updatedAt: new Date(deps.clock.now()).toISOString(),
    });
    if (!updated) throw notFound('The customer');
    return updated;
  },
});
