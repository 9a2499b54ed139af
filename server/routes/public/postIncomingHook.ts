import { receiveHook } from '../../activity/webhooks/receiveHook.ts';
import { defineRoute } from '../../http/route.ts';
import { incomingHookAccepted, incomingHookParams } from '../../schemas/webhooks.ts';

export const postIncomingHook = defineRoute({
  method: 'post',
  path: '/v1/hooks/:customerId/:integration',
  audience: 'public',
  tag: 'Incoming webhooks',
  summary:
    "A provider's webhook for one customer, verified with the integration's webhook secret and scheme (hmac-sha256-hex or standard-webhooks); up to 1 MB",
  params: incomingHookParams,
  rawBody: true,
  bodyLimit: '1mb',
  audit: { action: 'webhook.receive', resource: (req) => `integration/${req.params.integration}` },
  status: 202,
  responses: {
    202: { description: 'Stored as an incoming webhook event', schema: incomingHookAccepted },
    401: { description: 'The signature is missing, stale or wrong' },
    404: { description: 'Unknown customer, or an integration without a webhook secret' },
    413: { description: 'Over 1 MB' },
  },
  async handler({ params, req, res, deps }) {
    return receiveHook(deps, params.customerId, params.integration, req, (customerId) => (res.locals.auditCustomerId = customerId));
  },
});
