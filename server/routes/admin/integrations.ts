import { unpinnedPlaceholders } from '../../connections/pinnedPlaceholders.ts';
import { HitchError, notFound } from '../../errors.ts';
import { findTemplate } from '../../integrations/catalog/index.ts';
import { findIntegration, listIntegrations, resolve, toAdminView, type ResolvedIntegration } from '../../integrations/resolve.ts';
import { resourceOf } from '../../http/auditResource.ts';
import { defineRoute, Reply } from '../../http/route.ts';
import { parseInput } from '../../http/validate.ts';
import { listOf } from '../../schemas/common.ts';
import { builtInIntegrationBody, integration, integrationBody, integrationKey, unpinnedMessage } from '../../schemas/integrations.ts';
import { z } from 'zod';
import { sealIntegration } from '../../integrations/sealIntegration.ts';

const keyParams = z.object({ key: integrationKey });

export const getIntegrations = defineRoute({
  method: 'get',
  path: '/v1/integrations',
  audience: 'admin',
  tag: 'Integrations',
  summary: 'List integrations: the built-in catalog and custom ones (secrets never returned)',
  status: 200,
  responses: { 200: { description: 'Integrations', schema: listOf(integration) } },
  handler: async ({ deps }) => ({ data: (await listIntegrations(deps)).map(toAdminView), nextCursor: null }),
});

export const getIntegration = defineRoute({
  method: 'get',
  path: '/v1/integrations/:key',
  audience: 'admin',
  tag: 'Integrations',
  summary: 'Get an integration',
  params: keyParams,
  status: 200,
  responses: { 200: { description: 'The integration', schema: integration } },
  async handler({ params, deps }) {
    const found = await findIntegration(deps, params.key);
    if (!found) throw notFound(`The integration "${params.key}"`);
    return toAdminView(found);
  },
});

export const putIntegration = defineRoute({
  method: 'put',
  path: '/v1/integrations/:key',
  audience: 'admin',
  tag: 'Integrations',
  summary: 'Create a custom integration, or configure a built-in one (omitted fields keep the template)',
  params: keyParams,
  // A built-in key takes a partial body (the template fills the rest): the handler picks the schema
  body: z.unknown(),
  documentedBody: integrationBody,
  audit: { action: 'integration.update', resource: resourceOf('integration', 'key') },
  status: 200,
  responses: {
    200: { description: 'The updated integration', schema: integration },
    201: { description: 'The new integration', schema: integration },
  },
  async handler({ params, req, deps }) {
    const builtIn = findTemplate(params.key) !== undefined;
    const body: z.output<typeof builtInIntegrationBody> = parseInput(builtIn ? builtInIntegrationBody : integrationBody, req.body, 'body');
    if (body.key !== undefined && body.key !== params.key) {
      throw new HitchError('validation_failed', 'The body key does not match the URL.', {
        errors: [{ path: 'key', message: `must be "${params.key}" or omitted` }],
      });
    }
    const existing = await deps.store.integrations.get(params.key);
    const record = sealIntegration(deps, params.key, body, existing);
    if (builtIn) assertPinnedApiBase(resolve(findTemplate(params.key), record));
    const created = await deps.store.integrations.put(record);
    const view = toAdminView((await findIntegration(deps, params.key))!);
    return new Reply(created ? 201 : 200, view);
  },
});

/** A built-in's body may replace its fields or its apiBaseUrl alone: the two are checked together. */
function assertPinnedApiBase({ apiBaseUrl = '', fields }: ResolvedIntegration): void {
  const [unpinned] = unpinnedPlaceholders(apiBaseUrl, fields);
  if (unpinned) throw new HitchError('validation_failed', 'The integration is not valid.', { errors: [{ path: 'apiBaseUrl', message: unpinnedMessage(unpinned) }] });
}

export const deleteIntegration = defineRoute({
  method: 'delete',
  path: '/v1/integrations/:key',
  audience: 'admin',
  tag: 'Integrations',
  summary: 'Delete a custom integration, or reset a built-in one to its disabled template',
  params: keyParams,
  audit: { action: 'integration.delete', resource: resourceOf('integration', 'key') },
  status: 204,
  responses: { 204: { description: 'Deleted' }, 409: { description: 'Connections still use it' } },
  async handler({ params, deps }) {
    const inUse = (await deps.store.connections.listByIntegration(params.key)).length;
    if (inUse > 0) {
      throw new HitchError('conflict', `${inUse} connection(s) still use "${params.key}"; delete them first.`);
    }
    if (!(await deps.store.integrations.delete(params.key))) throw notFound(`The integration "${params.key}"`);
  },
});
