import type {
  AdminKeyRecord,
  AuditRecord,
  ConnectionRecord,
  CustomerRecord,
  CustomerTokenCutoff,
  EventRecord,
  IntegrationRecord,
  IssuedTokenRecord,
  RevokedTokenRecord,
  SigningKeyRecord,
} from '../records.ts';
import type { SegmentedLog } from '../segmentedLog.ts';
import type { StateDocument } from '../stateDocument.ts';

/** The collections of the small state document (`state.json`), each keyed by its id. */
export interface StateCollections {
  customers: CustomerRecord;
  adminKeys: AdminKeyRecord;
  signingKeys: SigningKeyRecord;
  integrations: IntegrationRecord;
  connections: ConnectionRecord;
  revokedTokens: RevokedTokenRecord;
  tokenCutoffs: CustomerTokenCutoff;
}

export const stateKeys = {
  customers: (record: CustomerRecord) => record.id,
  adminKeys: (record: AdminKeyRecord) => record.id,
  signingKeys: (record: SigningKeyRecord) => record.kid,
  integrations: (record: IntegrationRecord) => record.key,
  connections: (record: ConnectionRecord) => record.id,
  revokedTokens: (record: RevokedTokenRecord) => record.jti,
  tokenCutoffs: (record: CustomerTokenCutoff) => record.customerId,
};

/** Everything the embedded store holds open. */
export interface Documents {
  state: StateDocument<StateCollections>;
  events: SegmentedLog<EventRecord>;
  audit: SegmentedLog<AuditRecord>;
  issuedTokens: SegmentedLog<IssuedTokenRecord>;
}
