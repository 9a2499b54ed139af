import type { Config } from '../config.ts';
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

const placeholders = (template: string) => [...template.matchAll(/\{([A-Za-z][A-Za-z0-9_]*)\}/g)].map((match) => match[1]);

/**
 * The OAuth URLs for one connection, `{field}` placeholders filled. The client secret goes to
 * the token URL, so a placeholder must name a field whose pattern pins its value (Shopify's
 * `*.myshopify.com`); otherwise an end user could point the secret at any host.
 */
export function oauthEndpoints(integration: OAuthIntegration, fields: Record<string, string> = {}) {
  const { authorizationUrl, tokenUrl, revocationUrl } = integration.oauth2;
  for (const name of [authorizationUrl, tokenUrl, revocationUrl ?? ''].flatMap(placeholders)) {
    if (!integration.fields.find((field) => field.name === name)?.pattern) {
      throw new HitchError('conflict', `The OAuth URLs of ${integration.name} use {${name}}, which needs a field with a pattern.`);
    }
  }
  return {
    authorizationUrl: fillPlaceholders(authorizationUrl, fields),
    tokenUrl: fillPlaceholders(tokenUrl, fields),
    revocationUrl: revocationUrl && fillPlaceholders(revocationUrl, fields),
  };
}
