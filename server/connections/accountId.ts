import type { AppDeps } from '../deps.ts';
import { HitchError } from '../errors.ts';
import { readAccountId } from '../integrations/jsonPointer.ts';
import type { ResolvedIntegration } from '../integrations/resolve.ts';
import type { StoredCredentials } from './storedCredentials.ts';
import { credentialedRequest } from './testCredentials.ts';
import { apiBaseFor } from './upstreamRequest.ts';

const accountRequestTimeoutMs = 10_000;

const unknownAccount = (integration: ResolvedIntegration, why: string) =>
  new HitchError('validation_failed', `${integration.name} did not say which account these credentials belong to.`, {
    errors: [{ path: 'credentials', message: why }],
  });

/**
 * The provider account new credentials belong to, recorded as the connection's `accountId`:
 * read from the token response (OAuth, `oauth2.accountField`, passed in as `fromTokens`), else
 * asked with the integration's `accountRequest`. Undefined when the integration names neither.
 * When it names one and no id comes back the credentials are refused: a connection of an unknown
 * account would miss every webhook checked against it.
 */
export async function accountIdFor(
  deps: Pick<AppDeps, 'fetch'>,
  integration: ResolvedIntegration,
  credentials: StoredCredentials,
  fromTokens?: string,
): Promise<string | undefined> {
  if (credentials.type === 'oauth2' && integration.oauth2?.accountField) {
    return fromTokens ?? throwError(unknownAccount(integration, `the token response has no account id at ${integration.oauth2.accountField}`));
  }
  if (!integration.accountRequest) return undefined;
  return requestAccountId(deps, integration, credentials, integration.accountRequest);
}

async function requestAccountId(
  deps: Pick<AppDeps, 'fetch'>,
  integration: ResolvedIntegration,
  credentials: StoredCredentials,
  { method, path, field }: NonNullable<ResolvedIntegration['accountRequest']>,
): Promise<string> {
  const base = apiBaseFor(integration, credentials);
  if (!base) throw new HitchError('conflict', `${integration.name} has an accountRequest but no apiBaseUrl to send it to.`);
  const { url, headers } = credentialedRequest(integration, path, base, credentials);
  let response: Response;
  let text: string;
  try {
    response = await deps.fetch(url, { method, headers, redirect: 'manual', signal: AbortSignal.timeout(accountRequestTimeoutMs) });
    text = await response.text();
  } catch {
    throw new HitchError('upstream_error', `${integration.name} could not be reached to learn the account of these credentials.`);
  }
  if (!response.ok) throw unknownAccount(integration, `the account request was refused (HTTP ${response.status})`);
  return readAccountId(parseJson(text), field) ?? throwError(unknownAccount(integration, `the account answer has no account id at ${field}`));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function throwError(error: Error): never {
  throw error;
}
