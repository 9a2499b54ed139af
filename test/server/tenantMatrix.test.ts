import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AnyRoute } from '../../server/http/route.ts';
import { routes } from '../../server/routes/index.ts';
import { request, type Client } from '../helpers/http.ts';
import { fillPath, methodOf, routeId } from '../helpers/routePaths.ts';
import { startTestHitch, type TestHitch } from '../helpers/startTestHitch.ts';
import { testAdminKey } from '../helpers/testConfig.ts';
import { workflowsDir } from '../helpers/workflowsDir.ts';

/** What one tenant owns: the matrix points the other tenant's requests at these. */
interface Tenant {
  customerId: string;
  widget: Client & { token: string };
  resources: Record<string, string>;
}

interface Recipe {
  /** Path params that name the victim's resources, by resource kind in `Tenant.resources`. */
  params?: Record<string, string>;
  /** Path params with fixed values, such as an integration key. */
  path?: Record<string, string>;
  body?: (attacker: Tenant) => unknown;
}

/**
 * How to call each customer-scoped route. Every route that is customer-scoped (admin routes with
 * `customerScoped`, every widget route) must have a recipe: the matrix fails for one that does not.
 */
const recipes: Record<string, Recipe> = {
  'GET /v1/customers/:id': {},
  'PATCH /v1/customers/:id': { body: () => ({ name: 'Renamed by the matrix' }) },
  'DELETE /v1/customers/:id': {},
  'POST /v1/customers/:id/tokens': { body: () => ({}) },
  'GET /v1/customers/:id/connections': {},
  'GET /v1/customers/:id/connections/:connectionId': { params: { connectionId: 'connection' } },
  'GET /v1/customers/:id/connections/:connectionId/credentials': { params: { connectionId: 'connection' } },
  'DELETE /v1/customers/:id/connections/:connectionId': { params: { connectionId: 'connection' } },
  'POST /v1/customers/:id/events': { body: () => ({ name: 'matrix.event', payload: {} }) },
  'GET /v1/customers/:id/limits': {},
  'PUT /v1/customers/:id/limits': { body: () => ({ eventsPerDay: 500, connections: null }) },
  'GET /v1/widget/session': {},
  'POST /v1/widget/connections': {
    body: () => ({ integration: 'matrix-keys', label: 'Attacker', credentials: { apiKey: 'attacker-key' } }),
  },
  'PATCH /v1/widget/connections/:connectionId': { params: { connectionId: 'connection' }, body: () => ({ label: 'Stolen' }) },
  'DELETE /v1/widget/connections/:connectionId': { params: { connectionId: 'connection' } },
  'GET /v1/widget/events': {},
  'ALL /v1/customers/:id/connections/:connectionId/proxy/*path': { params: { connectionId: 'connection' } },
  'POST /v1/widget/oauth/:integration/start': { path: { integration: 'matrix-oauth' }, body: () => ({}) },
  'GET /v1/widget/oauth/attempts/:attemptId': { params: { attemptId: 'oauthAttempt' } },
  'POST /v1/customers/:id/workflows/:workflowId/runs': { path: { workflowId: 'matrix-workflow' }, body: () => ({ input: {} }) },
  'POST /v1/widget/workflows/:workflowId/runs': { path: { workflowId: 'matrix-workflow' }, body: () => ({}) },
};

/** A manual workflow on `matrix-keys`: each tenant has run it once. */
const matrixWorkflow = `export default { id: 'matrix-workflow', name: 'Matrix', integration: 'matrix-keys', triggers: { manual: true }, run: (ctx) => ({ customer: ctx.customer.id }) };\n`;

const scopedRoutes = routes.filter((route) => route.customerScoped || route.audience === 'widget');

describe('cross-tenant isolation matrix', () => {
  let hitch: TestHitch;
  let round = 0;

  before(async () => {
    hitch = await startTestHitch({ env: { HITCH_WORKFLOWS_DIR: workflowsDir({ 'matrix.mjs': matrixWorkflow }) } });
    const integration = { name: 'Matrix keys', authType: 'apiKey', enabled: true };
    assert.equal((await hitch.admin.put('/v1/integrations/matrix-keys', integration)).status, 201);
    const oauth2 = { authorizationUrl: 'https://auth.matrix.example/authorize', tokenUrl: 'https://auth.matrix.example/token', scopes: [], clientId: 'matrix', clientSecret: 'matrix-secret' };
    assert.equal((await hitch.admin.put('/v1/integrations/matrix-oauth', { name: 'Matrix OAuth', authType: 'oauth2', oauth2 })).status, 201);
  });
  after(() => hitch.close());

  /** A customer with a connection and an event, all fresh for each route. */
  async function tenant(name: string): Promise<Tenant> {
    const customerId = `${name}-${++round}`;
    await hitch.createCustomer(customerId);
    const widget = await hitch.widgetFor(customerId, { scopes: ['connections:read', 'connections:write', 'activity:read', 'workflows:run'] });
    const connection = await widget.post('/v1/widget/connections', {
      integration: 'matrix-keys',
      label: `${name} account`,
      credentials: { apiKey: `${name}-secret-key-${round}` },
    });
    assert.equal(connection.status, 201, connection.text);
    const event = await hitch.admin.post(`/v1/customers/${customerId}/events`, { name: 'matrix.seed' });
    const attempt = await widget.post('/v1/widget/oauth/matrix-oauth/start', {});
    assert.equal(attempt.status, 201, attempt.text);
    const execution = await hitch.admin.post(`/v1/customers/${customerId}/workflows/matrix-workflow/runs`, {});
    assert.equal(execution.status, 202, execution.text);
    await hitch.deps.activity.runs.idle();
    const resources = { connection: connection.body.id, event: event.body.id, oauthAttempt: attempt.body.attemptId, execution: execution.body.id };
    return { customerId, widget, resources };
  }

  /** Everything of the victim that the matrix must not change. */
  async function snapshot(victim: Tenant) {
    await hitch.deps.activity.runs.idle();
    const [customer, connections, events, executions] = await Promise.all([
      hitch.admin.get(`/v1/customers/${victim.customerId}`),
      hitch.admin.get(`/v1/customers/${victim.customerId}/connections`),
      hitch.admin.get(`/v1/events?customerId=${victim.customerId}`),
      hitch.admin.get(`/v1/executions?customerId=${victim.customerId}`),
    ]);
    return JSON.stringify([customer.body, connections.body, events.body, executions.body]);
  }

  it('has a recipe for every customer-scoped route', () => {
    const missing = scopedRoutes.map(routeId).filter((id) => !recipes[id]);
    assert.deepEqual(missing, [], 'add a recipe to the matrix for each of these routes');
  });

  for (const route of scopedRoutes) {
    const recipe = recipes[routeId(route)] ?? {};
    it(`${routeId(route)}: the other customer's data stays invisible and unchanged`, async () => {
      const [victim, attacker] = [await tenant('victim'), await tenant('attacker')];
      const before = await snapshot(victim);
      const params: Record<string, string> = { id: attacker.customerId, ...recipe.path };
      for (const [param, kind] of Object.entries(recipe.params ?? {})) params[param] = victim.resources[kind];

      const response = await callAs(route, attacker, params, recipe.body?.(attacker));

      if (recipe.params) {
        assert.equal(response.status, 404, `expected 404 for another customer's resource, got ${response.status} ${response.text}`);
        assert.equal(response.body.code, 'not_found');
      } else {
        assert.ok(response.status < 300, `expected success on the caller's own data, got ${response.status} ${response.text}`);
      }
      for (const secret of [victim.customerId, ...Object.values(victim.resources)]) {
        assert.ok(!response.text.includes(secret), `the response leaks ${secret}`);
      }
      assert.equal(await snapshot(victim), before, "the victim's data changed");
    });
  }

  function callAs(route: AnyRoute, attacker: Tenant, params: Record<string, string>, body: unknown) {
    const token = route.audience === 'widget' ? attacker.widget.token : testAdminKey;
    return request(hitch.url, methodOf(route), fillPath(route, params), { token, ...(body === undefined ? {} : { body }) });
  }
});
