import { randomUUID } from 'node:crypto';
import { resourceOf } from '../../http/auditResource.ts';
import { defineRoute } from '../../http/route.ts';
import { createCustomerBody, customer } from '../../schemas/customers.ts';

export const postCustomers = defineRoute({
  method: 'post',
  path: '/v1/customers',
  audience: 'admin',
  tag: 'Customers',
  summary: 'Create a customer',
  body: createCustomerBody,
  audit: { action: 'customer.create', resource: resourceOf('customer') },
  status: 201,
  responses: { 201: { description: 'The new customer', schema: customer }, 409: { description: 'The id is taken' } },
  async handler({ body, deps, res }) {
    const id = body.id ?? randomUUID();
    // A customer created again after a delete starts after the deletion, even if the clock went
    // back: its createdAt, and so its widget-token generation, never equals the deleted one's
    const deletedAt = body.id ? await deps.store.tokens.cutoffFor(id) : undefined;
    const now = new Date(Math.max(deps.clock.now(), deletedAt === undefined ? 0 : deletedAt + 1)).toISOString();
    res.locals.auditId = id;
    res.locals.auditCustomerId = id;
    const record = { id, name: body.name, email: body.email ?? null, metadata: body.metadata ?? {}, createdAt: now, updatedAt: now };
    await deps.store.customers.create(record);
    return record;
  },
});
