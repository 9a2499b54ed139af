import { z } from 'zod';
import { pageQuery, timestamp } from './common.ts';

/** An event name, `prefix.*` (every name starting with `prefix.`) or `*`. */
export const eventFilter = z
  .string()
  .regex(/^(\*|[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}?(\.\*)?)$/, 'must be an event name, a prefix such as connection.*, or *');

export const createWebhookEndpointBody = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).max(2000),
  /** Only these outgoing events are sent; all of them when omitted. */
  events: z.array(eventFilter).min(1).max(100).optional(),
});

export const webhookEndpoint = z.object({
  id: z.string(),
  url: z.string(),
  /** null: every outgoing event. */
  events: z.array(z.string()).nullable(),
  status: z.enum(['enabled', 'disabled']),
  disabledReason: z.string().optional(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

/** The creation answer: the only time the signing secret is shown. */
export const createdWebhookEndpoint = webhookEndpoint.extend({ secret: z.string() });

export const deliveryStatus = z.enum(['delivered', 'failed']);

/** One delivery attempt of one event to one endpoint. */
export const webhookDelivery = z.object({
  id: z.string(),
  endpointId: z.string(),
  eventId: z.string(),
  /** The `webhook-id` header: the same on every attempt of one message. */
  webhookId: z.string(),
  attempt: z.number().int().min(1),
  status: deliveryStatus,
  responseStatus: z.number().int().optional(),
  error: z.string().optional(),
  durationMs: z.number().int().optional(),
  /** When the next automatic attempt is due; absent when there is none. */
  nextAttemptAt: timestamp.optional(),
  createdAt: timestamp,
});

export const listWebhookDeliveriesQuery = pageQuery.extend({
  endpointId: z.string().max(100).optional(),
  status: deliveryStatus.optional(),
  eventId: z.string().max(100).optional(),
});

export const webhookEndpointParams = z.object({ endpointId: z.string() });
export const webhookDeliveryParams = z.object({ deliveryId: z.string() });
export const incomingHookParams = z.object({ customerId: z.string(), integration: z.string() });
export const incomingHookAccepted = z.object({
  eventId: z.string(),
  duplicate: z.literal(true).describe('This webhook was accepted before (a replay or a retry): nothing was stored, `eventId` is the first event').optional(),
});

export type WebhookEndpoint = z.infer<typeof webhookEndpoint>;
export type WebhookDelivery = z.infer<typeof webhookDelivery>;
export type DeliveryStatus = z.infer<typeof deliveryStatus>;
