/**
 * The demo, mounted at `/demo` by `npm start` (never when NODE_ENV=production), on the same
 * server and port as Hitch:
 *   /demo/            "Example Co", a host app that embeds the widget by script tag
 *   /demo/api/…       that app's own small backend (widget tokens, contacts through the proxy)
 *   /demo/provider/…  "Acme CRM", a demo OAuth provider with a contacts API and webhooks
 * Everything is configured on start: opening /demo/ needs no set-up.
 */
import express, { type Router } from 'express';
import type { AppDeps } from '../server/deps.ts';
import { randomToken } from '../server/ids.ts';
import { redirectUriFor } from '../server/oauth/endpoints.ts';
import { demoAdminClient } from './hitchAdminClient.ts';
import { hostAppRouter } from './hostApp/hostAppRouter.ts';
import { createAcmeCrm } from './provider/createAcmeCrm.ts';
import { sendWebhook } from './provider/webhooks.ts';
import { demoCustomer, demoIntegrationKey, seedDemo } from './seedDemo.ts';

/** Short-lived access tokens, so the demo shows refreshes within minutes. */
const accessTokenTtlSeconds = 600;

export async function demoMounts(deps: AppDeps): Promise<{ path: string; router: Router }[]> {
  const { publicUrl } = deps.config;
  const webhookSecret = randomToken(32);
  const crm = createAcmeCrm({
    baseUrl: `${publicUrl}/demo/provider`,
    clock: deps.clock,
    clientName: 'Example Co',
    redirectUris: [redirectUriFor(deps.config)],
    accessTokenTtlSeconds,
    // Acme tells Hitch about new contacts, as a provider's webhook would.
    onContactCreated: async ({ user, contact }) => {
      const url = `${publicUrl}/v1/hooks/${demoCustomer.id}/${demoIntegrationKey}`;
      await sendWebhook({ url, secret: webhookSecret, event: { type: 'contact.created', user, contact } });
    },
  });
  await seedDemo(deps, crm, webhookSecret);
  const hitch = await demoAdminClient(deps);

  const router = express.Router();
  // A host app rarely isolates its opener: without this, Hitch's default COOP would cut the popup off.
  router.use((_req, res, next) => (res.setHeader('Cross-Origin-Opener-Policy', 'unsafe-none'), next()));
  router.use('/provider', crm.router);
  router.use(hostAppRouter({ hitch, customerId: demoCustomer.id, integration: demoIntegrationKey, origin: new URL(publicUrl).origin }));
  return [{ path: '/demo', router }];
}
