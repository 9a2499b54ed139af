import type { AppDeps } from '../deps.ts';
import { HitchError } from '../errors.ts';
import type { z } from 'zod';
import type { builtInIntegrationBody } from '../schemas/integrations.ts';
import type { IntegrationRecord } from '../store/records.ts';

/**
 * The stored form of a PUT body: secrets sealed. Secrets are write-only, so a PUT that omits
 * the client secret keeps the one already stored (an admin can toggle `enabled` without it).
 */
export function sealIntegration(
  deps: Pick<AppDeps, 'secrets' | 'clock'>,
  key: string,
  body: z.output<typeof builtInIntegrationBody>,
  existing: IntegrationRecord | undefined,
): IntegrationRecord {
  const now = new Date(deps.clock.now()).toISOString();
  const { oauth2, webhook, key: _key, ...rest } = body;
  const clientSecret = oauth2?.clientSecret ? deps.secrets.seal(oauth2.clientSecret) : existing?.oauth2?.clientSecret;
  if (oauth2 && !clientSecret) {
    throw new HitchError('validation_failed', 'The OAuth client secret is required.', {
      errors: [{ path: 'oauth2.clientSecret', message: 'is required' }],
    });
  }
  return {
    ...(rest as Omit<IntegrationRecord, 'key' | 'createdAt' | 'updatedAt'>),
    enabled: body.enabled ?? true,
    key,
    ...(oauth2 ? { oauth2: { ...(oauth2 as object), clientSecret } as IntegrationRecord['oauth2'] } : {}),
    ...(webhook ? { webhook: { ...webhook, secret: deps.secrets.seal(webhook.secret) } } : {}),
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
}
