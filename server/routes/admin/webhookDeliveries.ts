import { retryDelivery } from '../../activity/webhooks/retryDelivery.ts';
import { resourceOf } from '../../http/auditResource.ts';
import { defineRoute } from '../../http/route.ts';
import { listOf } from '../../schemas/common.ts';
import { listWebhookDeliveriesQuery, webhookDelivery, webhookDeliveryParams } from '../../schemas/webhooks.ts';

export const getWebhookDeliveries = defineRoute({
  method: 'get',
  path: '/v1/webhook-deliveries',
  audience: 'admin',
  tag: 'Outgoing webhooks',
  summary: 'List delivery attempts, one item per attempt, newest first',
  query: listWebhookDeliveriesQuery,
  status: 200,
  responses: { 200: { description: 'Delivery attempts', schema: listOf(webhookDelivery) } },
  handler: ({ query: { limit, cursor, ...filter }, deps }) => deps.store.webhookDeliveries.list(filter, { limit, cursor }),
});

export const postWebhookDeliveryRetry = defineRoute({
  method: 'post',
  path: '/v1/webhook-deliveries/:deliveryId/retry',
  audience: 'admin',
  tag: 'Outgoing webhooks',
  summary: "Deliver that attempt's event to its endpoint again, now (same webhook-id)",
  params: webhookDeliveryParams,
  audit: { action: 'webhook_delivery.retry', resource: resourceOf('webhook_delivery', 'deliveryId') },
  status: 202,
  responses: { 202: { description: 'Queued' }, 409: { description: 'The endpoint is disabled' } },
  handler: ({ params, deps }) => retryDelivery(deps, params.deliveryId),
});
