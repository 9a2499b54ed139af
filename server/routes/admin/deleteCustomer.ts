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
    const connections = await deps.store.connections.list(params.id);
    const now = deps.clock.now();
    const deleted = await deps.store.customers.delete(params.id, {
      customerId: params.id,
      before: new Date(now).toISOString(),
      expiresAt: new Date(now + maxTokenLifetimeMs).toISOString(),
    });
    if (!deleted) throw notFound('The customer');
    await Promise.all(connections.map((connection) => revokeTokens(deps, connection)));
  },
});
