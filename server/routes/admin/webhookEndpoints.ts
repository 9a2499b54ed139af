import { createEndpoint, deleteEndpoint, toEndpointView } from '../../activity/webhooks/endpoints.ts';
import { resourceOf } from '../../http/auditResource.ts';
import { defineRoute } from '../../http/route.ts';
import { listOf, pageQuery } from '../../schemas/common.ts';
import { createdWebhookEndpoint, createWebhookEndpointBody, webhookEndpoint, webhookEndpointParams } from '../../schemas/webhooks.ts';
import { creationPosition, newestFirstByCreation, takePage } from '../../store/paging.ts';

export const postWebhookEndpoints = defineRoute({
  method: 'post',
  path: '/v1/webhook-endpoints',
  audience: 'admin',
  tag: 'Outgoing webhooks',
  summary: 'Register an endpoint for outgoing events (https: and a public address; the secret is shown only here)',
  body: createWebhookEndpointBody,
  audit: { action: 'webhook_endpoint.create', resource: resourceOf('webhook_endpoint') },
  status: 201,
  responses: { 201: { description: 'The endpoint with its signing secret', schema: createdWebhookEndpoint } },
  async handler({ body, res, deps }) {
    const created = await createEndpoint(deps, body);
    res.locals.auditId = created.id;
    return created;
  },
});

export const getWebhookEndpoints = defineRoute({
  method: 'get',
  path: '/v1/webhook-endpoints',
  audience: 'admin',
  tag: 'Outgoing webhooks',
  summary: 'List webhook endpoints, newest first (never their secrets)',
  query: pageQuery,
  status: 200,
  responses: { 200: { description: 'Endpoints', schema: listOf(webhookEndpoint) } },
  async handler({ query, deps }) {
    const endpoints = (await deps.store.webhookEndpoints.list()).map(toEndpointView);
    return takePage(newestFirstByCreation(endpoints, query.cursor), query.limit, creationPosition);
  },
});

export const deleteWebhookEndpoint = defineRoute({
  method: 'delete',
  path: '/v1/webhook-endpoints/:endpointId',
  audience: 'admin',
  tag: 'Outgoing webhooks',
  summary: 'Delete a webhook endpoint and drop its pending deliveries',
  params: webhookEndpointParams,
  audit: { action: 'webhook_endpoint.delete', resource: resourceOf('webhook_endpoint', 'endpointId') },
  status: 204,
  responses: { 204: { description: 'Deleted' } },
  handler: ({ params, deps }) => deleteEndpoint(deps, params.endpointId),
});
