import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiKeyIntegration, connectCustomer } from '../helpers/connect.ts';
import { startTestHitch, type TestHitch } from '../helpers/startTestHitch.ts';
import { startUpstream, type Upstream } from '../helpers/upstream.ts';
import { workflowModule, workflowsDir } from '../helpers/workflowsDir.ts';

/** The CRM API the workflows call: each customer's key sees its own contact count. */
const contactCounts: Record<string, number> = { 'Bearer acme-key': 3, 'Bearer globex-key': 5 };

const modules = {
  'sync-contacts.ts': workflowModule(`{
    id: 'sync-contacts',
    name: 'Sync contacts',
    integration: 'crm',
    triggers: { events: ['contacts.changed'], manual: true },
    async run(ctx) {
      const response = await ctx.connection.fetch('/contacts');
      const { count } = await response.json();
      ctx.log('fetched', count, 'contacts for', ctx.customer.id);
      await ctx.emit('contacts.synced', { count });
      return { count, input: ctx.input ?? null, event: ctx.event?.name ?? null };
    },
  }`),
  'always-fails.ts': workflowModule(`{
    id: 'always-fails',
    name: 'Always fails',
    integration: 'crm',
    triggers: { manual: true },
    run(ctx) {
      ctx.log('about to fail');
      throw new Error('the CRM said no');
    },
  }`),
  'never-ends.ts': workflowModule(`{
    id: 'never-ends',
    name: 'Never ends',
    integration: 'crm',
    triggers: { manual: true },
    timeoutMs: 50,
    run: () => new Promise(() => {}),
  }`),
  // A plain JavaScript module without defineWorkflow is validated the same way
  'admin-only.mjs': `export default { id: 'admin-only', name: 'Admin only', integration: 'crm', triggers: {}, run: () => 'done' };\n`,
};

describe('workflows', () => {
  let hitch: TestHitch;
  let upstream: Upstream;
  const runs = () => hitch.deps.activity.runs;

  before(async () => {
    upstream = await startUpstream((request) => {
      const count = contactCounts[String(request.headers.authorization)];
      return count === undefined ? { status: 401, body: { error: 'unknown key' } } : { body: { count } };
    });
    hitch = await startTestHitch({ env: { HITCH_WORKFLOWS_DIR: workflowsDir(modules) } });
    await apiKeyIntegration(hitch, 'crm', upstream.url);
    await connectCustomer(hitch, 'acme', 'crm', 'acme-key');
    await connectCustomer(hitch, 'globex', 'crm', 'globex-key');
    await hitch.createCustomer('initech'); // no connection
  });
  after(async () => {
    await hitch.close();
    await upstream.close();
  });

  const run = (customerId: string, workflowId: string, body: unknown = {}) =>
    hitch.admin.post(`/v1/customers/${customerId}/workflows/${workflowId}/runs`, body);
  const finished = async (id: string) => {
    await runs().idle();
    return (await hitch.admin.get(`/v1/executions/${id}`)).body;
  };

  describe('GET /v1/workflows', () => {
    it('rejects a missing credential', async () => {
      assert.equal((await hitch.admin.get('/v1/workflows', { token: '' })).status, 401);
    });

    it('lists the loaded workflows without their code', async () => {
      const { body } = await hitch.admin.get('/v1/workflows');
      assert.deepEqual(body.data.map((workflow: { id: string }) => workflow.id), ['admin-only', 'always-fails', 'never-ends', 'sync-contacts']);
      const sync = body.data.find((workflow: { id: string }) => workflow.id === 'sync-contacts');
      assert.deepEqual(sync, {
        id: 'sync-contacts',
        name: 'Sync contacts',
        integration: 'crm',
        triggers: { events: ['contacts.changed'], manual: true },
        timeoutMs: 60_000,
      });
    });
  });

  describe('POST /v1/customers/:id/workflows/:workflowId/runs', () => {
    it('rejects a missing credential', async () => {
      assert.equal((await hitch.admin.post('/v1/customers/acme/workflows/sync-contacts/runs', {}, { token: '' })).status, 401);
    });

    it("runs for each customer with that customer's own connection", async () => {
      const [acme, globex] = await Promise.all([run('acme', 'sync-contacts', { input: { full: true } }), run('globex', 'sync-contacts')]);
      assert.equal(acme.status, 202, acme.text);
      assert.equal(acme.body.status, 'running');
      assert.equal(acme.body.triggeredBy, 'manual');

      const [acmeDone, globexDone] = [await finished(acme.body.id), await finished(globex.body.id)];
      assert.equal(acmeDone.status, 'succeeded');
      assert.deepEqual(acmeDone.output, { count: 3, input: { full: true }, event: null });
      assert.deepEqual(globexDone.output, { count: 5, input: null, event: null });
      assert.deepEqual(acmeDone.logs.map((line: { message: string }) => line.message), ['fetched 3 contacts for acme']);
      assert.ok(acmeDone.finishedAt && acmeDone.durationMs >= 0);
      const tokens = upstream.seen.filter((request) => request.url === '/contacts').map((request) => request.headers.authorization);
      assert.deepEqual(tokens.sort(), ['Bearer acme-key', 'Bearer globex-key']);
    });

    it('keeps executions apart by customer', async () => {
      const acme = await hitch.admin.get('/v1/executions?customerId=acme&limit=200');
      assert.ok(acme.body.data.length > 0);
      assert.ok(acme.body.data.every((execution: { customerId: string }) => execution.customerId === 'acme'));
      assert.ok(!acme.text.includes('globex'));
    });

    it('records emitted events and execution.succeeded as outgoing events of the customer', async () => {
      const started = await run('acme', 'sync-contacts');
      await finished(started.body.id);
      const events = (await hitch.admin.get('/v1/events?customerId=acme&direction=outgoing&limit=200')).body.data;
      const synced = events.find((event: { name: string }) => event.name === 'contacts.synced');
      assert.deepEqual(
        { type: synced.type, workflowId: synced.workflowId, integration: synced.integration, payload: synced.payload },
        { type: 'manual', workflowId: 'sync-contacts', integration: 'crm', payload: { count: 3 } },
      );
      const succeeded = events.find((event: { name: string; payload: { execution: { id: string } } }) =>
        event.name === 'execution.succeeded' && event.payload.execution.id === started.body.id);
      assert.equal(succeeded.type, 'system');
      assert.equal(succeeded.payload.execution.logs, undefined);
    });

    it('records triggeredBy agent-service when asked, and refuses other values', async () => {
      const started = await run('globex', 'admin-only', { triggeredBy: 'agent-service' });
      assert.equal(started.status, 202);
      assert.equal((await finished(started.body.id)).triggeredBy, 'agent-service');
      assert.equal((await run('globex', 'admin-only', { triggeredBy: 'scheduler' })).status, 400);
      assert.equal((await run('globex', 'admin-only', { extra: 1 })).status, 400);
    });

    it('fails the execution with the thrown message, and the server keeps serving', async () => {
      const started = await run('acme', 'always-fails');
      const done = await finished(started.body.id);
      assert.equal(done.status, 'failed');
      assert.equal(done.statusReason, 'error');
      assert.equal(done.error, 'the CRM said no');
      assert.deepEqual(done.logs.map((line: { message: string }) => line.message), ['about to fail']);
      assert.equal((await hitch.admin.get('/healthz')).status, 200);
      const failedEvents = await hitch.admin.get('/v1/events?customerId=acme&name=execution.failed');
      assert.ok(failedEvents.body.data.some((event: { payload: { execution: { id: string } } }) => event.payload.execution.id === started.body.id));
    });

    it('fails a run that passes its timeout', async () => {
      const done = await finished((await run('acme', 'never-ends')).body.id);
      assert.equal(done.status, 'failed');
      assert.equal(done.statusReason, 'timeout');
      assert.match(done.error, /within 50 ms/);
    });

    it('answers 404 for an unknown customer or workflow and 409 without a connection, storing nothing', async () => {
      const before = (await hitch.admin.get('/v1/executions?limit=200')).body.data.length;
      assert.equal((await run('nobody', 'sync-contacts')).status, 404);
      assert.equal((await run('acme', 'no-such-workflow')).status, 404);
      const unconnected = await run('initech', 'sync-contacts');
      assert.equal(unconnected.status, 409);
      assert.equal(unconnected.body.code, 'conflict');
      assert.equal((await hitch.admin.get('/v1/executions?limit=200')).body.data.length, before);
    });

    it("refuses runs past the customer's executionsPerDay with 429", async () => {
      await hitch.createCustomer('capped');
      await connectCustomer(hitch, 'capped', 'crm', 'acme-key');
      assert.equal((await hitch.admin.put('/v1/customers/capped/limits', { executionsPerDay: 1 })).status, 200);
      assert.equal((await run('capped', 'admin-only')).status, 202);
      const refused = await run('capped', 'admin-only');
      assert.equal(refused.status, 429);
      assert.equal(refused.body.code, 'quota_exceeded');
      assert.equal((await hitch.admin.get('/v1/executions?customerId=capped')).body.data.length, 1);
    });
  });

  describe('incoming events start subscribed workflows', () => {
    it('runs a workflow listing a manual event, with the event as its input', async () => {
      const event = await hitch.admin.post('/v1/customers/globex/events', { name: 'contacts.changed', payload: { why: 'import' } });
      assert.equal(event.status, 201);
      // The execution is stored before the event is acknowledged
      const executions = await hitch.admin.get(`/v1/executions?customerId=globex&workflowId=sync-contacts&triggeredBy=manual`);
      const execution = executions.body.data.find((candidate: { eventId?: string }) => candidate.eventId === event.body.id);
      assert.ok(execution, 'an execution for the event');
      const done = await finished(execution.id);
      assert.deepEqual(done.output, { count: 5, input: { why: 'import' }, event: 'contacts.changed' });
    });

    it('does not run for a customer without a connection', async () => {
      await hitch.admin.post('/v1/customers/initech/events', { name: 'contacts.changed' });
      assert.equal((await hitch.admin.get('/v1/executions?customerId=initech')).body.data.length, 0);
    });
  });

  describe('POST /v1/widget/workflows/:workflowId/runs', () => {
    it('rejects a token without workflows:run (403)', async () => {
      const widget = await hitch.widgetFor('acme');
      assert.equal((await widget.post('/v1/widget/workflows/sync-contacts/runs', {})).status, 403);
    });

    it("runs a manual workflow for the token's customer only, as triggeredBy manual", async () => {
      const widget = await hitch.widgetFor('globex', { scopes: ['workflows:run'] });
      const started = await widget.post('/v1/widget/workflows/sync-contacts/runs', { input: { from: 'widget' } });
      assert.equal(started.status, 202, started.text);
      assert.equal(started.body.customerId, 'globex');
      const done = await finished(started.body.id);
      assert.equal(done.triggeredBy, 'manual');
      assert.deepEqual(done.output, { count: 5, input: { from: 'widget' }, event: null });
    });

    it('hides workflows that are not manual, or of integrations the token does not allow', async () => {
      const widget = await hitch.widgetFor('globex', { scopes: ['workflows:run'] });
      assert.equal((await widget.post('/v1/widget/workflows/admin-only/runs', {})).status, 404);
      const otherIntegration = await hitch.widgetFor('globex', { scopes: ['workflows:run'], integrations: ['github'] });
      assert.equal((await otherIntegration.post('/v1/widget/workflows/sync-contacts/runs', {})).status, 404);
    });
  });
});
