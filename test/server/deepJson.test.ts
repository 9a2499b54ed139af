import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { apiKeyIntegration, connectCustomer } from '../helpers/connect.ts';
import type { Client } from '../helpers/http.ts';
import { startTestHitch, type TestHitch } from '../helpers/startTestHitch.ts';
import { testEnv } from '../helpers/testConfig.ts';
import { workflowModule, workflowsDir } from '../helpers/workflowsDir.ts';

/** `[[[…]]]` nested `levels` deep, as JSON text: built without recursion, like an attacker's body. */
const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

const hookSecret = 'crm-hook-secret';
const sign = (body: string) => createHmac('sha256', Buffer.from(hookSecret, 'utf8')).update(body).digest('hex');

// Workflows that return or emit a value nested `ctx.input.levels` deep (built in a loop)
const modules = {
  'echo.ts': workflowModule(`{
    id: 'echo', name: 'Echo', integration: 'crm', triggers: { manual: true },
    run: (ctx) => ({ ok: true }),
  }`),
  'deep-output.ts': workflowModule(`{
    id: 'deep-output', name: 'Deep output', integration: 'crm', triggers: { manual: true },
    run(ctx) {
      let value = [];
      for (let i = 1; i < ctx.input.levels; i++) value = [value];
      return value;
    },
  }`),
  'deep-emit.ts': workflowModule(`{
    id: 'deep-emit', name: 'Deep emit', integration: 'crm', triggers: { manual: true },
    async run(ctx) {
      let value = [];
      for (let i = 1; i < ctx.input.levels; i++) value = [value];
      await ctx.emit('deep.emitted', value);
      return 'emitted';
    },
  }`),
};

describe('free-form JSON values nested too deep', () => {
  const env = testEnv({ HITCH_WORKFLOWS_DIR: workflowsDir(modules) });
  let hitch: TestHitch;
  let acmeWidget: Client;
  let globexWidget: Client;

  before(async () => {
    hitch = await startTestHitch({ storage: 'files', env });
    await apiKeyIntegration(hitch, 'crm', 'http://127.0.0.1:9', { webhook: { secret: hookSecret, scheme: 'hmac-sha256-hex' } });
    await connectCustomer(hitch, 'acme', 'crm', 'acme-key');
    await connectCustomer(hitch, 'globex', 'crm', 'globex-key');
    acmeWidget = await hitch.widgetFor('acme', { scopes: ['connections:read', 'workflows:run'] });
    globexWidget = await hitch.widgetFor('globex', { scopes: ['connections:read', 'workflows:run'] });
  });
  after(() => hitch.close());

  const executionsOf = async (customerId: string) => (await hitch.admin.get(`/v1/executions?customerId=${customerId}&limit=200`)).body.data;
  const eventsOf = async (customerId: string) => (await hitch.admin.get(`/v1/events?customerId=${customerId}&limit=200`)).body.data;
  const finished = async (id: string) => {
    await hitch.deps.activity.runs.idle();
    return (await hitch.admin.get(`/v1/executions/${id}`)).body;
  };

  /** What acme has stored, to show that a refused request changed none of it. */
  const acmeSnapshot = async () => ({
    customer: (await hitch.admin.get('/v1/customers/acme')).body,
    executions: (await executionsOf('acme')).length,
    events: (await eventsOf('acme')).length,
  });

  /** Another customer's writes of every kind still work, through the same documents and logs. */
  async function othersStillWrite() {
    const run = await globexWidget.post('/v1/widget/workflows/echo/runs', { input: { n: 1 } });
    assert.equal(run.status, 202, run.text);
    assert.equal((await finished(run.body.id)).status, 'succeeded');
    assert.equal((await hitch.admin.post('/v1/customers/globex/events', { name: 'still.works', payload: { ok: true } })).status, 201);
    const patched = await hitch.admin.patch('/v1/customers/globex', { metadata: { touched: Date.now() } });
    assert.equal(patched.status, 200, patched.text);
  }

  type Sent = { status: number; body: any; text: string };

  /**
   * Sends a value nested 65, 5,000 and 32,000 levels deep through `send` (which gets it as JSON
   * text): each is refused with 400 validation_failed naming `path`, changes nothing of acme's,
   * and leaves every write of another customer working.
   */
  async function refusesDeep(send: (json: string, levels: number) => Promise<Sent>, path: string) {
    for (const levels of [65, 5_000, 32_000]) {
      const before = await acmeSnapshot();
      const response = await send(nested(levels), levels);
      assert.equal(response.status, 400, `${levels} levels: ${response.text.slice(0, 300)}`);
      assert.equal(response.body.code, 'validation_failed');
      assert.deepEqual(response.body.errors, [{ path, message: 'must not be nested deeper than 64 levels' }]);
      assert.deepEqual(await acmeSnapshot(), before, `${levels} levels: nothing stored`);
      await othersStillWrite();
    }
  }

  describe('POST /v1/widget/workflows/:workflowId/runs', () => {
    it('rejects a missing credential', async () => {
      assert.equal((await hitch.admin.post('/v1/widget/workflows/echo/runs', {}, { token: '' })).status, 401);
    });

    it('refuses an input nested deeper than 64 levels with 400, stores nothing, and other customers go on writing', async () => {
      await refusesDeep((json) => acmeWidget.call('POST', '/v1/widget/workflows/echo/runs', { rawBody: `{"input":${json}}` }), 'input');
    });

    it('accepts an input nested exactly 64 levels deep', async () => {
      const response = await acmeWidget.call('POST', '/v1/widget/workflows/echo/runs', { rawBody: `{"input":${nested(64)}}` });
      assert.equal(response.status, 202, response.text);
      assert.equal((await finished(response.body.id)).status, 'succeeded');
    });
  });

  describe('POST /v1/customers/:id/workflows/:workflowId/runs', () => {
    it('rejects a missing credential', async () => {
      assert.equal((await hitch.admin.post('/v1/customers/acme/workflows/echo/runs', {}, { token: '' })).status, 401);
    });

    it('refuses an input nested deeper than 64 levels with 400, stores nothing, and other customers go on writing', async () => {
      await refusesDeep((json) => hitch.admin.call('POST', '/v1/customers/acme/workflows/echo/runs', { rawBody: `{"input":${json}}` }), 'input');
    });
  });

  describe('POST /v1/customers/:id/events', () => {
    it('rejects a missing credential', async () => {
      assert.equal((await hitch.admin.post('/v1/customers/acme/events', { name: 'x' }, { token: '' })).status, 401);
    });

    it('refuses a payload nested deeper than 64 levels with 400, stores nothing, and other customers go on writing', async () => {
      await refusesDeep((json) => hitch.admin.call('POST', '/v1/customers/acme/events', { rawBody: `{"name":"deep.event","payload":${json}}` }), 'payload');
    });
  });

  describe('PATCH /v1/customers/:id', () => {
    it('rejects a missing credential', async () => {
      assert.equal((await hitch.admin.patch('/v1/customers/acme', { name: 'x' }, { token: '' })).status, 401);
    });

    it('refuses metadata nested deeper than 64 levels with 400, changes nothing, and other customers go on writing', async () => {
      // The metadata object is the first level
      await refusesDeep((json) => hitch.admin.call('PATCH', '/v1/customers/acme', { rawBody: `{"name":"Renamed","metadata":{"a":${json}}}` }), 'metadata');
    });

    it('accepts metadata 64 levels deep, and refuses metadata over 16 KB with 413 payload_too_large', async () => {
      const accepted = await hitch.admin.call('PATCH', '/v1/customers/acme', { rawBody: `{"metadata":{"a":${nested(63)}}}` });
      assert.equal(accepted.status, 200, accepted.text);
      const before = await acmeSnapshot();
      const large = await hitch.admin.patch('/v1/customers/acme', { metadata: { notes: 'x'.repeat(17 * 1024) } });
      assert.equal(large.status, 413, large.text);
      assert.equal(large.body.code, 'payload_too_large');
      assert.deepEqual(large.body.errors, [{ path: 'metadata', message: 'must not be larger than 16 KB as JSON' }]);
      assert.deepEqual(await acmeSnapshot(), before);
    });
  });

  describe('POST /v1/customers', () => {
    it('rejects a missing credential', async () => {
      assert.equal((await hitch.admin.post('/v1/customers', { name: 'x' }, { token: '' })).status, 401);
    });

    it('refuses metadata nested deeper than 64 levels with 400 and creates no customer', async () => {
      await refusesDeep((json, levels) => hitch.admin.call('POST', '/v1/customers', { rawBody: `{"id":"deep-${levels}","name":"Deep","metadata":{"a":${json}}}` }), 'metadata');
      for (const levels of [65, 5_000, 32_000]) assert.equal((await hitch.admin.get(`/v1/customers/deep-${levels}`)).status, 404);
    });
  });

  describe('POST /v1/hooks/:customerId/:integration', () => {
    it('refuses an unsigned body before reading it (401)', async () => {
      const body = nested(32_000);
      const response = await hitch.admin.call('POST', '/v1/hooks/acme/crm', { rawBody: body, token: '' });
      assert.equal(response.status, 401);
    });

    it('refuses a signed body nested deeper than 64 levels with 400, stores nothing, and other customers go on writing', async () => {
      await refusesDeep((json) => hitch.admin.call('POST', '/v1/hooks/acme/crm', { rawBody: json, token: '', headers: { 'x-hitch-signature': sign(json) } }), 'body');
    });
  });

  describe('a workflow returning or emitting a value nested too deep', () => {
    it('fails its execution with a clear error, stores no output and no event, and other customers go on writing', async () => {
      for (const levels of [65, 5_000, 32_000]) {
        for (const [workflowId, what] of [['deep-output', 'The return value'], ['deep-emit', 'emit() payload']]) {
          const started = await acmeWidget.post(`/v1/widget/workflows/${workflowId}/runs`, { input: { levels } });
          assert.equal(started.status, 202, started.text);
          const execution = await finished(started.body.id);
          assert.equal(execution.status, 'failed', `${workflowId} ${levels}`);
          assert.equal(execution.error, `${what} is nested deeper than 64 levels`);
          assert.equal(execution.output, undefined);
          await othersStillWrite();
        }
      }
      assert.deepEqual((await eventsOf('acme')).filter((event: { name: string }) => event.name === 'deep.emitted'), []);
    });

    it('succeeds with a value nested exactly 64 levels deep', async () => {
      const started = await acmeWidget.post('/v1/widget/workflows/deep-output/runs', { input: { levels: 64 } });
      const execution = await finished(started.body.id);
      assert.equal(execution.status, 'succeeded', execution.error);
      assert.equal(JSON.stringify(execution.output), nested(64));
    });
  });

  describe('GET /v1/openapi.json', () => {
    it('states the depth and size limits on every free-form JSON field of a request', async () => {
      const document = (await hitch.admin.get('/v1/openapi.json')).body;
      const bodyOf = (path: string, method: string) => document.paths[path][method].requestBody.content['application/json'].schema;
      const fields = [
        [bodyOf('/v1/widget/workflows/{workflowId}/runs', 'post').properties.input, 64 * 1024],
        [bodyOf('/v1/customers/{id}/workflows/{workflowId}/runs', 'post').properties.input, 64 * 1024],
        [bodyOf('/v1/customers/{id}/events', 'post').properties.payload, 64 * 1024],
        [bodyOf('/v1/customers', 'post').properties.metadata, 16 * 1024],
        [bodyOf('/v1/customers/{id}', 'patch').properties.metadata, 16 * 1024],
      ];
      for (const [schema, maxBytes] of fields) {
        assert.equal(schema['x-hitch-max-depth'], 64);
        assert.equal(schema['x-hitch-max-bytes'], maxBytes);
        assert.match(schema.description, /nested at most 64 levels deep/);
      }
    });
  });

  describe('after all of the above', () => {
    it('the data dir starts again and serves every customer', async () => {
      await hitch.close();
      hitch = await startTestHitch({ storage: 'files', env });
      globexWidget = await hitch.widgetFor('globex', { scopes: ['connections:read', 'workflows:run'] });
      assert.equal((await hitch.admin.get('/v1/customers/acme')).status, 200);
      assert.ok((await executionsOf('acme')).length > 0);
      await othersStillWrite();
      assert.ok(!hitch.logs.some((line) => line.includes('quarantine')), 'nothing needed setting aside');
    });
  });
});
