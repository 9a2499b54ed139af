import { maxTokenLifetimeMs } from '../../auth/SigningKeys.ts';
import { notFound } from '../../errors.ts';
import { revokeTokens } from '../../oauth/revoke.ts';
import { resourceOf } from '../../http/auditResource.ts';
import { customerParams } from '../../schemas/params.ts';
import { defineRoute } from '../../http/route.ts';

export const deleteCustomer = defineRoute({
  method: 'delete',
  path: '/v1/customers/:id',
  audience: 'admin',
  tag: 'Customers',
  summary: "Delete a customer with its connections and activity, and revoke its tokens (audit entries stay)",
  customerScoped: true,
  params: customerParams,
  audit: { action: 'customer.delete', resource: resourceOf('customer', 'id') },
  status: 204,
  responses: { 204: { description: 'Deleted' } },
  async handler({ params, deps }) {
    const [customer, connections] = await Promise.all([deps.store.customers.get(params.id), deps.store.connections.list(params.id)]);
    if (!customer) throw notFound('The customer');
    // Never before the customer's creation, even if the clock went back: a customer created
    // again with this id gets a later createdAt, so a new token generation (see widgetTokens)
    const now = Math.max(deps.clock.now(), Date.parse(customer.createdAt));
    const deleted = await deps.store.customers.delete(params.id, {
      customerId: params.id,
      before: new Date(now).toISOString(),
      expiresAt: new Date(now + maxTokenLifetimeMs).toISOString(),
    });
    if (!deleted) throw notFound('The customer');
    await Promise.all(connections.map((connection) => revokeTokens(deps, connection)));
  },
});
