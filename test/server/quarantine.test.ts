import assert from 'node:assert/strict';
import { appendFileSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { apiKeyIntegration, connectCustomer } from '../helpers/connect.ts';
import { startTestHitch, type TestHitch } from '../helpers/startTestHitch.ts';
import { testEnv } from '../helpers/testConfig.ts';
import { workflowModule, workflowsDir } from '../helpers/workflowsDir.ts';

const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

const modules = {
  'echo.ts': workflowModule(`{ id: 'echo', name: 'Echo', integration: 'crm', triggers: { manual: true }, run: (ctx) => ({ echoed: ctx.input ?? null }) }`),
};

/** The lines Hitch logged about quarantine, parsed. */
const quarantineLogs = (hitch: TestHitch) =>
  hitch.logs.filter((line) => line.includes('quarantine')).map((line) => JSON.parse(line) as Record<string, unknown>);

describe('starting on a data dir that holds records Hitch cannot keep', () => {
  it('sets them aside in quarantine (0600), logs each file once without the content, starts, and serves and writes everything else', async () => {
    const env = testEnv({ HITCH_WORKFLOWS_DIR: workflowsDir(modules) });
    const dataDir = env.HITCH_DATA_DIR;
    let hitch = await startTestHitch({ storage: 'files', env });
    await apiKeyIntegration(hitch, 'crm', 'http://127.0.0.1:9');
    await connectCustomer(hitch, 'acme', 'crm', 'acme-key');
    await connectCustomer(hitch, 'globex', 'crm', 'globex-key');
    const run = await hitch.admin.post('/v1/customers/acme/workflows/echo/runs', { input: { n: 1 } });
    await hitch.deps.activity.runs.idle();
    assert.equal((await hitch.admin.post('/v1/customers/acme/events', { name: 'kept.event' })).status, 201);
    await hitch.close();

    // What older versions let in, written straight into the files: an execution still running with
    // an input 4,110 levels deep (its update at start overflowed the stack), a line damaged in the
    // middle, an event 32,000 levels deep, and a customer whose metadata is 32,000 levels deep
    const now = new Date().toISOString();
    const executionFile = join(dataDir, 'executions', readdirSync(join(dataDir, 'executions'))[0]);
    appendFileSync(executionFile, `{"id":"exe_zz_running","customerId":"acme","workflowId":"echo","triggeredBy":"manual","status":"running","input":${nested(4_110)},"startedAt":"${now}"}\n`);
    appendFileSync(executionFile, '{"id":"exe_zz_damaged","customerId":\n');
    appendFileSync(executionFile, `{"id":"exe_zz_after","customerId":"acme","workflowId":"echo","triggeredBy":"manual","status":"succeeded","startedAt":"${now}"}\n`);
    const eventFile = join(dataDir, 'events', readdirSync(join(dataDir, 'events'))[0]);
    appendFileSync(eventFile, `{"id":"evt_zz_deep","customerId":"acme","type":"manual","direction":"incoming","name":"deep","payload":${nested(32_000)},"createdAt":"${now}"}\n`);
    const statePath = join(dataDir, 'state.json');
    const poison = `{"id":"poison","name":"Poison","email":null,"metadata":{"a":${nested(32_000)}},"createdAt":"${now}","updatedAt":"${now}"}`;
    writeFileSync(statePath, readFileSync(statePath, 'utf8').replace('"customers":[', `"customers":[${poison},`));

    hitch = await startTestHitch({ storage: 'files', env });
    try {
      // Set aside, each file logged once, by name only
      const logged = quarantineLogs(hitch);
      assert.deepEqual(logged.map(({ source, records }) => ({ source, records })).sort((a, b) => String(a.source).localeCompare(String(b.source))), [
        { source: `events/${eventFile.split('/').at(-1)}`, records: 1 },
        { source: `executions/${executionFile.split('/').at(-1)}`, records: 2 },
        { source: 'state.json', records: 1 },
      ]);
      assert.ok(logged.every((line) => line.level === 'warn'));
      assert.ok(!hitch.logs.some((line) => line.includes('[[[') || line.includes('exe_zz_damaged') || line.includes('Poison')), 'no record content in the logs');
      const files = readdirSync(join(dataDir, 'quarantine')).sort();
      assert.deepEqual(files, logged.map((line) => String(line.file).slice('quarantine/'.length)).sort());
      for (const file of files) assert.equal(statSync(join(dataDir, 'quarantine', file)).mode & 0o777, 0o600, file);
      assert.equal(statSync(join(dataDir, 'quarantine')).mode & 0o777, 0o700);
      const executionsQuarantine = files.find((file) => file.startsWith('executions-'))!;
      assert.ok(readFileSync(join(dataDir, 'quarantine', executionsQuarantine), 'utf8').includes('"exe_zz_damaged"'), 'kept as found');

      // Everything else is served
      assert.equal((await hitch.admin.get('/v1/customers/poison')).status, 404);
      assert.equal((await hitch.admin.get('/v1/customers/acme')).status, 200);
      const executions = (await hitch.admin.get('/v1/executions?customerId=acme')).body.data.map((execution: { id: string }) => execution.id);
      assert.deepEqual(executions.sort(), [run.body.id, 'exe_zz_after'].sort());
      const events = (await hitch.admin.get('/v1/events?customerId=acme&limit=200')).body.data.map((event: { name: string }) => event.name);
      assert.ok(events.includes('kept.event') && !events.includes('deep'));

      // …and written, by every customer
      for (const customerId of ['acme', 'globex']) {
        assert.equal((await hitch.admin.patch(`/v1/customers/${customerId}`, { metadata: { after: true } })).status, 200);
        assert.equal((await hitch.admin.post(`/v1/customers/${customerId}/events`, { name: 'after.start' })).status, 201);
        const started = await hitch.admin.post(`/v1/customers/${customerId}/workflows/echo/runs`, { input: { n: 2 } });
        assert.equal(started.status, 202, started.text);
      }
      await hitch.deps.activity.runs.idle();
      const statuses = (await hitch.admin.get('/v1/executions?workflowId=echo')).body.data.map((execution: { status: string }) => execution.status);
      assert.ok(statuses.every((status: string) => status === 'succeeded'), statuses.join());
    } finally {
      await hitch.close();
    }

    // The next start finds nothing more to set aside
    hitch = await startTestHitch({ storage: 'files', env });
    try {
      assert.deepEqual(quarantineLogs(hitch), []);
      assert.equal(readdirSync(join(dataDir, 'quarantine')).length, 3);
    } finally {
      await hitch.close();
    }
  });
});
