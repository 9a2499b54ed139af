import { createHash } from 'node:crypto';
import { isoAt } from '../../clock.ts';
import type { AppDeps } from '../../deps.ts';
import { newId } from '../../ids.ts';
import { timestampToleranceSeconds } from './signatures.ts';

/**
 * How long an accepted webhook is remembered: a signed timestamp is accepted from 5 minutes
 * before to 5 minutes after the request that carried it, so after 10 minutes every replay of it
 * is refused by its timestamp anyway.
 */
export const receiptLifetimeMs = 2 * timestampToleranceSeconds * 1000;

/** One key per identity, scoped to the customer and integration, hashed: the store keeps no signature or provider id. */
const receiptKey = (customerId: string, integration: string, identity: string) =>
  createHash('sha256').update(JSON.stringify([customerId, integration, identity])).digest('hex');

/**
 * Stores an incoming webhook once: when a request with one of `identities` was accepted for this
 * customer and integration within the receipt lifetime, answers that event's id without calling
 * `store`; else calls it and remembers the event under every identity. Two identical requests
 * at once store one event (the second waits for the first). Without identities, `store` runs.
 */
export async function withReceipt(
  deps: Pick<AppDeps, 'store' | 'clock'>,
  hook: { customerId: string; integration: string; identities: string[] },
  store: () => Promise<string>,
): Promise<{ eventId: string; duplicate?: true }> {
  if (!hook.identities.length) return { eventId: await store() };
  const keys = hook.identities.map((identity) => receiptKey(hook.customerId, hook.integration, identity));
  const receipts = deps.store.hookReceipts;
  const first = await receipts.claim(keys, isoAt(deps.clock.now()));
  if (first) return { eventId: first.eventId, duplicate: true };
  let eventId: string;
  try {
    eventId = await store();
  } catch (error) {
    receipts.release(keys);
    throw error;
  }
  const now = deps.clock.now();
  await receipts.accept({ id: newId('hrc'), keys, customerId: hook.customerId, eventId, receivedAt: isoAt(now), expiresAt: isoAt(now + receiptLifetimeMs) });
  return { eventId };
}
