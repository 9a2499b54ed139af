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
import type { OnQuarantine } from '../quarantine.ts';
import { type Documents, type StateCollections, stateKeys, type UsageCollections, usageKeys, type WebhookQueueCollections, webhookQueueKeys } from './layout.ts';
import { type OAuthAttemptCollections, oauthAttemptKeys } from './layout.ts';
import { moveOAuthAttempts } from './moveOAuthAttempts.ts';
import { limitsRepository, usageRepository } from './limits.ts';
import { executionRepository } from './executions.ts';
import { hookReceiptRepository } from './hookReceipts.ts';
import { deliveryQueueRepository, webhookDeliveryRepository, webhookEndpointRepository } from './webhooks.ts';

/** Records per activity segment: one write serializes at most this many. */
const segmentSize = 128;

export interface EmbeddedStoreOptions {
  /** Lets go of the data dir (its lock) once the store is closed. */
  release?: () => Promise<void>;
  /** Told about each quarantine file written at open (records found on disk that cannot be kept). */
  onQuarantine?: OnQuarantine;
}

/**
 * The embedded store: small state in `state.json`, activity in segmented logs under
 * `events/` and `audit/`, all on the given adapter (lowdb files or memory).
 */
export async function openEmbeddedStore(adapter: StorageAdapter, options: EmbeddedStoreOptions = {}): Promise<Store> {
  const { release = async () => {}, onQuarantine = () => {} } = options;
  const log = <T extends { id: string }>(folder: string, timeOf: (record: T) => string) =>
    SegmentedLog.open<T>(adapter, folder, { segmentSize, timeOf, onQuarantine });
  // Read before the state document opens: older versions kept OAuth attempts in it
  const stateAsFound = await adapter.read('state.json');
  const documents: Documents = {
    state: await openStateDocument<StateCollections>(adapter, 'state.json', stateKeys, onQuarantine),
    events: await log<EventRecord>('events', (event) => event.createdAt),
    audit: await log<AuditRecord>('audit', (entry) => entry.timestamp),
    issuedTokens: await log<IssuedTokenRecord>('tokens', (token) => token.createdAt),
    usage: await openStateDocument<UsageCollections>(adapter, 'usage.json', usageKeys, onQuarantine),
    executions: await log<ExecutionRecord>('executions', (execution) => execution.startedAt),
    webhookDeliveries: await log<WebhookDeliveryRecord>('deliveries', (attempt) => attempt.createdAt),
    webhookQueue: await openStateDocument<WebhookQueueCollections>(adapter, 'webhook-queue.json', webhookQueueKeys, onQuarantine),
    oauthAttempts: await openStateDocument<OAuthAttemptCollections>(adapter, 'oauth-attempts.json', oauthAttemptKeys, onQuarantine),
    hookReceipts: await log<HookReceiptRecord>('hook-receipts', (receipt) => receipt.expiresAt),
  };
  await moveOAuthAttempts(adapter, stateAsFound, { state: documents.state, attempts: documents.oauthAttempts }, onQuarantine);
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
