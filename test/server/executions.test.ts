import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../../server/clock.ts';
import { apiKeyIntegration, connectCustomer } from '../helpers/connect.ts';
import { startTestHitch, type TestHitch } from '../helpers/startTestHitch.ts';
import { tempDataDir } from '../helpers/testConfig.ts';
import { workflowModule, workflowsDir } from '../helpers/workflowsDir.ts';

const gate = globalThis as typeof globalThis & { openGate?: () => void; gateReached?: () => void };
/** Resolves when the next gated run starts waiting at its gate (it is `running` by then). */
const nextGateReached = () => new Promise<void>((resolve) => (gate.gateReached = resolve));

const modules = {
  'quick.ts': workflowModule(`{ id: 'quick', name: 'Quick', integration: 'crm', triggers: { manual: true }, run: (ctx) => ctx.input }`),
  'fails.ts': workflowModule(`{ id: 'fails', name: 'Fails', integration: 'crm', triggers: { manual: true }, run() { throw new Error('no') } }`),
  // Says it has reached the gate, then waits until the test opens it (or for ever)
  'gated.ts': workflowModule(`{
    id: 'gated', name: 'Gated', integration: 'crm', triggers: { manual: true }, timeoutMs: 5000,
    run: () => new Promise((resolve) => {
      const previous = globalThis.openGate;
      globalThis.openGate = () => { previous?.(); resolve('opened'); };
      globalThis.gateReached?.();
    }),
  }`),
};

describe('executions', () => {
  let hitch: TestHitch;
  const clock = new ManualClock('2030-01-01T00:00:00Z');
  const run = (customerId: string, workflowId: string, body: unknown = {}) =>
    hitch.admin.post(`/v1/customers/${customerId}/workflows/${workflowId}/runs`, body);

  before(async () => {
    hitch = await startTestHitch({ clock, env: { HITCH_WORKFLOWS_DIR: workflowsDir(modules) }, activity: { runsPerCustomer: 1 } });
    await apiKeyIntegration(hitch, 'crm', 'http://127.0.0.1:9');
    await connectCustomer(hitch, 'acme', 'crm', 'acme-key');
    await connectCustomer(hitch, 'globex', 'crm', 'globex-key');
  });
  after(() => hitch.close());

  describe('GET /v1/executions', () => {
    it('rejects a missing credential', async () => {
      assert.equal((await hitch.admin.get('/v1/executions', { token: '' })).status, 401);
    });

    it('filters by customer, workflow, trigger, status and time, newest first with pagination', async () => {
      const start = clock.now();
      for (let i = 0; i < 5; i++) {
        clock.advance(60_000);
        const customer = i % 2 ? 'globex' : 'acme';
        const workflow = i === 4 ? 'fails' : 'quick';
        assert.equal((await run(customer, workflow, { input: { i }, triggeredBy: i === 3 ? 'agent-service' : 'manual' })).status, 202);
        await hitch.deps.activity.runs.idle();
      }
      const inputs = (response: { body: { data: { input?: { i: number } }[] } }) => response.body.data.map((execution) => execution.input?.i);
      const since = `from=${new Date(start).toISOString()}`;
      assert.deepEqual(inputs(await hitch.admin.get(`/v1/executions?${since}`)), [4, 3, 2, 1, 0]);
      assert.deepEqual(inputs(await hitch.admin.get(`/v1/executions?${since}&customerId=acme`)), [4, 2, 0]);
      assert.deepEqual(inputs(await hitch.admin.get(`/v1/executions?${since}&workflowId=quick&customerId=acme`)), [2, 0]);
      assert.deepEqual(inputs(await hitch.admin.get(`/v1/executions?${since}&triggeredBy=agent-service`)), [3]);
      assert.deepEqual(inputs(await hitch.admin.get(`/v1/executions?${since}&status=failed`)), [4]);
      const window = `from=${new Date(start + 120_000).toISOString()}&to=${new Date(start + 240_000).toISOString()}`;
      assert.deepEqual(inputs(await hitch.admin.get(`/v1/executions?${window}`)), [3, 2, 1]);

      const page1 = await hitch.admin.get(`/v1/executions?${since}&limit=3`);
      const page2 = await hitch.admin.get(`/v1/executions?${since}&limit=3&cursor=${page1.body.nextCursor}`);
      assert.deepEqual([...inputs(page1), ...inputs(page2)], [4, 3, 2, 1, 0]);
      assert.equal(page2.body.nextCursor, null);
      assert.ok(page1.body.data.every((execution: { logs?: unknown }) => execution.logs === undefined), 'lists leave log lines out');
      assert.equal((await hitch.admin.get('/v1/executions?triggeredBy=cron')).status, 400);
    });
  });

  describe('GET /v1/executions/:executionId', () => {
    it('rejects a missing credential', async () => {
      assert.equal((await hitch.admin.get('/v1/executions/x', { token: '' })).status, 401);
    });

    it('returns the execution with its log lines, or 404', async () => {
      const started = await run('acme', 'quick', { input: 'hello' });
      await hitch.deps.activity.runs.idle();
      const found = await hitch.admin.get(`/v1/executions/${started.body.id}`);
      assert.equal(found.status, 200);
      assert.equal(found.body.output, 'hello');
      assert.deepEqual(found.body.logs, []);
      assert.equal((await hitch.admin.get('/v1/executions/exe_unknown')).status, 404);
    });
  });

  it("queues a customer's runs beyond its concurrency bound, without holding up other customers", async () => {
    const status = async (id: string) => (await hitch.admin.get(`/v1/executions/${id}`)).body.status;
    const firstReached = nextGateReached();
    const first = await run('acme', 'gated');
    await firstReached;
    const second = await run('acme', 'gated');
    const other = await run('globex', 'quick', { input: 1 });
    assert.deepEqual([first.body.status, second.body.status, other.body.status], ['running', 'queued', 'running']);
    // The other customer's run finishes while acme's first run still holds its only slot
    await waitUntil(async () => (await status(other.body.id)) === 'succeeded', 'globex run succeeded');
    assert.equal(await status(second.body.id), 'queued');

    const secondReached = nextGateReached();
    gate.openGate!();
    await secondReached;
    assert.equal(await status(second.body.id), 'running');
    gate.openGate!();
    await hitch.deps.activity.runs.idle();
    for (const id of [first.body.id, second.body.id]) assert.equal(await status(id), 'succeeded');
  });

  it('retention drops executions started before the cutoff, and keeps later ones', async () => {
    const before = (await hitch.admin.get('/v1/executions?limit=200')).body.data;
    assert.ok(before.length > 0);
    clock.advance(60_000);
    const cutoff = new Date(clock.now()).toISOString();
    const kept = await run('acme', 'quick', { input: 'kept' });
    await hitch.deps.activity.runs.idle();
    await hitch.deps.store.prune({ activity: cutoff, audit: '1970-01-01T00:00:00.000Z' });
    const after = (await hitch.admin.get('/v1/executions?limit=200')).body.data;
    assert.deepEqual(after.map((execution: { id: string }) => execution.id), [kept.body.id]);
  });

  it("deleting a customer deletes its executions", async () => {
    await connectCustomer(hitch, 'leaving', 'crm', 'leaving-key');
    const started = await run('leaving', 'quick');
    await hitch.deps.activity.runs.idle();
    assert.equal((await hitch.admin.delete('/v1/customers/leaving')).status, 204);
    assert.equal((await hitch.admin.get(`/v1/executions/${started.body.id}`)).status, 404);
    assert.equal((await hitch.admin.get('/v1/executions?customerId=leaving')).body.data.length, 0);
  });
});

describe('executions interrupted by a stop', () => {
  it('are marked failed (interrupted) at the next start, and announced', async () => {
    const env = {
      HITCH_DATA_DIR: tempDataDir(),
      HITCH_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      HITCH_WORKFLOWS_DIR: workflowsDir(modules),
    };
    const first = await startTestHitch({ storage: 'files', env });
    await apiKeyIntegration(first, 'crm', 'http://127.0.0.1:9');
    await connectCustomer(first, 'acme', 'crm', 'acme-key');
    const started = await first.admin.post('/v1/customers/acme/workflows/gated/runs', {});
    assert.equal(started.body.status, 'running');
    await first.close();

    const second = await startTestHitch({ storage: 'files', env });
    try {
      const execution = (await second.admin.get(`/v1/executions/${started.body.id}`)).body;
      assert.equal(execution.status, 'failed');
      assert.equal(execution.statusReason, 'interrupted');
      assert.ok(execution.finishedAt);
      const failed = await second.admin.get('/v1/events?customerId=acme&name=execution.failed');
      assert.equal(failed.body.data[0].payload.execution.id, started.body.id);
    } finally {
      gate.openGate?.();
      await second.close();
    }
  });
});

/** Checks `condition` between turns of the event loop until it holds; fails after 2 s. */
async function waitUntil(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 2_000;
  while (!(await condition())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
