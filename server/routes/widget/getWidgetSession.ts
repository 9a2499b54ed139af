import { toConnectionView } from '../../connections/view.ts';
import { notFound } from '../../errors.ts';
import { listIntegrations, toWidgetView } from '../../integrations/resolve.ts';
import { defineRoute } from '../../http/route.ts';
import { widgetSession } from '../../schemas/session.ts';
import { tokenAllows } from './allowedIntegration.ts';

export const getWidgetSession = defineRoute({
  method: 'get',
  path: '/v1/widget/session',
  audience: 'widget',
  tag: 'Widget',
  summary: 'Everything the widget renders: the customer, allowed enabled integrations, connections',
  scope: 'connections:read',
  status: 200,
  responses: { 200: { description: 'The session', schema: widgetSession } },
  async handler({ actor, deps }) {
    const [customer, integrations, connections] = await Promise.all([
      deps.store.customers.get(actor.customerId),
      listIntegrations(deps),
      deps.store.connections.list(actor.customerId),
    ]);
    if (!customer) throw notFound('The customer');
    return {
      customer: { id: customer.id, name: customer.name },
      integrations: integrations.filter((i) => i.enabled && tokenAllows(actor, i.key)).map(toWidgetView),
      connections: connections.filter((c) => tokenAllows(actor, c.integration)).map(toConnectionView),
      scopes: actor.scopes,
      expiresAt: actor.expiresAt,
    };
  },
});
