import { createKeyConnection, deleteConnection, relabelConnection } from '../../connections/connections.ts';
import { HitchError, notFound } from '../../errors.ts';
import { resourceOf } from '../../http/auditResource.ts';
import { defineRoute } from '../../http/route.ts';
import type { WidgetActor } from '../../auth/actor.ts';
import type { AppDeps } from '../../deps.ts';
import { connection, createConnectionBody, updateConnectionBody } from '../../schemas/connections.ts';
import { connectionParams } from '../../schemas/params.ts';
import { tokenAllows } from './allowedIntegration.ts';

/** A connection the token may act on; others are as good as absent (404). */
async function visibleConnection(deps: AppDeps, actor: WidgetActor, id: string) {
  const record = await deps.store.connections.get(actor.customerId, id);
  if (!record || !tokenAllows(actor, record.integration)) throw notFound('The connection');
  return record;
}

export const postWidgetConnections = defineRoute({
  method: 'post',
  path: '/v1/widget/connections',
  audience: 'widget',
  tag: 'Widget',
  summary: 'Connect an API-key or basic-auth account (credentials are tested first when the integration has a test)',
  scope: 'connections:write',
  body: createConnectionBody,
  audit: { action: 'connection.create', resource: resourceOf('connection') },
  status: 201,
  responses: { 201: { description: 'The new connection', schema: connection } },
  async handler({ body, actor, res, deps }) {
    if (!tokenAllows(actor, body.integration)) {
      throw new HitchError('forbidden', `This widget token does not allow the integration "${body.integration}".`);
    }
    const created = await createKeyConnection(deps, actor.customerId, body);
    res.locals.auditId = created.id;
    return created;
  },
});

export const patchWidgetConnection = defineRoute({
  method: 'patch',
  path: '/v1/widget/connections/:connectionId',
  audience: 'widget',
  tag: 'Widget',
  summary: 'Relabel a connection',
  scope: 'connections:write',
  params: connectionParams,
  body: updateConnectionBody,
  audit: { action: 'connection.update', resource: resourceOf('connection', 'connectionId') },
  status: 200,
  responses: { 200: { description: 'The connection', schema: connection } },
  async handler({ params, body, actor, deps }) {
    await visibleConnection(deps, actor, params.connectionId);
    return relabelConnection(deps, actor.customerId, params.connectionId, body.label);
  },
});

export const deleteWidgetConnection = defineRoute({
  method: 'delete',
  path: '/v1/widget/connections/:connectionId',
  audience: 'widget',
  tag: 'Widget',
  summary: 'Disconnect an account',
  scope: 'connections:write',
  params: connectionParams,
  audit: { action: 'connection.delete', resource: resourceOf('connection', 'connectionId') },
  status: 204,
  responses: { 204: { description: 'Deleted' } },
  async handler({ params, actor, deps }) {
    await visibleConnection(deps, actor, params.connectionId);
    await deleteConnection(deps, actor.customerId, params.connectionId);
  },
});
