import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AnyRoute } from '../../server/http/route.ts';
import { routes } from '../../server/routes/index.ts';
import { request, type Client } from '../helpers/http.ts';
import { configureOAuthIntegration, connectOAuth, startMockProvider, startOAuth, testOrigin, type MockProvider } from '../helpers/oauthMock.ts';
import { fillPath, methodOf, routeId } from '../helpers/routePaths.ts';
import { startTestHitch, type TestHitch } from '../helpers/startTestHitch.ts';
import { testAdminKey } from '../helpers/testConfig.ts';
import { workflowsDir } from '../helpers/workflowsDir.ts';

/** What one tenant owns: the matrix points the other tenant's requests at these. */
interface Tenant {
  customerId: string;
  widget: Client & { token: string };
  resources: Record<string, string>;
  /** The label of its API-key connection. */
  label: string;
  /** Requests the snapshots made with its own token: they count against its `requestsPerMinute`. */
  snapshotRequests: number;
}

interface Recipe {
  /** Path params that name the victim's resources, by resource kind in `Tenant.resources`. */
  params?: Record<string, string>;
  /** Path params with fixed values, such as an integration key. */
  path?: Record<string, string>;
  /** The attacker's request body. Naming one of the victim's resources in it makes the call expect 404, as a path param does. */
  body?: (victim: Tenant) => unknown;
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
  // Labels are unique per customer: the victim's label is free for the attacker and tells it nothing.
  'POST /v1/widget/connections': {
    body: (victim) => ({ integration: 'matrix-keys', label: victim.label, credentials: { apiKey: 'attacker-key' } }),
  },
  'PATCH /v1/widget/connections/:connectionId': { params: { connectionId: 'connection' }, body: () => ({ label: 'Stolen' }) },
  'DELETE /v1/widget/connections/:connectionId': { params: { connectionId: 'connection' } },
  'GET /v1/widget/events': {},
  'ALL /v1/customers/:id/connections/:connectionId/proxy/*path': { params: { connectionId: 'connection' } },
  // A reconnect of the victim's OAuth connection would hand it to the attacker's provider account.
  'POST /v1/widget/oauth/:integration/start': {
    path: { integration: 'matrix-oauth' },
    body: (victim) => ({ connectionId: victim.resources.oauthConnection }),
  },
  'GET /v1/widget/oauth/attempts/:attemptId': { params: { attemptId: 'oauthAttempt' } },
  'POST /v1/customers/:id/workflows/:workflowId/runs': { path: { workflowId: 'matrix-workflow' }, body: () => ({ input: {} }) },
  'POST /v1/widget/workflows/:workflowId/runs': { path: { workflowId: 'matrix-workflow' }, body: () => ({}) },
};

/** A manual workflow on `matrix-keys`: each tenant has run it once. */
const matrixWorkflow = `export default { id: 'matrix-workflow', name: 'Matrix', integration: 'matrix-keys', triggers: { manual: true }, run: (ctx) => ({ customer: ctx.customer.id }) };\n`;

const scopedRoutes = routes.filter((route) => route.customerScoped || route.audience === 'widget');

describe('cross-tenant isolation matrix', () => {
  let hitch: TestHitch;
  let provider: MockProvider;
  let round = 0;

  before(async () => {
    hitch = await startTestHitch({ env: { HITCH_WORKFLOWS_DIR: workflowsDir({ 'matrix.mjs': matrixWorkflow }) } });
    provider = await startMockProvider();
    const integration = { name: 'Matrix keys', authType: 'apiKey', enabled: true };
    assert.equal((await hitch.admin.put('/v1/integrations/matrix-keys', integration)).status, 201);
    await configureOAuthIntegration(hitch, 'matrix-oauth', provider);
  });
  after(async () => {
    await hitch.close();
    await provider.close();
  });

  /** A customer with an API-key and an OAuth connection, OAuth attempts, an event and an execution, all fresh for each route. */
  async function tenant(name: string): Promise<Tenant> {
    const customerId = `${name}-${++round}`;
    const label = `${name} account ${round}`;
    await hitch.createCustomer(customerId);
    const widget = await hitch.widgetFor(customerId, { origins: [testOrigin], scopes: ['connections:read', 'connections:write', 'activity:read', 'workflows:run'] });
    const connection = await widget.post('/v1/widget/connections', { integration: 'matrix-keys', label, credentials: { apiKey: `${name}-secret-key-${round}` } });
    assert.equal(connection.status, 201, connection.text);
    const oauth = await connectOAuth(hitch, widget, 'matrix-oauth');
    assert.equal(oauth.attempt.status, 'succeeded', JSON.stringify(oauth.attempt));
    const event = await hitch.admin.post(`/v1/customers/${customerId}/events`, { name: 'matrix.seed' });
    assert.equal(event.status, 201, event.text);
    const attempt = await startOAuth(widget, 'matrix-oauth');
    assert.equal(attempt.status, 201, attempt.text);
    const execution = await hitch.admin.post(`/v1/customers/${customerId}/workflows/matrix-workflow/runs`, {});
    assert.equal(execution.status, 202, execution.text);
    await hitch.deps.activity.runs.idle();
    const resources: Record<string, string> = {
      connection: connection.body.id,
      oauthConnection: oauth.attempt.connectionId,
      event: event.body.id,
      oauthAttempt: attempt.body.attemptId,
      finishedOAuthAttempt: oauth.started.attemptId,
      execution: execution.body.id,
    };
    for (const [kind, id] of Object.entries(resources)) assert.equal(typeof id, 'string', `seeding gave no ${kind} id`);
    return { customerId, widget, resources, label, snapshotRequests: 0 };
  }

  /** Everything of the victim that the matrix must not change, as the admin API and the victim's own token see it. */
  async function snapshot(victim: Tenant) {
    await hitch.deps.activity.runs.idle();
    const customer = `/v1/customers/${victim.customerId}`;
    const query = `customerId=${victim.customerId}`;
    const limits = `${customer}/limits`;
    const admin = await readAll(hitch.admin, [customer, `${customer}/connections`, limits, `/v1/events?${query}`, `/v1/executions?${query}`, `/v1/audit-log?${query}`]);
    const connectionIds: string[] = (admin[`${customer}/connections`].body.data ?? []).map((connection: { id: string }) => connection.id);
    const credentials = await readAll(hitch.admin, connectionIds.map((id) => `${customer}/connections/${id}/credentials`));
    // Its token still works and sees the same session and attempts. These calls, made after the
    // limits were read, count against its requestsPerMinute: the usage leaves out those of earlier snapshots.
    const attempts = [victim.resources.oauthAttempt, victim.resources.finishedOAuthAttempt].map((id) => `/v1/widget/oauth/attempts/${id}`);
    const own = await readAll(victim.widget, ['/v1/widget/session', ...attempts]);
    const requests = admin[limits].body.usage?.requestsPerMinute;
    if (requests) Object.assign(requests, { used: requests.used - victim.snapshotRequests, remaining: requests.remaining + victim.snapshotRequests });
    victim.snapshotRequests += attempts.length + 1;
    return { admin: { ...admin, ...credentials }, own };
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

      const body = recipe.body?.(victim);
      const victimIds = Object.values(victim.resources);
      const bodyNamesVictim = body !== undefined && victimIds.some((id) => JSON.stringify(body).includes(id));

      const response = await callAs(route, attacker, params, body);

      if (recipe.params || bodyNamesVictim) {
        assert.equal(response.status, 404, `expected 404 for another customer's resource, got ${response.status} ${response.text}`);
        assert.equal(response.body.code, 'not_found');
      } else {
        assert.ok(response.status < 300, `expected success on the caller's own data, got ${response.status} ${response.text}`);
      }
      const readable = withTokenClaims(response.text);
      for (const secret of [victim.customerId, ...victimIds]) {
        assert.ok(!readable.includes(secret), `the response leaks ${secret}`);
      }
      assert.deepEqual(await snapshot(victim), before, "the victim's data changed");
    });
  }

  function callAs(route: AnyRoute, attacker: Tenant, params: Record<string, string>, body: unknown) {
    const token = route.audience === 'widget' ? attacker.widget.token : testAdminKey;
    // From a page the token allows, as the widget calls (OAuth start needs it)
    const headers: Record<string, string> = route.audience === 'widget' ? { origin: testOrigin } : {};
    return request(hitch.url, methodOf(route), fillPath(route, params), { token, headers, ...(body === undefined ? {} : { body }) });
  }
});

/** GETs each path; the answers by path, status and body only. */
async function readAll(client: Client, paths: string[]): Promise<Record<string, { status: number; body: any }>> {
  return Object.fromEntries(await Promise.all(paths.map(async (path) => [path, await client.get(path).then(({ status, body }) => ({ status, body }))])));
}

/** The text with the claims of any JWT in it spelled out: a token minted for the victim names it only in base64url. */
function withTokenClaims(text: string): string {
  const claims = [...text.matchAll(/eyJ[\w-]*\.([\w-]+)\.[\w-]+/g)].map(([, payload]) => Buffer.from(payload, 'base64url').toString());
  return [text, ...claims].join('\n');
}
