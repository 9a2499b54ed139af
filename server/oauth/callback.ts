import { isoAt } from '../clock.ts';
import { hashSecret } from '../crypto/hashSecret.ts';
import type { AppDeps } from '../deps.ts';
import { findIntegration } from '../integrations/resolve.ts';
import type { OAuthCallbackQuery } from '../schemas/oauth.ts';
import type { OAuthAttemptRecord } from '../store/records.ts';
import { auditAttempt } from './attemptAudit.ts';
import { isBoundBrowser } from './browserBinding.ts';
import { oauthEndpoints, redirectUriFor, requireOAuthClient, type OAuthIntegration } from './endpoints.ts';
import { AttemptFailure, saveOAuthConnection } from './saveConnection.ts';
import { requestTokens } from './tokenEndpoint.ts';
import { cleanCode, cleanText, TokenEndpointError, toCredentials } from './tokenResponse.ts';

/** What the callback page says, and what it posts to the opener (only ever to the recorded origin). */
export interface CallbackResult {
  httpStatus: number;
  status: 'succeeded' | 'failed';
  /** The attempt the state named: its browser binding is spent. */
  attemptId?: string;
  description: string;
  integrationName?: string;
  post?: { origin: string; message: { type: 'hitch:oauth'; attemptId: string; status: 'succeeded' | 'failed'; connectionId?: string; error?: string } };
}

const refused = (description: string): CallbackResult => ({ httpStatus: 400, status: 'failed', description });

/** Where the callback request came from: the client address, and its `Cookie` header (the browser binding). */
export interface CallbackRequest {
  ip?: string;
  cookies?: string;
}

/**
 * `GET /oauth/callback`: accepts a state once, in the browser the attempt was bound to, for the
 * attempt and provider it was made for; exchanges the code with the PKCE verifier and stores the connection.
 */
export async function handleCallback(deps: AppDeps, query: OAuthCallbackQuery, { ip, cookies }: CallbackRequest = {}): Promise<CallbackResult> {
  if (!query.state) return refused('The sign-in response carries no state.');
  const claimed = await deps.store.oauthAttempts.claim(hashSecret(query.state), isoAt(deps.clock.now()));
  if (!claimed) {
    deps.logger.warn('oauth callback with an unknown state');
    return refused('This sign-in response does not belong to any sign-in in progress.');
  }
  if (!claimed.firstUse) return refused('This sign-in response was already used.');
  const { attempt } = claimed;
  try {
    // Before anything else: a response for someone else's sign-in must not reach the provider's token endpoint
    if (!isBoundBrowser(attempt, cookies)) {
      throw new AttemptFailure('browser_mismatch', 'This sign-in was started in another browser or window. Start it again from the app.', 400);
    }
    const { integration, connectionId } = await completeAttempt(deps, attempt, query);
    await deps.store.oauthAttempts.update(attempt.id, { status: 'succeeded', resultConnectionId: connectionId });
    await auditAttempt(deps, attempt, { connectionId, ip });
    return result(attempt, 200, { status: 'succeeded', connectionId }, `Your ${integration.name} account is connected.`, integration.name);
  } catch (error) {
    const failure = error instanceof AttemptFailure ? error : new AttemptFailure('internal', 'Something went wrong on our side.');
    if (failure.code === 'internal') deps.logger.error('oauth callback failed', { attemptId: attempt.id, error: (error as Error).message });
    await deps.store.oauthAttempts.update(attempt.id, { status: 'failed', error: failure.code, errorDescription: failure.description });
    await auditAttempt(deps, attempt, { failure: failure.code, ip });
    return result(attempt, failure.httpStatus, { status: 'failed', error: failure.code }, failure.description);
  }
}

function result(
  attempt: OAuthAttemptRecord,
  httpStatus: number,
  outcome: { status: 'succeeded' | 'failed'; connectionId?: string; error?: string },
  description: string,
  integrationName?: string,
): CallbackResult {
  const post = attempt.origin ? { origin: attempt.origin, message: { type: 'hitch:oauth' as const, attemptId: attempt.id, ...outcome } } : undefined;
  return { httpStatus, status: outcome.status, attemptId: attempt.id, description, integrationName, post };
}

async function completeAttempt(deps: AppDeps, attempt: OAuthAttemptRecord, query: OAuthCallbackQuery) {
  if (Date.parse(attempt.expiresAt) <= deps.clock.now()) throw new AttemptFailure('expired', 'The sign-in took too long; start it again.', 400);
  const integration = await usableIntegration(deps, attempt);
  const fields = attempt.fields ? deps.secrets.openJson<Record<string, string>>(attempt.fields) : undefined;
  checkIssuer(integration, query.iss, fields);
  if (query.error !== undefined) {
    const description = cleanText(query.error_description) || `${integration.name} did not grant access.`;
    throw new AttemptFailure(cleanCode(query.error, 'provider_error'), description);
  }
  if (!query.code) throw new AttemptFailure('invalid_callback', `${integration.name} sent neither a code nor an error.`, 400);
  const { credentials, accountId } = await exchangeCode(deps, integration, attempt, query.code, fields);
  const connection = await saveOAuthConnection(deps, attempt, integration, credentials, accountId);
  return { integration, connectionId: connection.id };
}

async function usableIntegration(deps: AppDeps, attempt: OAuthAttemptRecord): Promise<OAuthIntegration> {
  const [customer, integration] = await Promise.all([deps.store.customers.get(attempt.customerId), findIntegration(deps, attempt.integration)]);
  if (!customer) throw new AttemptFailure('customer_not_found', 'The customer no longer exists.');
  if (!integration?.enabled) throw new AttemptFailure('integration_unavailable', 'The integration is no longer available.');
  try {
    return requireOAuthClient(integration);
  } catch {
    throw new AttemptFailure('integration_unavailable', `${integration.name} has no OAuth client configured.`);
  }
}

/**
 * Mix-up defence (RFC 9207): an `iss` must name the provider this attempt went to — the
 * configured issuer, else the origin of its authorization endpoint. One redirect URI serves
 * every provider, so this is how a response is tied to its integration.
 */
function checkIssuer(integration: OAuthIntegration, iss: string | undefined, fields?: Record<string, string>) {
  if (iss === undefined) return;
  const expected = integration.oauth2.issuer;
  const authorizeOrigin = new URL(oauthEndpoints(integration, fields).authorizationUrl).origin;
  const matches = expected ? iss === expected : URL.canParse(iss) && new URL(iss).origin === authorizeOrigin;
  if (!matches) {
    throw new AttemptFailure('issuer_mismatch', `The response came from another provider than ${integration.name}; nothing was exchanged.`, 400);
  }
}

async function exchangeCode(deps: AppDeps, integration: OAuthIntegration, attempt: OAuthAttemptRecord, code: string, fields?: Record<string, string>) {
  const grant = {
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUriFor(deps.config),
    code_verifier: deps.secrets.open(attempt.verifier),
  };
  try {
    const tokens = await requestTokens(deps, integration, grant, fields);
    return { credentials: toCredentials(tokens, deps.clock.now(), undefined, fields), accountId: tokens.accountId };
  } catch (error) {
    if (!(error instanceof TokenEndpointError)) throw error;
    deps.logger.warn('oauth code exchange failed', { integration: integration.key, code: error.code });
    throw new AttemptFailure('token_exchange_failed', `${integration.name} did not issue tokens: ${error.description} (${error.code})`);
  }
}
