import type { Page } from '../schemas/common.ts';
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
} from './records.ts';
import type { DailyUsageRecord, LimitOverridesRecord, PlanLimitsRecord } from './records.ts';
import type { LimitName } from '../schemas/limits.ts';
import type { HookReceiptRecord } from './records.ts';
import type { ExecutionRecord, PendingDeliveryRecord, WebhookDeliveryRecord, WebhookEndpointRecord } from './records.ts';

export interface PageRequest {
  limit: number;
  cursor?: string;
}

export interface CustomerRepository {
  get(id: string): Promise<CustomerRecord | undefined>;
  list(filter: { q?: string }, page: PageRequest): Promise<Page<CustomerRecord>>;
  /** Throws `conflict` when the id is taken. */
  create(customer: CustomerRecord): Promise<void>;
  update(id: string, patch: Partial<Omit<CustomerRecord, 'id' | 'createdAt'>>): Promise<CustomerRecord | undefined>;
  /** Deletes the customer, its connections and activity (not its audit entries) and cuts off its tokens. */
  delete(id: string, tokenCutoff: CustomerTokenCutoff): Promise<boolean>;
}

export interface AdminKeyRepository {
  list(): Promise<AdminKeyRecord[]>;
  findByHash(hash: string): Promise<AdminKeyRecord | undefined>;
  create(key: AdminKeyRecord): Promise<void>;
  delete(id: string): Promise<boolean>;
}

export interface SigningKeyRepository {
  list(): Promise<SigningKeyRecord[]>;
  /** Adds `key` as the current key and marks the previous current key retired at `retiredAt`. */
  rotate(key: SigningKeyRecord, retiredAt: string): Promise<void>;
  /** Drops retired keys retired before `before`. */
  prune(before: string): Promise<void>;
}

export interface IntegrationRepository {
  list(): Promise<IntegrationRecord[]>;
  get(key: string): Promise<IntegrationRecord | undefined>;
  /** Returns true when the record is new. */
  put(integration: IntegrationRecord): Promise<boolean>;
  delete(key: string): Promise<boolean>;
}

export interface ConnectionRepository {
  get(customerId: string, id: string): Promise<ConnectionRecord | undefined>;
  list(customerId: string, filter?: { integration?: string }): Promise<ConnectionRecord[]>;
  /** Every customer's connections to one integration (schedules, background refresh). */
  listByIntegration(integration: string): Promise<ConnectionRecord[]>;
  /**
   * Stores a new connection. With `maxActive`, atomically refuses (returns false, stores nothing)
   * when the customer already has that many active connections: racing creates cannot over-admit.
   */
  create(connection: ConnectionRecord, limit?: { maxActive: number }): Promise<boolean>;
  update(
    customerId: string,
    id: string,
    patch: Partial<Omit<ConnectionRecord, 'id' | 'customerId' | 'createdAt'>>,
  ): Promise<ConnectionRecord | undefined>;
  delete(customerId: string, id: string): Promise<boolean>;
}

export interface TokenRepository {
  recordIssued(token: IssuedTokenRecord): Promise<void>;
  getIssued(id: string): Promise<IssuedTokenRecord | undefined>;
  revoke(token: RevokedTokenRecord): Promise<void>;
  isRevoked(jti: string): Promise<boolean>;
  /** The cutoff (ms) before which the customer's tokens are refused, if any. */
  cutoffFor(customerId: string): Promise<number | undefined>;
  /** Drops issued-token records, revocations and cutoffs that no live token can need any more. */
  prune(now: string): Promise<void>;
}

/** OAuth attempts (issue 4): few and short-lived, pruned after expiry. */
/** How many open attempts (pending, unused, unexpired at `now`) one customer and one token may have. */
export interface PendingAttemptCaps {
  perCustomer: number;
  perToken: number;
  now: string;
}

export interface OAuthAttemptRepository {
  /**
   * Records the attempt, unless its customer or its token already has as many open attempts as
   * `caps` allow (counted and inserted in one step): then nothing is stored and `retryAt` is when
   * the oldest of those expires, freeing a place.
   */
  create(attempt: OAuthAttemptRecord, caps: PendingAttemptCaps): Promise<{ created: true } | { created: false; retryAt: string }>;
  get(customerId: string, id: string): Promise<OAuthAttemptRecord | undefined>;
  /** Any customer's attempt by id while it is open (pending, unused, unexpired at `now`): for the public pages of the flow, which hold no token. */
  findOpen(id: string, now: string): Promise<OAuthAttemptRecord | undefined>;
  /**
   * Binds the browser that presented the attempt's key: records `bindingHash` on a pending,
   * unused, unexpired attempt whose key hash matches, and returns it; else undefined. Binding
   * again (a reloaded popup) replaces the earlier binding.
   */
  bindBrowser(id: string, browserKeyHash: string, bindingHash: string, now: string): Promise<OAuthAttemptRecord | undefined>;
  /**
   * Marks the attempt with this state hash used, atomically, so a state is accepted once:
   * `firstUse` is false when it was used before; undefined when no attempt has this state.
   */
  claim(stateHash: string, usedAt: string): Promise<{ attempt: OAuthAttemptRecord; firstUse: boolean } | undefined>;
  update(
    id: string,
    patch: Partial<Pick<OAuthAttemptRecord, 'status' | 'resultConnectionId' | 'error' | 'errorDescription'>>,
  ): Promise<OAuthAttemptRecord | undefined>;
  /** Drops attempts that expired before `before`. */
  prune(before: string): Promise<void>;
}

export interface EventFilter {
  customerId?: string;
  /** Only events of one of these integrations (events of no integration are left out too). */
  integrations?: readonly string[];
  type?: EventRecord['type'];
  direction?: EventRecord['direction'];
  name?: string;
  from?: string;
  to?: string;
}

export interface EventRepository {
  append(event: EventRecord): Promise<void>;
  get(id: string): Promise<EventRecord | undefined>;
  list(filter: EventFilter, page: PageRequest): Promise<Page<EventRecord>>;
}

export interface AuditFilter {
  user?: string;
  action?: string;
  resource?: string;
  outcome?: AuditRecord['outcome'];
  customerId?: string;
  from?: string;
  to?: string;
}

/** Plan defaults and per-customer overrides (issue 6). */
export interface LimitsRepository {
  getPlan(): Promise<PlanLimitsRecord | undefined>;
  putPlan(plan: PlanLimitsRecord): Promise<void>;
  getOverrides(customerId: string): Promise<LimitOverridesRecord | undefined>;
  /** A record without any limit set removes the customer's overrides. */
  putOverrides(overrides: LimitOverridesRecord): Promise<void>;
}

export type DailyCounter = 'events' | 'executions';

/** Per-customer daily counters (UTC days), kept for today and yesterday only. */
export interface UsageRepository {
  /**
   * Counts one unit of `counter` unless the day already reached `limit`. Check and count are
   * atomic, so racing requests for the last unit admit exactly one. The count is in memory on
   * return; `saved` resolves once it is on disk.
   */
  admit(customerId: string, day: string, counter: DailyCounter, limit: number): Promise<{ admitted: boolean; used: number; saved: Promise<void> }>;
  get(customerId: string, day: string): Promise<DailyUsageRecord | undefined>;
  /** Notes that the customer went over `limit` on `day`; true only the first time (one quota.exceeded each). */
  markExceeded(customerId: string, day: string, limit: LimitName): Promise<boolean>;
  /** Drops the counters of days before `day`. */
  prune(day: string): Promise<void>;
}

export interface AuditRepository {
  /** Chains the entry to the previous one (prevHash, hash) and appends it. */
  append(entry: Omit<AuditRecord, 'prevHash' | 'hash'>): Promise<AuditRecord>;
  list(filter: AuditFilter, page: PageRequest): Promise<Page<AuditRecord>>;
  /** Every matching entry, newest first, for downloads (read lazily, never all at once). */
  stream(filter: AuditFilter): AsyncIterable<AuditRecord>;
}

export interface ExecutionFilter {
  customerId?: string;
  workflowId?: string;
  triggeredBy?: ExecutionRecord['triggeredBy'];
  status?: ExecutionRecord['status'];
  /** Inclusive bounds on `startedAt`. */
  from?: string;
  to?: string;
}

/** Workflow runs (issue 5): a high-volume log, newest first. */
export interface ExecutionRepository {
  append(execution: ExecutionRecord): Promise<void>;
  get(id: string): Promise<ExecutionRecord | undefined>;
  update(id: string, patch: Partial<Omit<ExecutionRecord, 'id' | 'customerId' | 'workflowId'>>): Promise<ExecutionRecord | undefined>;
  list(filter: ExecutionFilter, page: PageRequest): Promise<Page<ExecutionRecord>>;
  /** Executions still queued or running: after a restart, those the stop interrupted. */
  unfinished(): Promise<ExecutionRecord[]>;
}

export interface WebhookEndpointRepository {
  list(): Promise<WebhookEndpointRecord[]>;
  get(id: string): Promise<WebhookEndpointRecord | undefined>;
  create(endpoint: WebhookEndpointRecord): Promise<void>;
  update(id: string, patch: Partial<Pick<WebhookEndpointRecord, 'status' | 'disabledReason' | 'updatedAt'>>): Promise<WebhookEndpointRecord | undefined>;
  /** Deletes the endpoint and its pending deliveries. */
  delete(id: string): Promise<boolean>;
}

/** The persisted queue of deliveries still to make (small: entries leave once delivered). */
export interface DeliveryQueueRepository {
  /** Resolves once the entries are on disk. */
  add(entries: PendingDeliveryRecord[]): Promise<void>;
  list(): Promise<PendingDeliveryRecord[]>;
  update(id: string, patch: Partial<Pick<PendingDeliveryRecord, 'attempt' | 'dueAt'>>): Promise<PendingDeliveryRecord | undefined>;
  remove(id: string): Promise<void>;
}

export interface WebhookDeliveryFilter {
  endpointId?: string;
  status?: WebhookDeliveryRecord['status'];
  eventId?: string;
  webhookId?: string;
}

/** Delivery attempts, one record each: a high-volume log, newest first. */
export interface WebhookDeliveryRepository {
  append(attempt: WebhookDeliveryRecord): Promise<void>;
  get(id: string): Promise<WebhookDeliveryRecord | undefined>;
  list(filter: WebhookDeliveryFilter, page: PageRequest): Promise<Page<WebhookDeliveryRecord>>;
}

/**
 * Incoming webhooks already accepted, by their keys (the replay defence): short-lived, pruned
 * by time, so the count follows the traffic of the last minutes, never the history.
 */
export interface HookReceiptRepository {
  /**
   * Claims the keys of an incoming webhook, atomically. Answers the receipt of the webhook
   * accepted first when any key has one unexpired at `now`, waiting while another request
   * holds a key; else undefined, and the caller holds the keys until `accept` or `release`.
   */
  claim(keys: string[], now: string): Promise<HookReceiptRecord | undefined>;
  /** Records the webhook as accepted under its keys and lets go of them; resolves once on disk. */
  accept(receipt: HookReceiptRecord): Promise<void>;
  /** Lets go of claimed keys without a receipt: nothing was stored, a retry may be. */
  release(keys: string[]): void;
  /** Drops receipts that expired before `before`. */
  prune(before: string): Promise<void>;
}

/**
 * The one storage interface every route and job uses. Implementations: the embedded
 * document store over lowdb files or memory (`./index.ts`); scale-out engines later.
 */
export interface Store {
  readonly customers: CustomerRepository;
  readonly adminKeys: AdminKeyRepository;
  readonly signingKeys: SigningKeyRepository;
  readonly integrations: IntegrationRepository;
  readonly connections: ConnectionRepository;
  readonly tokens: TokenRepository;
  readonly events: EventRepository;
  readonly audit: AuditRepository;
  readonly oauthAttempts: OAuthAttemptRepository;
  readonly limits: LimitsRepository;
  readonly usage: UsageRepository;
  readonly executions: ExecutionRepository;
  readonly webhookEndpoints: WebhookEndpointRepository;
  readonly deliveryQueue: DeliveryQueueRepository;
  readonly webhookDeliveries: WebhookDeliveryRepository;
  readonly hookReceipts: HookReceiptRepository;
  /** Drops activity older than the given times (retention). */
  prune(before: { activity: string; audit: string }): Promise<void>;
  /** Waits for pending writes, then releases the data dir. */
  close(): Promise<void>;
}
