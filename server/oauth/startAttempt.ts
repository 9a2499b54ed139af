import type { WidgetActor } from '../auth/actor.ts';
import { isoAt } from '../clock.ts';
import { availableLabel, enabledIntegration } from '../connections/connections.ts';
import type { StoredCredentials } from '../connections/storedCredentials.ts';
import { validateFields } from '../connections/validateFields.ts';
import { hashSecret } from '../crypto/hashSecret.ts';
import type { AppDeps } from '../deps.ts';
import { HitchError, notFound } from '../errors.ts';
import { newId, randomToken } from '../ids.ts';
import { assertConnectionSlot } from '../limits/quota.ts';
import { secondsUntil } from '../limits/utcWindows.ts';
import type { StartOAuthBody } from '../schemas/oauth.ts';
import type { ConnectionRecord, OAuthAttemptRecord } from '../store/records.ts';
import { authorizeUrl } from './authorizeUrl.ts';
import { popupUrlFor } from './browserBinding.ts';
import { redirectUriFor, requireOAuthClient, type OAuthIntegration } from './endpoints.ts';
import { newState, newVerifier } from './pkce.ts';

export const attemptLifetimeMs = 10 * 60_000;
/**
 * Open sign-ins (started, not finished, not expired) one widget token and one customer may have:
 * far more than people clicking "Connect" make in 10 minutes, few enough that one customer cannot
 * grow the store or slow others (docs/DECISIONS.md, "Caps on pending OAuth attempts").
 */
export const maxPendingAttemptsPerToken = 20;
export const maxPendingAttemptsPerCustomer = 100;
/** Finished and expired attempts stay readable this long, for a widget that polls late. */
const keepAttemptsMs = 60 * 60_000;

/** The `Origin` header when it is a real http(s) origin; `null` (sandboxed, file:) cannot be posted to. */
export function browserOrigin(header: string | undefined): string | undefined {
  if (!header || !URL.canParse(header)) return undefined;
  const url = new URL(header);
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === header ? header : undefined;
}

async function reconnectTarget(deps: AppDeps, customerId: string, integration: string, connectionId: string) {
  const connection = await deps.store.connections.get(customerId, connectionId);
  if (!connection || connection.integration !== integration) throw notFound('The connection');
  return connection;
}

/** Field values for the OAuth URLs: as submitted, or on reconnect the connection's own. */
function attemptFields(deps: AppDeps, integration: OAuthIntegration, submitted?: Record<string, string>, reconnecting?: ConnectionRecord) {
  if (submitted === undefined && reconnecting) {
    const stored = deps.secrets.openJson<StoredCredentials>(reconnecting.credentials);
    submitted = stored.fields ?? {};
  }
  if (submitted === undefined && integration.fields.length === 0) return {};
  return validateFields(integration.fields, submitted ?? {}, 'fields');
}

/**
 * `POST /v1/widget/oauth/:integration/start`: records an attempt and returns the URL of the popup
 * page that binds the browser (browserBinding.ts) and the key the widget hands that page.
 */
export async function startAttempt(deps: AppDeps, actor: WidgetActor, integrationKey: string, body: StartOAuthBody, origin?: string) {
  const integration = requireOAuthClient(await enabledIntegration(deps, integrationKey));
  if (body.label !== undefined && body.connectionId !== undefined) {
    throw new HitchError('validation_failed', 'A reconnect keeps its label; relabel with PATCH.', {
      errors: [{ path: 'label', message: 'cannot be combined with connectionId' }],
    });
  }
  const reconnecting = body.connectionId ? await reconnectTarget(deps, actor.customerId, integration.key, body.connectionId) : undefined;
  if (body.label) await availableLabel(deps, actor.customerId, integration, body.label);
  // A full account is refused before the user is sent to the provider; a reconnect needs no slot.
  if (!reconnecting) await assertConnectionSlot(deps, actor.customerId);
  const fields = attemptFields(deps, integration, body.fields, reconnecting);
  const state = newState();
  const verifier = newVerifier();
  const url = authorizeUrl(integration, { redirectUri: redirectUriFor(deps.config), state, verifier, fields });
  const browserKey = randomToken(32);

  const now = deps.clock.now();
  await deps.store.oauthAttempts.prune(isoAt(now - keepAttemptsMs));
  const attempt: OAuthAttemptRecord = {
    id: newId('oat'),
    stateHash: hashSecret(state),
    customerId: actor.customerId,
    ...(actor.userId ? { userId: actor.userId } : {}),
    tokenId: actor.tokenId,
    integration: integration.key,
    ...(origin ? { origin } : {}),
    ...(body.label ? { label: body.label } : {}),
    ...(reconnecting ? { connectionId: reconnecting.id } : {}),
    verifier: deps.secrets.seal(verifier),
    ...(Object.keys(fields).length ? { fields: deps.secrets.sealJson(fields) } : {}),
    providerUrl: deps.secrets.seal(url),
    browserKeyHash: hashSecret(browserKey),
    status: 'pending',
    createdAt: isoAt(now),
    expiresAt: isoAt(now + attemptLifetimeMs),
  };
  const caps = { perCustomer: maxPendingAttemptsPerCustomer, perToken: maxPendingAttemptsPerToken, now: isoAt(now) };
  const stored = await deps.store.oauthAttempts.create(attempt, caps);
  if (!stored.created) {
    const retryAfter = secondsUntil(Date.parse(stored.retryAt), now);
    throw new HitchError('rate_limited', `Too many sign-ins are waiting to be finished. Finish or close one, or try again in ${retryAfter} seconds.`, {
      retryAfter,
      reason: 'pendingOAuthAttempts',
    });
  }
  return { attemptId: attempt.id, authorizeUrl: popupUrlFor(deps.config, attempt.id), browserKey, expiresAt: attempt.expiresAt };
}

/** What the widget polls: an attempt past its expiry without a result has failed. */
export function attemptView(attempt: OAuthAttemptRecord, now: number) {
  // Once the callback has claimed it, the exchange may run past the expiry: still pending.
  if (attempt.status === 'pending' && !attempt.usedAt && Date.parse(attempt.expiresAt) <= now) {
    return { status: 'failed' as const, error: 'expired', errorDescription: 'The sign-in took too long.' };
  }
  return {
    status: attempt.status,
    ...(attempt.resultConnectionId ? { connectionId: attempt.resultConnectionId } : {}),
    ...(attempt.error ? { error: attempt.error } : {}),
    ...(attempt.errorDescription ? { errorDescription: attempt.errorDescription } : {}),
  };
}
