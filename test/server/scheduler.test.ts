import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../../server/clock.ts';
import { apiKeyIntegration, connectCustomer } from '../helpers/connect.ts';
import { startTestHitch, type TestHitch } from '../helpers/startTestHitch.ts';
import { workflowModule, workflowsDir } from '../helpers/workflowsDir.ts';

const modules = {
  'nightly.ts': workflowModule(`{
    id: 'nightly', name: 'Nightly', integration: 'crm', triggers: { schedule: '0 3 * * *' },
    run: (ctx) => ({ customer: ctx.customer.id, connection: ctx.connection.id, scheduledFor: ctx.input.scheduledFor }),
  }`),
  'every-ten-seconds.ts': workflowModule(`{
    id: 'every-ten-seconds', name: 'Every ten seconds', integration: 'billing', triggers: { schedule: '*/10 * * * * *' },
    run() { throw new Error('billing is down'); },
  }`),
};

describe('scheduled workflows', () => {
  let hitch: TestHitch;
  const clock = new ManualClock('2030-01-01T00:00:00Z');
  const connections: Record<string, string> = {};
  const executions = async (query: string) => (await hitch.admin.get(`/v1/executions?limit=200&${query}`)).body.data;
  const tick = async () => {
    await hitch.deps.activity.scheduler.tick();
    await hitch.deps.activity.runs.idle();
  };

  before(async () => {
    hitch = await startTestHitch({ clock, env: { HITCH_WORKFLOWS_DIR: workflowsDir(modules) } });
    await apiKeyIntegration(hitch, 'crm', 'http://127.0.0.1:9');
    await apiKeyIntegration(hitch, 'billing', 'http://127.0.0.1:9');
    connections.acme = await connectCustomer(hitch, 'acme', 'crm', 'acme-key');
    await connectCustomer(hitch, 'acme', 'crm', 'acme-second-key'); // a second account: one run still
    connections.acmeNewest = (await hitch.admin.get('/v1/customers/acme/connections')).body.data[0].id;
    connections.globex = await connectCustomer(hitch, 'globex', 'crm', 'globex-key');
    const revoked = await connectCustomer(hitch, 'hooli', 'crm', 'hooli-key');
    await hitch.deps.store.connections.update('hooli', revoked, { status: 'revoked' });
    await hitch.createCustomer('initech'); // no connection at all
    await connectCustomer(hitch, 'umbrella', 'billing', 'umbrella-key');
  });
  after(() => hitch.close());

  it('does not fire before the time comes', async () => {
    clock.set('2030-01-01T02:59:59Z');
    await tick();
    assert.deepEqual(await executions('workflowId=nightly'), []);
  });

  it('fires once per customer with an active connection, with a scheduled event each', async () => {
    clock.set('2030-01-01T03:00:01Z');
    await tick();
    const runs = await executions('workflowId=nightly');
    assert.deepEqual(runs.map((run: { customerId: string }) => run.customerId).sort(), ['acme', 'globex']);
    for (const run of runs) {
      assert.equal(run.triggeredBy, 'scheduler');
      assert.equal(run.status, 'succeeded');
      assert.equal(run.output.scheduledFor, '2030-01-01T03:00:00.000Z');
      const event = (await hitch.admin.get(`/v1/events?customerId=${run.customerId}&type=scheduled`)).body.data[0];
      assert.equal(event.id, run.eventId);
      assert.equal(event.direction, 'incoming');
      assert.equal(event.workflowId, 'nightly');
    }
    const acme = runs.find((run: { customerId: string }) => run.customerId === 'acme');
    assert.equal(acme.output.connection, connections.acmeNewest, "the customer's newest active connection");
    await tick();
    assert.equal((await executions('workflowId=nightly')).length, 2, 'a firing happens once');
  });

  it('fires once after the clock jumps over several firings (missed times are not made up)', async () => {
    clock.set('2030-01-04T12:00:00Z');
    await tick();
    assert.equal((await executions('workflowId=nightly')).length, 4);
  });

  it('records a run over executionsPerDay as skipped, not lost', async () => {
    assert.equal((await hitch.admin.put('/v1/customers/globex/limits', { executionsPerDay: 0 })).status, 200);
    clock.set('2030-01-05T03:00:00Z');
    await tick();
    const [globex] = await executions('workflowId=nightly&customerId=globex');
    assert.equal(globex.status, 'skipped');
    assert.equal(globex.statusReason, 'quota_exceeded');
    const [acme] = await executions('workflowId=nightly&customerId=acme');
    assert.equal(acme.status, 'succeeded');
    const audit = await hitch.admin.get('/v1/audit-log?customerId=globex&action=workflow.run');
    assert.equal(audit.body.data[0].outcome, 'failure');
  });

  it('fires a seconds-level schedule, records failures, and keeps serving', async () => {
    const before = (await executions('workflowId=every-ten-seconds')).length;
    clock.advance(10_000);
    await tick();
    clock.advance(10_000);
    await tick();
    const runs = await executions('workflowId=every-ten-seconds');
    assert.equal(runs.length - before, 2);
    assert.ok(runs.every((run: { customerId: string; status: string; error: string }) =>
      run.customerId === 'umbrella' && run.status === 'failed' && run.error === 'billing is down'));
    assert.equal((await hitch.admin.get('/healthz')).status, 200);
  });
});

describe('the scheduler timer', () => {
  it('fires due schedules by itself, reading the injected clock', async () => {
    const clock = new ManualClock('2030-01-01T00:00:00Z');
    const hitch = await startTestHitch({ clock, env: { HITCH_WORKFLOWS_DIR: workflowsDir(modules) }, activity: { pollMs: 10 } });
    try {
      await apiKeyIntegration(hitch, 'crm', 'http://127.0.0.1:9');
      await connectCustomer(hitch, 'acme', 'crm', 'acme-key');
      clock.set('2030-01-01T03:00:00Z');
      let runs = [];
      for (let i = 0; i < 100 && !runs.length; i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        runs = (await hitch.admin.get('/v1/executions?workflowId=nightly')).body.data;
      }
      assert.equal(runs.length, 1);
    } finally {
      await hitch.close();
    }
  });
});
