import { defineRoute } from '../../http/route.ts';
import { forwardToUpstream } from '../../proxy/forward.ts';
import { customerConnectionParams } from '../../schemas/params.ts';

export const proxyConnection = defineRoute({
  method: 'all',
  path: '/v1/customers/:id/connections/:connectionId/proxy/*path',
  audience: 'admin',
  tag: 'Connections',
  summary:
    "Call the provider's API as the connection: method, path, query and body go to the integration's apiBaseUrl with the connection's auth (OAuth tokens refreshed first); the caller's Authorization is never forwarded",
  customerScoped: true,
  rateLimited: true,
  params: customerConnectionParams,
  rawBody: true,
  bodyLimit: '10mb',
  status: 200,
  responses: {
    200: { description: "The provider's answer: its status, headers and body as it sent them" },
    502: { description: 'The provider could not be reached (upstream_error)' },
  },
  handler: ({ params, req, res, deps }) => forwardToUpstream(deps, req, res, params.id, params.connectionId),
});
