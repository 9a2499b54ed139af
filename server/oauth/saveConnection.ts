import { isoAt } from '../clock.ts';
import { accountIdFor } from '../connections/accountId.ts';
import { availableLabel, recordLifecycle } from '../connections/connections.ts';
import { toConnectionView } from '../connections/view.ts';
import type { AppDeps } from '../deps.ts';
import { HitchError } from '../errors.ts';
import { newId } from '../ids.ts';
import { createConnectionWithinLimit } from '../limits/quota.ts';
import type { Connection } from '../schemas/connections.ts';
import type { ConnectionRecord, OAuthAttemptRecord } from '../store/records.ts';
import type { OAuthIntegration } from './endpoints.ts';
import { forgetRefreshFailures } from './refresh.ts';
import type { OAuthCredentials } from './tokenResponse.ts';

/** Why a callback could not finish its attempt; `code` is what the widget reads. */
export class AttemptFailure extends Error {
  constructor(
    readonly code: string,
    readonly description: string,
    /** 400 for a callback the contract refuses (expired, another provider); 200 for a flow that ended in failure. */
    readonly httpStatus = 200,
  ) {
    super(description);
  }
}

async function createConnection(deps: AppDeps, attempt: OAuthAttemptRecord, integration: OAuthIntegration, credentials: OAuthCredentials, accountId?: string) {
  let label: string;
  try {
    label = await availableLabel(deps, attempt.customerId, integration, attempt.label);
  } catch (error) {
    if (error instanceof HitchError) throw new AttemptFailure('label_taken', error.message);
    throw error;
  }
  const now = isoAt(deps.clock.now());
  const record: ConnectionRecord = {
    id: newId('conn'),
    customerId: attempt.customerId,
    integration: integration.key,
    label,
    status: 'active',
    authType: 'oauth2',
    credentials: deps.secrets.sealJson(credentials),
    createdAt: now,
    updatedAt: now,
    ...(credentials.expiresAt ? { expiresAt: credentials.expiresAt } : {}),
    ...(accountId ? { accountId } : {}),
  };
  try {
    await createConnectionWithinLimit(deps, record);
  } catch (error) {
    if (error instanceof HitchError && error.code === 'quota_exceeded') throw new AttemptFailure('quota_exceeded', error.message);
    throw error;
  }
  return record;
}

/** A reconnect: new tokens, status back to active, the same id and label (the account as the new tokens say). */
async function updateConnection(deps: AppDeps, attempt: OAuthAttemptRecord, credentials: OAuthCredentials, accountId?: string) {
  const updated = await deps.store.connections.update(attempt.customerId, attempt.connectionId!, {
    credentials: deps.secrets.sealJson(credentials),
    ...(accountId ? { accountId } : {}),
    status: 'active',
    statusReason: undefined,
    expiresAt: credentials.expiresAt,
    updatedAt: isoAt(deps.clock.now()),
  });
  if (!updated) throw new AttemptFailure('connection_not_found', 'The connection to reconnect was deleted meanwhile.');
  forgetRefreshFailures(deps, updated.id);
  return updated;
}

/** The connection's provider account; one that cannot be learned fails the attempt, as a refused test would. */
async function accountOf(deps: AppDeps, integration: OAuthIntegration, credentials: OAuthCredentials, fromTokens?: string) {
  try {
    return await accountIdFor(deps, integration, credentials, fromTokens);
  } catch (error) {
    if (error instanceof HitchError) throw new AttemptFailure('account_unknown', error.message);
    throw error;
  }
}

/** Stores the new tokens as a connection (or into the reconnected one) and records the lifecycle event. */
export async function saveOAuthConnection(
  deps: AppDeps,
  attempt: OAuthAttemptRecord,
  integration: OAuthIntegration,
  credentials: OAuthCredentials,
  /** The account id the token response named (`oauth2.accountField`). */
  accountFromTokens?: string,
): Promise<Connection> {
  const accountId = await accountOf(deps, integration, credentials, accountFromTokens);
  const record = attempt.connectionId
    ? await updateConnection(deps, attempt, credentials, accountId)
    : await createConnection(deps, attempt, integration, credentials, accountId);
  const connection = toConnectionView(record);
  await recordLifecycle(deps, attempt.connectionId ? 'connection.updated' : 'connection.created', connection);
  return connection;
}
