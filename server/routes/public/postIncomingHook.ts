import { receiveHook } from '../../activity/webhooks/receiveHook.ts';
import { defineRoute } from '../../http/route.ts';
import { incomingHookAccepted, incomingHookParams } from '../../schemas/webhooks.ts';

export const postIncomingHook = defineRoute({
  method: 'post',
  path: '/v1/hooks/:customerId/:integration',
  audience: 'public',
  tag: 'Incoming webhooks',
  summary:
    "A provider's webhook for one customer, verified with the integration's webhook secret and scheme (hmac-sha256-hex or standard-webhooks); up to 1 MB. A replay of one already accepted (the same webhook-id, or the integration's id header) within 10 minutes is answered with the first event's id and stored once",
  params: incomingHookParams,
  rawBody: true,
  bodyLimit: '1mb',
  audit: { action: 'webhook.receive', resource: (req) => `integration/${req.params.integration}` },
  status: 202,
  responses: {
    202: { description: 'Stored as an incoming webhook event, or (`duplicate`) accepted before', schema: incomingHookAccepted },
    401: { description: 'The signature is missing or wrong, the timestamp more than 5 minutes off, or the id header missing' },
    404: {
      description: "Unknown customer, an integration without a webhook secret, or a webhook whose account (`webhook.accountField`) is not one of the customer's connections",
    },
    413: { description: 'Over 1 MB' },
  },
  async handler({ params, req, res, deps }) {
    const accepted = await receiveHook(deps, params.customerId, params.integration, req, (customerId) => (res.locals.auditCustomerId = customerId));
    if (accepted.duplicate) res.locals.auditDetail = `duplicate of ${accepted.eventId}`;
    return accepted;
  },
});
