import { defineRoute } from '../../http/route.ts';
import { listOf, pageQuery } from '../../schemas/common.ts';
import { event } from '../../schemas/events.ts';

export const getWidgetEvents = defineRoute({
  method: 'get',
  path: '/v1/widget/events',
  audience: 'widget',
  tag: 'Widget',
  summary: "The customer's recent activity, newest first; a token limited to some integrations sees only their events",
  scope: 'activity:read',
  query: pageQuery,
  status: 200,
  responses: { 200: { description: 'Events', schema: listOf(event) } },
  // Activity of other integrations (labels, payloads, workflow output) is not the token's to see
  handler: ({ query: { limit, cursor }, actor, deps }) =>
    deps.store.events.list({ customerId: actor.customerId, integrations: actor.integrations }, { limit, cursor }),
});
