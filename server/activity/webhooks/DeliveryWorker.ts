import http from 'node:http';
import https from 'node:https';
import type { AppDeps } from '../../deps.ts';
import type { PendingDeliveryRecord } from '../../store/records.ts';
import { attemptDelivery, type AttemptOutcome } from './attemptDelivery.ts';
import { addressPolicyOf } from './endpoints.ts';
import { postWebhook } from './postWebhook.ts';

export interface DeliveryWorkerOptions {
  /** No answer within this is a failed attempt (15 s). */
  timeoutMs: number;
  /** How often waiting retries are checked against the clock. */
  pollMs: number;
  /** Attempts in flight at once. */
  concurrency: number;
}

/**
 * Delivers the persisted queue. Entries due now wait in `#ready` (first in, first out); retries
 * wait in `#later` until the clock reaches them. Both are memory copies of the store's queue,
 * which is loaded at start, so deliveries pending at a stop or crash go out after the restart.
 */
export class DeliveryWorker {
  #deps: AppDeps;
  #options: DeliveryWorkerOptions;
  #ready = new Map<string, PendingDeliveryRecord>();
  #later = new Map<string, PendingDeliveryRecord>();
  #inFlight = new Map<string, { entry: PendingDeliveryRecord; done: Promise<void> }>();
  #stopping = new AbortController();
  #agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
  #timer?: NodeJS.Timeout;

  constructor(deps: AppDeps, options: DeliveryWorkerOptions) {
    this.#deps = deps;
    this.#options = options;
  }

  async start(): Promise<void> {
    for (const entry of await this.#deps.store.deliveryQueue.list()) this.#later.set(entry.id, entry);
    this.#timer = setInterval(() => this.#poll(), this.#options.pollMs);
    this.#timer.unref();
    this.#poll();
  }

  /** Aborts attempts in flight (they stay queued) and waits for them to settle. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#stopping.abort();
    await Promise.allSettled([...this.#inFlight.values()].map(({ done }) => done));
    this.#agents.http.destroy();
    this.#agents.https.destroy();
  }

  /** Persists new entries, then starts them. */
  async enqueue(entries: PendingDeliveryRecord[]): Promise<void> {
    await this.#deps.store.deliveryQueue.add(entries);
    for (const entry of entries) this.#ready.set(entry.id, entry);
    this.kick();
  }

  /** Makes a waiting retry of this message due now; false when none is waiting. */
  async expedite(webhookId: string): Promise<boolean> {
    const waiting = [...this.#later.values()].find((entry) => entry.webhookId === webhookId);
    if (!waiting) {
      const busy = [...this.#ready.values(), ...[...this.#inFlight.values()].map(({ entry }) => entry)];
      return busy.some((entry) => entry.webhookId === webhookId);
    }
    const due = await this.#deps.store.deliveryQueue.update(waiting.id, { dueAt: new Date(this.#deps.clock.now()).toISOString() });
    this.#later.delete(waiting.id);
    if (due) this.#ready.set(due.id, due);
    this.kick();
    return true;
  }

  /** Starts ready entries, up to the concurrency, without waiting for them. */
  kick(): void {
    if (this.#stopping.signal.aborted) return;
    for (const [id, entry] of this.#ready) {
      if (this.#inFlight.size >= this.#options.concurrency) return;
      this.#ready.delete(id);
      const done: Promise<void> = this.#attempt(entry).finally(() => {
        this.#inFlight.delete(id);
        this.kick();
      });
      this.#inFlight.set(id, { entry, done });
    }
  }

  /** Resolves once nothing due at the clock's time is left undelivered (tests, benchmarks). */
  async drain(): Promise<void> {
    for (this.#poll(); this.#inFlight.size; this.#poll()) await Promise.race([...this.#inFlight.values()].map(({ done }) => done));
  }

  /** Moves retries the clock has reached to the ready queue, then starts them. */
  #poll(): void {
    const now = new Date(this.#deps.clock.now()).toISOString();
    for (const [id, entry] of this.#later) {
      if (entry.dueAt > now) continue;
      this.#later.delete(id);
      this.#ready.set(id, entry);
    }
    this.kick();
  }

  async #attempt(entry: PendingDeliveryRecord): Promise<void> {
    try {
      const outcome = await attemptDelivery(this.#deps, entry, (url, body, headers) =>
        postWebhook(url, body, headers, {
          policy: addressPolicyOf(this.#deps.config),
          timeoutMs: this.#options.timeoutMs,
          signal: this.#stopping.signal,
          agents: this.#agents,
        }),
      );
      await this.#follow(outcome);
    } catch (error) {
      // A store failure: the entry stays queued on disk and is retried after a restart
      this.#deps.logger.error('webhook delivery failed', { webhookId: entry.webhookId, error: (error as Error).message });
    }
  }

  async #follow(outcome: AttemptOutcome): Promise<void> {
    if (outcome.next === 'retry') {
      const dueNow = outcome.entry.dueAt <= new Date(this.#deps.clock.now()).toISOString();
      (dueNow ? this.#ready : this.#later).set(outcome.entry.id, outcome.entry);
    }
    if (outcome.next === 'endpoint-disabled') await this.#disable(outcome.endpointId);
  }

  /** A 410: the endpoint is disabled and its queued deliveries dropped. */
  async #disable(endpointId: string): Promise<void> {
    const { store, clock, logger } = this.#deps;
    await store.webhookEndpoints.update(endpointId, {
      status: 'disabled',
      disabledReason: 'The endpoint answered 410 Gone.',
      updatedAt: new Date(clock.now()).toISOString(),
    });
    for (const entries of [this.#ready, this.#later]) {
      for (const [id, entry] of entries) if (entry.endpointId === endpointId) entries.delete(id);
    }
    const queued = (await store.deliveryQueue.list()).filter((entry) => entry.endpointId === endpointId);
    await Promise.all(queued.map((entry) => store.deliveryQueue.remove(entry.id)));
    logger.warn('webhook endpoint disabled (410 Gone)', { endpointId });
  }
}
