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
  RevokedTokenRecord,
  SigningKeyRecord,
} from './records.ts';

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
  create(connection: ConnectionRecord): Promise<void>;
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

export interface EventFilter {
  customerId?: string;
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

export interface AuditRepository {
  /** Chains the entry to the previous one (prevHash, hash) and appends it. */
  append(entry: Omit<AuditRecord, 'prevHash' | 'hash'>): Promise<AuditRecord>;
  list(filter: AuditFilter, page: PageRequest): Promise<Page<AuditRecord>>;
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
  /** Drops activity older than the given times (retention). */
  prune(before: { activity: string; audit: string }): Promise<void>;
  /** Waits for pending writes, then releases the data dir. */
  close(): Promise<void>;
}
