import type { StorageAdapter } from '../adapters/StorageAdapter.ts';
import type { AuditRecord, EventRecord, IssuedTokenRecord } from '../records.ts';
import { SegmentedLog } from '../segmentedLog.ts';
import { openStateDocument } from '../stateDocument.ts';
import type { Store } from '../Store.ts';
import { auditRepository, eventRepository } from './activity.ts';
import { customerRepository } from './customers.ts';
import { connectionRepository, integrationRepository } from './integrations.ts';
import { adminKeyRepository, signingKeyRepository, tokenRepository } from './keys.ts';
import { type Documents, type StateCollections, stateKeys } from './layout.ts';

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
    async prune({ activity, audit }) {
      await Promise.all([documents.events.pruneBefore(activity), documents.audit.pruneBefore(audit)]);
    },
    close() {
      closed ??= (async () => {
        await Promise.all([documents.state.idle(), documents.events.idle(), documents.audit.idle(), documents.issuedTokens.idle()]);
        await release();
      })();
      return closed;
    },
  };
}
