import type { AppDeps } from '../../deps.ts';
import { newId } from '../../ids.ts';
import type { Event } from '../../schemas/events.ts';
import type { PendingDeliveryRecord, WebhookDeliveryRecord, WebhookEndpointRecord } from '../../store/records.ts';
import type { PostResult } from './postWebhook.ts';
import { signStandardWebhook } from './signatures.ts';

export type Post = (url: URL, body: string, headers: Record<string, string>) => Promise<PostResult>;

/** What the worker does next with the entry. */
export type AttemptOutcome =
  | { next: 'done' }
  | { next: 'retry'; entry: PendingDeliveryRecord }
  | { next: 'endpoint-disabled'; endpointId: string }
  | { next: 'stopped' };

/** A `Retry-After` longer than this is not believed. */
const maxRetryAfterMs = 24 * 3_600_000;

/**
 * One attempt of one queued delivery: sign, POST, record the attempt, then keep (with the next
 * due time) or drop the queue entry. 2xx is delivered; 410 disables the endpoint; anything else
 * is retried on the schedule (never sooner than a `Retry-After`) until the schedule runs out.
 */
export async function attemptDelivery(deps: AppDeps, entry: PendingDeliveryRecord, post: Post): Promise<AttemptOutcome> {
  const [endpoint, event] = await Promise.all([deps.store.webhookEndpoints.get(entry.endpointId), deps.store.events.get(entry.eventId)]);
  if (!endpoint || endpoint.status !== 'enabled' || !event) {
    // The endpoint was deleted or disabled, or the event is gone (customer deleted, retention)
    await deps.store.deliveryQueue.remove(entry.id);
    return { next: 'done' };
  }
  const body = JSON.stringify({ type: event.name, timestamp: event.createdAt, data: event });
  const result = await post(new URL(endpoint.url), body, signedHeaders(deps, endpoint, entry, body));
  if (result.aborted) return { next: 'stopped' };
  return recordAttempt(deps, entry, event, result);
}

function signedHeaders(deps: AppDeps, endpoint: WebhookEndpointRecord, entry: PendingDeliveryRecord, body: string): Record<string, string> {
  const timestamp = Math.floor(deps.clock.now() / 1000);
  return {
    'content-type': 'application/json',
    'user-agent': 'Hitch-Webhooks/1.0',
    'webhook-id': entry.webhookId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signStandardWebhook(deps.secrets.open(endpoint.secret), entry.webhookId, timestamp, body),
  };
}

async function recordAttempt(deps: AppDeps, entry: PendingDeliveryRecord, event: Event, result: PostResult): Promise<AttemptOutcome> {
  const now = deps.clock.now();
  const delivered = result.status !== undefined && result.status >= 200 && result.status < 300;
  const gone = result.status === 410;
  const delayMs = delivered || gone ? undefined : retryDelayMs(deps.config.webhookRetrySchedule, entry.attempt, result.retryAfter, now);
  const attempt: WebhookDeliveryRecord = {
    id: newId('whd'),
    endpointId: entry.endpointId,
    eventId: event.id,
    webhookId: entry.webhookId,
    attempt: entry.attempt,
    status: delivered ? 'delivered' : 'failed',
    ...(result.status === undefined ? {} : { responseStatus: result.status }),
    ...failureReason(result, gone),
    durationMs: result.durationMs,
    ...(delayMs === undefined ? {} : { nextAttemptAt: new Date(now + delayMs).toISOString() }),
    createdAt: new Date(now).toISOString(),
  };
  await deps.store.webhookDeliveries.append(attempt);
  if (gone) return { next: 'endpoint-disabled', endpointId: entry.endpointId };
  if (delayMs === undefined) {
    await deps.store.deliveryQueue.remove(entry.id);
    if (!delivered) deps.logger.warn('webhook delivery given up', { endpointId: entry.endpointId, webhookId: entry.webhookId, attempts: entry.attempt });
    return { next: 'done' };
  }
  const next = await deps.store.deliveryQueue.update(entry.id, { attempt: entry.attempt + 1, dueAt: attempt.nextAttemptAt! });
  return next ? { next: 'retry', entry: next } : { next: 'done' };
}

function failureReason(result: PostResult, gone: boolean): { error?: string } {
  if (result.error) return { error: result.error };
  if (gone) return { error: 'The endpoint answered 410 Gone: it is now disabled.' };
  if (result.status !== undefined && result.status >= 300 && result.status < 400) return { error: 'Redirects are not followed.' };
  return {};
}

/** The wait before the next attempt after attempt `attempt` failed; undefined when the schedule is spent. */
export function retryDelayMs(schedule: number[], attempt: number, retryAfter: string | undefined, now: number): number | undefined {
  const seconds = schedule[attempt - 1];
  if (seconds === undefined) return undefined;
  return Math.max(seconds * 1000, Math.min(retryAfterMs(retryAfter, now) ?? 0, maxRetryAfterMs));
}

/** `Retry-After` as seconds or an HTTP date. */
function retryAfterMs(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
