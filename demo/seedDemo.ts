import type { AcmeCrm } from './provider/createAcmeCrm.ts';
import type { AppDeps } from '../server/deps.ts';
import { sealIntegration } from '../server/integrations/sealIntegration.ts';

export const demoCustomer = { id: 'example-co', name: 'Example Co' };
export const demoIntegrationKey = 'acme-crm';

/**
 * Prepares the demo on every start: the customer on the first, and the Acme CRM integration
 * rewritten each time, since the provider's URLs follow the listen address and its client secret
 * and webhook secret are new with each process. An admin's `enabled` choice is kept.
 */
export async function seedDemo(deps: AppDeps, crm: AcmeCrm, webhookSecret: string): Promise<void> {
  const now = new Date(deps.clock.now()).toISOString();
  if (!(await deps.store.customers.get(demoCustomer.id))) {
    await deps.store.customers.create({ ...demoCustomer, email: null, metadata: { demo: true }, createdAt: now, updatedAt: now });
  }
  const existing = await deps.store.integrations.get(demoIntegrationKey);
  const body = {
    name: 'Acme CRM',
    description: "The demo's OAuth provider: a small contacts API, served by this same server.",
    enabled: existing?.enabled ?? true,
    authType: 'oauth2' as const,
    apiBaseUrl: crm.apiBaseUrl,
    oauth2: {
      authorizationUrl: crm.authorizationUrl,
      tokenUrl: crm.tokenUrl,
      revocationUrl: crm.revocationUrl,
      scopes: [...crm.scopes],
      clientId: crm.clientId,
      clientSecret: crm.clientSecret,
      issuer: crm.issuer,
    },
    webhook: { secret: webhookSecret, scheme: 'hmac-sha256-hex' as const },
  };
  await deps.store.integrations.put(sealIntegration(deps, demoIntegrationKey, body, existing));
}
