import type { Config } from '../config.ts';
import { unpinnedPlaceholders } from '../connections/pinnedPlaceholders.ts';
import { fillPlaceholders } from '../connections/upstreamRequest.ts';
import { HitchError } from '../errors.ts';
import type { ResolvedIntegration } from '../integrations/resolve.ts';
import type { Sealed } from '../store/records.ts';

/** An integration whose OAuth client is configured: what a flow, a refresh or a revocation needs. */
export type OAuthIntegration = ResolvedIntegration & {
  oauth2: NonNullable<ResolvedIntegration['oauth2']> & { clientId: string; clientSecret: Sealed };
};

/** The one redirect URI of every provider. */
export const redirectUriFor = (config: Pick<Config, 'publicUrl'>) => `${config.publicUrl}/oauth/callback`;

/** The integration with its OAuth client, or `conflict` when it has none configured. */
export function requireOAuthClient(integration: ResolvedIntegration): OAuthIntegration {
  const { oauth2 } = integration;
  if (integration.authType !== 'oauth2' || !oauth2?.clientId || !oauth2.clientSecret || !oauth2.authorizationUrl || !oauth2.tokenUrl) {
    throw new HitchError('conflict', `${integration.name} has no OAuth client configured.`);
  }
  return integration as OAuthIntegration;
}

/**
 * The OAuth URLs for one connection, `{field}` placeholders filled. The client secret goes to
 * the token URL, so every placeholder must be pinned by its field's pattern (pinnedPlaceholders.ts).
 */
export function oauthEndpoints(integration: OAuthIntegration, fields: Record<string, string> = {}) {
  const { authorizationUrl, tokenUrl, revocationUrl } = integration.oauth2;
  const [unpinned] = [authorizationUrl, tokenUrl, revocationUrl ?? ''].flatMap((url) => unpinnedPlaceholders(url, integration.fields));
  if (unpinned) throw new HitchError('conflict', `The OAuth URLs of ${integration.name} use {${unpinned}}, which needs a field whose pattern is anchored with ^ and $.`);
  return {
    authorizationUrl: fillPlaceholders(authorizationUrl, fields),
    tokenUrl: fillPlaceholders(tokenUrl, fields),
    revocationUrl: revocationUrl && fillPlaceholders(revocationUrl, fields),
  };
}
