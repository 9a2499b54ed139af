import { deleteConnection } from '../../connections/connections.ts';
import { readCredentials } from '../../connections/readCredentials.ts';
import { toConnectionView } from '../../connections/view.ts';
import { notFound } from '../../errors.ts';
import { resourceOf } from '../../http/auditResource.ts';
import { defineRoute } from '../../http/route.ts';
import { listOf } from '../../schemas/common.ts';
import { connection, credentials, listConnectionsQuery } from '../../schemas/connections.ts';
import { customerConnectionParams, customerParams } from '../../schemas/params.ts';
import { takePage, creationPosition, newestFirstByCreation } from '../../store/paging.ts';

export const getCustomerConnections = defineRoute({
  method: 'get',
  path: '/v1/customers/:id/connections',
  audience: 'admin',
  tag: 'Connections',
  summary: "List a customer's connections",
  customerScoped: true,
  params: customerParams,
  query: listConnectionsQuery,
  status: 200,
  responses: { 200: { description: 'Connections, newest first', schema: listOf(connection) } },
  async handler({ params, query, deps }) {
    if (!(await deps.store.customers.get(params.id))) throw notFound('The customer');
    const records = await deps.store.connections.list(params.id, { integration: query.integration });
    return takePage(newestFirstByCreation(records.map(toConnectionView), query.cursor), query.limit, creationPosition);
  },
});

export const getCustomerConnection = defineRoute({
  method: 'get',
  path: '/v1/customers/:id/connections/:connectionId',
  audience: 'admin',
  tag: 'Connections',
  summary: 'Get a connection',
  customerScoped: true,
  params: customerConnectionParams,
  status: 200,
  responses: { 200: { description: 'The connection (never its secrets)', schema: connection } },
  async handler({ params, deps }) {
    const record = await deps.store.connections.get(params.id, params.connectionId);
    if (!record) throw notFound('The connection');
    return toConnectionView(record);
  },
});

export const getConnectionCredentials = defineRoute({
  method: 'get',
  path: '/v1/customers/:id/connections/:connectionId/credentials',
  audience: 'admin',
  tag: 'Connections',
  summary: "Read a connection's credentials (OAuth tokens are refreshed first when they expire within 60 s)",
  customerScoped: true,
  params: customerConnectionParams,
  status: 200,
  responses: { 200: { description: 'The credentials', schema: credentials } },
  handler: ({ params, deps }) => readCredentials(deps, params.id, params.connectionId),
});

export const deleteCustomerConnection = defineRoute({
  method: 'delete',
  path: '/v1/customers/:id/connections/:connectionId',
  audience: 'admin',
  tag: 'Connections',
  summary: 'Delete a connection',
  customerScoped: true,
  params: customerConnectionParams,
  audit: { action: 'connection.delete', resource: resourceOf('connection', 'connectionId') },
  status: 204,
  responses: { 204: { description: 'Deleted' } },
  handler: ({ params, deps }) => deleteConnection(deps, params.id, params.connectionId),
});
