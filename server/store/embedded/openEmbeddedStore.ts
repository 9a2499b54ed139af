import type { StorageAdapter } from '../adapters/StorageAdapter.ts';
import type { AuditRecord, EventRecord, ExecutionRecord, HookReceiptRecord, IssuedTokenRecord, WebhookDeliveryRecord } from '../records.ts';
import { SegmentedLog } from '../segmentedLog.ts';
import { openStateDocument } from '../stateDocument.ts';
import type { Store } from '../Store.ts';
import { auditRepository, eventRepository, pruneAudit } from './activity.ts';
import { customerRepository } from './customers.ts';
import { connectionRepository, integrationRepository } from './integrations.ts';
import { adminKeyRepository, signingKeyRepository, tokenRepository } from './keys.ts';
import { oauthAttemptRepository } from './oauthAttempts.ts';
import { type Documents, type StateCollections, stateKeys, type UsageCollections, usageKeys, type WebhookQueueCollections, webhookQueueKeys } from './layout.ts';
import { limitsRepository, usageRepository } from './limits.ts';
import { executionRepository } from './executions.ts';
import { hookReceiptRepository } from './hookReceipts.ts';
import { deliveryQueueRepository, webhookDeliveryRepository, webhookEndpointRepository } from './webhooks.ts';

/** Records per activity segment: one write serializes at most this many. */
const segmentSize = 128;

/**
 * The embedded store: small state in `state.json`, activity in segmented logs under
 * `events/` and `audit/`, all on the given adapter (lowdb files or memory).
 */
export async function openEmbeddedStore(adapter: StorageAdapter, release: () => Promise<void> = async () => {}): Promise<Store> {
  const documents: Documents = {
    state: await openStateDocument<StateCollections>(adapter, 'state.json', stateKeys),
    events: await SegmentedLog.open<EventRecord>(adapter, 'events', { segmentSize, timeOf: (event) => event.createdAt }),
    audit: await SegmentedLog.open<AuditRecord>(adapter, 'audit', { segmentSize, timeOf: (entry) => entry.timestamp }),
    issuedTokens: await SegmentedLog.open<IssuedTokenRecord>(adapter, 'tokens', { segmentSize, timeOf: (token) => token.createdAt }),
    usage: await openStateDocument<UsageCollections>(adapter, 'usage.json', usageKeys),
    executions: await SegmentedLog.open<ExecutionRecord>(adapter, 'executions', { segmentSize, timeOf: (execution) => execution.startedAt }),
    webhookDeliveries: await SegmentedLog.open<WebhookDeliveryRecord>(adapter, 'deliveries', { segmentSize, timeOf: (attempt) => attempt.createdAt }),
    webhookQueue: await openStateDocument<WebhookQueueCollections>(adapter, 'webhook-queue.json', webhookQueueKeys),
    hookReceipts: await SegmentedLog.open<HookReceiptRecord>(adapter, 'hook-receipts', { segmentSize, timeOf: (receipt) => receipt.expiresAt }),
  };
  let closed: Promise<void> | undefined;
  return {
    customers: customerRepository(documents),
    adminKeys: adminKeyRepository(documents),
    signingKeys: signingKeyRepository(documents),
    integrations: integrationRepository(documents),
    connections: connectionRepository(documents),
    tokens: tokenRepository(documents),
    events: eventRepository(documents),
    audit: auditRepository(documents),
    oauthAttempts: oauthAttemptRepository(documents),
    limits: limitsRepository(documents),
    usage: usageRepository(documents),
    executions: executionRepository(documents),
    webhookEndpoints: webhookEndpointRepository(documents),
    deliveryQueue: deliveryQueueRepository(documents),
    webhookDeliveries: webhookDeliveryRepository(documents),
    hookReceipts: hookReceiptRepository(documents),
    async prune({ activity, audit }) {
      await Promise.all([
        documents.events.pruneBefore(activity),
        documents.executions.pruneBefore(activity),
        documents.webhookDeliveries.pruneBefore(activity),
        pruneAudit(documents, audit),
      ]);
    },
    close() {
      closed ??= (async () => {
        await Promise.all(Object.values(documents).map((document) => document.idle()));
        await adapter.close();
        await release();
      })();
      return closed;
    },
  };
}
