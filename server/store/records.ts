import type { JWK } from 'jose';
import type { ConnectionStatus } from '../schemas/connections.ts';
import type { Customer } from '../schemas/customers.ts';
import type { Event } from '../schemas/events.ts';
import type { IntegrationBody } from '../schemas/integrations.ts';
import type { LimitName, LimitOverrides, PlanLimits } from '../schemas/limits.ts';
import type { Execution } from '../schemas/executions.ts';
import type { WebhookDelivery } from '../schemas/webhooks.ts';

/** A secret as stored: AES-256-GCM ciphertext with its IV and the id of the key that sealed it. */
export interface Sealed {
  kid: string;
  iv: string;
  data: string;
}

export type CustomerRecord = Customer;

export interface AdminKeyRecord {
  id: string;
  name: string;
  /** SHA-256 of the key, hex. The key itself is never stored. */
  hash: string;
  createdAt: string;
  /** Made by this server for its own use on every start (the demo host app's), never held by an operator. */
  internal?: true;
}

export interface SigningKeyRecord {
  kid: string;
  publicJwk: JWK;
  privateKey: Sealed;
  createdAt: string;
  /** When a newer key replaced it; it stays published and verifiable for a while after. */
  retiredAt?: string;
}

/** An integration's stored configuration: the admin's body with its secrets sealed. */
export interface IntegrationRecord extends Omit<IntegrationBody, 'oauth2' | 'webhook' | 'key'> {
  key: string;
  oauth2?: Omit<NonNullable<IntegrationBody['oauth2']>, 'clientSecret'> & { clientSecret?: Sealed };
  webhook?: Omit<NonNullable<IntegrationBody['webhook']>, 'secret'> & { secret: Sealed };
  createdAt: string;
  updatedAt: string;
}

export interface ConnectionRecord {
  id: string;
  customerId: string;
  integration: string;
  label: string;
  status: ConnectionStatus;
  statusReason?: string;
  authType: 'oauth2' | 'apiKey' | 'basic';
  /** The credentials object (fields, or OAuth tokens), sealed as one value. */
  credentials: Sealed;
  createdAt: string;
  updatedAt: string;
  lastRefreshedAt?: string;
  expiresAt?: string;
  /** The provider account the credentials belong to, when the integration says where to read it. */
  accountId?: string;
}

/** A widget token as issued (never the token itself): lets an admin revoke it by id. */
export interface IssuedTokenRecord {
  id: string;
  customerId: string;
  userId?: string;
  createdAt: string;
  expiresAt: string;
}

export interface RevokedTokenRecord {
  jti: string;
  customerId: string;
  /** When the token stops being accepted anyway (its expiry plus the clock tolerance): the revocation is needed until then. */
  expiresAt: string;
}

/** Every token of a customer issued before `before` is refused (the customer was deleted). */
export interface CustomerTokenCutoff {
  customerId: string;
  before: string;
  /** Past the longest token lifetime the cutoff can go. */
  expiresAt: string;
}

export type EventRecord = Event;

export interface AuditRecord {
  id: string;
  timestamp: string;
  user: string;
  action: string;
  resource: string;
  outcome: 'success' | 'failure';
  customerId?: string;
  ip?: string;
  detail?: string;
  /** Hash of the previous entry; the chain makes edits and deletions evident. */
  prevHash: string;
  hash: string;
}

/**
 * One OAuth authorization attempt (issue 4): started by the widget, finished by the callback.
 * The state is kept only as a hash and the PKCE verifier sealed, so the file holds neither.
 */
export interface OAuthAttemptRecord {
  id: string;
  /** SHA-256 (hex) of the `state` sent to the provider. */
  stateHash: string;
  customerId: string;
  /** The widget token's `uid`, for the audit log. */
  userId?: string;
  /** The widget token that started it (its `jti`): pending attempts are capped per token. Absent on attempts of older versions. */
  tokenId?: string;
  integration: string;
  /** The browser origin the callback page posts its result to; none when the start had no Origin. */
  origin?: string;
  label?: string;
  /** Set for a reconnect: that connection keeps its id. */
  connectionId?: string;
  verifier: Sealed;
  /** Field values the OAuth URLs need (Shopify's shop), sealed. */
  fields?: Sealed;
  /** The provider's authorize URL (it carries the state), sealed: handed out once a browser is bound. */
  providerUrl: Sealed;
  /** SHA-256 (hex) of the key the widget hands its popup to bind that browser to the attempt. */
  browserKeyHash: string;
  /** SHA-256 (hex) of the cookie the bound browser holds; the callback requires it. */
  browserBindingHash?: string;
  status: 'pending' | 'succeeded' | 'failed';
  /** The connection made or updated, once succeeded. */
  resultConnectionId?: string;
  error?: string;
  errorDescription?: string;
  createdAt: string;
  expiresAt: string;
  /** When the callback presented the state: a state is accepted once. */
  usedAt?: string;
}

/** The plan defaults of the four limits, once an admin has set them (else the initial values). */
export interface PlanLimitsRecord extends PlanLimits {
  id: 'plan';
  updatedAt: string;
}

/** One customer's overrides: only the limits set for it (a custom agreement, a trial…). */
export interface LimitOverridesRecord extends LimitOverrides {
  customerId: string;
  updatedAt: string;
}

/** One customer's counters for one UTC day; `exceeded` names the limits it went over that day. */
export interface DailyUsageRecord {
  customerId: string;
  /** `YYYY-MM-DD`, UTC. */
  day: string;
  events: number;
  executions: number;
  exceeded: LimitName[];
}

/** The last audit entry retention dropped: the kept chain must start right after it. */
export interface AuditAnchorRecord {
  id: 'audit';
  lastId: string;
  hash: string;
  timestamp: string;
}

/** One workflow run (issue 5), written when it is queued and again when it finishes. */
export type ExecutionRecord = Execution;

/**
 * An incoming webhook accepted once, kept while a replay of it could still arrive: a request
 * with one of its keys is answered with `eventId` again instead of being stored twice.
 */
export interface HookReceiptRecord {
  id: string;
  /** SHA-256 (hex) of customer, integration and one identity of the request each (its id, its signature). */
  keys: string[];
  customerId: string;
  eventId: string;
  receivedAt: string;
  /** After this a replay is refused by its timestamp, or is no longer recognized. */
  expiresAt: string;
}

/** An outgoing webhook endpoint; its signing secret (`whsec_…`) is sealed. */
export interface WebhookEndpointRecord {
  id: string;
  url: string;
  /** Event-name filters (`name`, `prefix.*`, `*`); every outgoing event when absent. */
  events?: string[];
  secret: Sealed;
  status: 'enabled' | 'disabled';
  disabledReason?: string;
  createdAt: string;
  updatedAt: string;
}

/** One delivery attempt, as `GET /v1/webhook-deliveries` lists it. */
export type WebhookDeliveryRecord = WebhookDelivery;

/**
 * A delivery still to make: written before the first attempt and kept until the event is
 * delivered or its retries run out, so a restart or crash never loses one.
 */
export interface PendingDeliveryRecord {
  id: string;
  endpointId: string;
  eventId: string;
  /** The event's customer: deleting the customer drops its pending deliveries. */
  customerId: string;
  /** The `webhook-id` every attempt of this message carries. */
  webhookId: string;
  /** The number of the next attempt, from 1. */
  attempt: number;
  dueAt: string;
  createdAt: string;
}
