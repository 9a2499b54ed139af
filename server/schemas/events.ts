import { z } from 'zod';
import { pageQuery, timeRange, timestamp } from './common.ts';
import { jsonValue } from './jsonValue.ts';

/** An event's `payload` as a request gives it: no larger than the body it comes in. */
export const maxPayloadBytes = 64 * 1024;

export const eventType = z.enum(['webhook', 'scheduled', 'manual', 'system']);
export const eventDirection = z.enum(['incoming', 'outgoing']);
export const eventName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/, 'must be 1–100 of A-Z a-z 0-9 _ . : -');

export const event = z.object({
  id: z.string(),
  customerId: z.string(),
  type: eventType,
  direction: eventDirection,
  name: z.string(),
  integration: z.string().optional(),
  connectionId: z.string().optional(),
  workflowId: z.string().optional(),
  payload: z.unknown(),
  createdAt: timestamp,
});

export const createEventBody = z.strictObject({
  name: eventName,
  payload: jsonValue(maxPayloadBytes).optional(),
});

export const listEventsQuery = pageQuery.extend({
  customerId: z.string().max(64).optional(),
  type: eventType.optional(),
  direction: eventDirection.optional(),
  name: z.string().max(100).optional(),
  ...timeRange,
});

export type Event = z.infer<typeof event>;
export type EventType = z.infer<typeof eventType>;
export type EventDirection = z.infer<typeof eventDirection>;
