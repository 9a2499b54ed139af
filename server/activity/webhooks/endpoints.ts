import type { Config } from '../../config.ts';
import type { AppDeps } from '../../deps.ts';
import { HitchError, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import type { WebhookEndpoint } from '../../schemas/webhooks.ts';
import type { WebhookEndpointRecord } from '../../store/records.ts';
import type { AddressPolicy } from './addressPolicy.ts';
import { assertDeliverableUrl, UnsafeUrlError } from './checkedLookup.ts';
import { newEndpointSecret } from './signatures.ts';

/** Loopback receivers are for development: never in production. */
export const addressPolicyOf = (config: Config): AddressPolicy => ({ allowLoopback: !config.production });

/** An endpoint as the API shows it: never its secret. */
export function toEndpointView({ secret: _secret, events, ...endpoint }: WebhookEndpointRecord): WebhookEndpoint {
  return { ...endpoint, events: events ?? null };
}

/** Registers an endpoint after checking its URL; the answer holds the secret, shown only here. */
export async function createEndpoint(deps: AppDeps, input: { url: string; events?: string[] }): Promise<WebhookEndpoint & { secret: string }> {
  const url = new URL(input.url);
  await assertUsableUrl(url, addressPolicyOf(deps.config));
  const secret = newEndpointSecret();
  const now = new Date(deps.clock.now()).toISOString();
  const record: WebhookEndpointRecord = {
    id: newId('whe'),
    url: url.href,
    ...(input.events ? { events: [...new Set(input.events)] } : {}),
    secret: deps.secrets.seal(secret),
    status: 'enabled',
    createdAt: now,
    updatedAt: now,
  };
  await deps.store.webhookEndpoints.create(record);
  return { ...toEndpointView(record), secret };
}

export async function deleteEndpoint(deps: AppDeps, id: string): Promise<void> {
  if (!(await deps.store.webhookEndpoints.delete(id))) throw notFound('The webhook endpoint');
}

async function assertUsableUrl(url: URL, policy: AddressPolicy): Promise<void> {
  const refuse = (message: string) => new HitchError('validation_failed', 'The webhook URL cannot be used.', { errors: [{ path: 'url', message }] });
  if (url.username || url.password) throw refuse('must not contain credentials');
  try {
    await assertDeliverableUrl(url, policy);
  } catch (error) {
    if (error instanceof UnsafeUrlError) throw refuse(error.message);
    throw error;
  }
}

/** Whether an endpoint's filters take an event name: none (all), the name, `prefix.*` or `*`. */
export function endpointWants(filters: string[] | undefined, name: string): boolean {
  if (!filters) return true;
  return filters.some((filter) => filter === '*' || filter === name || (filter.endsWith('.*') && name.startsWith(filter.slice(0, -1))));
}
