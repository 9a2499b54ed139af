import type {
  AdminKeyRecord,
  AuditRecord,
  ConnectionRecord,
  CustomerRecord,
  CustomerTokenCutoff,
  EventRecord,
  IntegrationRecord,
  IssuedTokenRecord,
  OAuthAttemptRecord,
  RevokedTokenRecord,
  SigningKeyRecord,
} from '../records.ts';
import type { AuditAnchorRecord, DailyUsageRecord, LimitOverridesRecord, PlanLimitsRecord } from '../records.ts';
import type { HookReceiptRecord } from '../records.ts';
import type { ExecutionRecord, PendingDeliveryRecord, WebhookDeliveryRecord, WebhookEndpointRecord } from '../records.ts';
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
  planLimits: PlanLimitsRecord;
  limitOverrides: LimitOverridesRecord;
  auditAnchor: AuditAnchorRecord;
  webhookEndpoints: WebhookEndpointRecord;
}

export const stateKeys = {
  customers: (record: CustomerRecord) => record.id,
  adminKeys: (record: AdminKeyRecord) => record.id,
  signingKeys: (record: SigningKeyRecord) => record.kid,
  integrations: (record: IntegrationRecord) => record.key,
  connections: (record: ConnectionRecord) => record.id,
  revokedTokens: (record: RevokedTokenRecord) => record.jti,
  tokenCutoffs: (record: CustomerTokenCutoff) => record.customerId,
  planLimits: (record: PlanLimitsRecord) => record.id,
  limitOverrides: (record: LimitOverridesRecord) => record.customerId,
  auditAnchor: (record: AuditAnchorRecord) => record.id,
  webhookEndpoints: (record: WebhookEndpointRecord) => record.id,
};

/**
 * Daily usage counters live in their own small document (`usage.json`): they change with every
 * incoming event, and `state.json` should not be rewritten that often.
 */
export interface UsageCollections {
  dailyUsage: DailyUsageRecord;
}

export const usageKeys = {
  dailyUsage: (record: DailyUsageRecord) => `${record.customerId}/${record.day}`,
};

/**
 * Deliveries still to make live in their own small document (`webhook-queue.json`): it changes
 * with every outgoing event and attempt, and `state.json` should not be rewritten that often.
 */
export interface WebhookQueueCollections {
  pendingDeliveries: PendingDeliveryRecord;
}

export const webhookQueueKeys = {
  pendingDeliveries: (record: PendingDeliveryRecord) => record.id,
};

/**
 * OAuth attempts live in their own small document (`oauth-attempts.json`): one is written at every
 * start of a sign-in, and `state.json` should neither be rewritten that often nor grow with them.
 */
export interface OAuthAttemptCollections {
  oauthAttempts: OAuthAttemptRecord;
}

export const oauthAttemptKeys = {
  oauthAttempts: (record: OAuthAttemptRecord) => record.id,
};

/** Everything the embedded store holds open. */
export interface Documents {
  state: StateDocument<StateCollections>;
  events: SegmentedLog<EventRecord>;
  audit: SegmentedLog<AuditRecord>;
  issuedTokens: SegmentedLog<IssuedTokenRecord>;
  usage: StateDocument<UsageCollections>;
  executions: SegmentedLog<ExecutionRecord>;
  webhookDeliveries: SegmentedLog<WebhookDeliveryRecord>;
  webhookQueue: StateDocument<WebhookQueueCollections>;
  /** Accepted incoming webhooks, appended one line each and dropped by segment once expired. */
  hookReceipts: SegmentedLog<HookReceiptRecord>;
  oauthAttempts: StateDocument<OAuthAttemptCollections>;
}
