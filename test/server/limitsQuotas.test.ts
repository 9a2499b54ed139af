import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../../server/clock.ts';
import { HitchError } from '../../server/errors.ts';
import { admitExecution } from '../../server/limits/quota.ts';
import { startTestHitch, type TestHitch } from '../helpers/startTestHitch.ts';
import { startUpstream, type Upstream } from '../helpers/upstream.ts';

const quotaProblem = (detail: string) => ({
  type: 'https://hitch.dev/problems/quota-exceeded',
  title: 'Quota exceeded',
  status: 429,
  detail,
  code: 'quota_exceeded',
});

describe('quotas: connections, eventsPerDay, executionsPerDay', () => {
  let hitch: TestHitch;
  let upstream: Upstream;
  const clock = new ManualClock('2030-01-15T23:00:00.000Z');

  before(async () => {
    upstream = await startUpstream();
    hitch = await startTestHitch({ clock });
    for (const id of ['acme', 'globex', 'initech']) await hitch.createCustomer(id);
    const integration = { name: 'CRM', authType: 'apiKey', apiBaseUrl: upstream.url, test: { method: 'GET', path: '/me' } };
    assert.equal((await hitch.admin.put('/v1/integrations/crm', integration)).status, 201);
  });
  after(async () => {
    await hitch.close();
    await upstream.close();
  });

  const eventsOf = async (customerId: string) => (await hitch.admin.get(`/v1/events?customerId=${customerId}&limit=200`)).body.data;
  const quotaEvents = async (customerId: string) => (await eventsOf(customerId)).filter((e: { name: string }) => e.name === 'quota.exceeded');
  const lastAudit = async (action: string) => (await hitch.admin.get(`/v1/audit-log?action=${action}&limit=1`)).body.data[0];
  const usage = async (customerId: string) => (await hitch.admin.get(`/v1/customers/${customerId}/limits`)).body.usage;

  describe('connections', () => {
    const connect = async (label: string) => {
      const widget = await hitch.widgetFor('acme', { userId: 'ana' });
      return widget.post('/v1/widget/connections', { integration: 'crm', label, credentials: { apiKey: `key-${label}` } });
    };

    it('refuses a connection over the limit with 429, before testing the credentials, storing nothing', async () => {
      await hitch.admin.put('/v1/customers/acme/limits', { connections: 2 });
      for (const label of ['one', 'two']) assert.equal((await connect(label)).status, 201);
      const [tested, stored] = [upstream.seen.length, (await hitch.admin.get('/v1/customers/acme/connections')).text];

      const refused = await connect('three');
      assert.equal(refused.status, 429);
      assert.equal(refused.headers.get('content-type'), 'application/problem+json; charset=utf-8');
      assert.equal(refused.headers.get('retry-after'), '3600');
      assert.deepEqual(
        refused.body,
        quotaProblem('This account has reached its limit of 2 connections. Remove a connection, or ask your administrator to raise the limit.'),
      );
      assert.equal(upstream.seen.length, tested, 'no credentials test for a refused connection');
      assert.equal((await hitch.admin.get('/v1/customers/acme/connections')).text, stored);
    });

    it('audits the refusal under the widget user, with the limit in the detail', async () => {
      const entry = await lastAudit('connection.create');
      assert.deepEqual(
        { user: entry.user, outcome: entry.outcome, customerId: entry.customerId, detail: entry.detail },
        { user: 'customer:acme/user:ana', outcome: 'failure', customerId: 'acme', detail: 'quota_exceeded: connections' },
      );
    });

    it('sends one quota.exceeded event per customer, limit and UTC day', async () => {
      assert.equal((await connect('four')).status, 429);
      const sent = await quotaEvents('acme');
      assert.equal(sent.length, 1);
      assert.deepEqual(
        { type: sent[0].type, direction: sent[0].direction, payload: sent[0].payload },
        { type: 'system', direction: 'outgoing', payload: { limit: 'connections', value: 2, resetsAt: null } },
      );
    });

    it('counts active connections only: deleting one, or one in error, frees a slot', async () => {
      const [newest] = (await hitch.admin.get('/v1/customers/acme/connections')).body.data;
      assert.equal((await hitch.admin.delete(`/v1/customers/acme/connections/${newest.id}`)).status, 204);
      const created = await connect('five');
      assert.equal(created.status, 201);
      await hitch.deps.store.connections.update('acme', created.body.id, { status: 'error' });
      assert.equal((await connect('six')).status, 201);
      assert.deepEqual(await usage('acme').then((u) => u.connections), { used: 2, remaining: 0, resetsAt: null });
    });

    it('words a limit of one for people', async () => {
      await hitch.admin.put('/v1/customers/acme/limits', { connections: 1 });
      const refused = await connect('seven');
      assert.match(refused.body.detail, /^This account has reached its limit of 1 connection\. /);
    });
  });

  describe('eventsPerDay', () => {
    const post = (name = 'order.created') => hitch.admin.post('/v1/customers/globex/events', { name });

    it('refuses the incoming event over the limit until UTC midnight, storing nothing', async () => {
      await hitch.admin.put('/v1/customers/globex/limits', { eventsPerDay: 3 });
      for (let i = 0; i < 3; i++) assert.equal((await post()).status, 201);
      const before = await eventsOf('globex');
      const refused = await post('over.limit');
      assert.equal(refused.status, 429);
      assert.equal(refused.headers.get('retry-after'), '3600');
      assert.deepEqual(refused.body, quotaProblem('This account has reached its limit of 3 incoming events per day. It resets at midnight UTC.'));
      const after = await eventsOf('globex');
      assert.deepEqual(after.filter((e: { name: string }) => e.name !== 'quota.exceeded'), before);
      assert.equal((await lastAudit('event.create')).detail, 'quota_exceeded: eventsPerDay');
      assert.deepEqual((await usage('globex')).eventsPerDay, { used: 3, remaining: 0, resetsAt: '2030-01-16T00:00:00.000Z' });
    });

    it('does not count the outgoing quota.exceeded event, and sends it once that day', async () => {
      assert.equal((await post()).status, 429);
      assert.equal((await quotaEvents('globex')).length, 1);
      assert.equal((await usage('globex')).eventsPerDay.used, 3);
    });

    it('starts again at UTC midnight, where a new refusal sends quota.exceeded again', async () => {
      clock.set('2030-01-16T00:00:00.000Z');
      assert.equal((await post()).status, 201);
      assert.deepEqual((await usage('globex')).eventsPerDay, { used: 1, remaining: 2, resetsAt: '2030-01-17T00:00:00.000Z' });
      await post();
      await post();
      const refused = await post();
      assert.equal(refused.headers.get('retry-after'), '86400');
      assert.equal((await quotaEvents('globex')).length, 2);
    });
  });

  describe('executionsPerDay (admitExecution, called by the workflow engine)', () => {
    it('admits runs up to the limit, then throws 429 quota_exceeded', async () => {
      await hitch.admin.put('/v1/customers/initech/limits', { executionsPerDay: 2 });
      await admitExecution(hitch.deps, 'initech');
      await admitExecution(hitch.deps, 'initech');
      await assert.rejects(admitExecution(hitch.deps, 'initech'), (error: HitchError) => {
        assert.equal(error.code, 'quota_exceeded');
        assert.equal(error.retryAfter, 86400);
        assert.equal(error.message, 'This account has reached its limit of 2 workflow runs per day. It resets at midnight UTC.');
        return true;
      });
      assert.deepEqual((await usage('initech')).executionsPerDay, { used: 2, remaining: 0, resetsAt: '2030-01-17T00:00:00.000Z' });
      assert.equal((await quotaEvents('initech'))[0].payload.limit, 'executionsPerDay');
    });

    it('audits a refused run that no request records (a scheduled run) as the system', async () => {
      const audit = { user: 'system', action: 'execution.create', resource: 'workflow/nightly-sync' };
      await assert.rejects(admitExecution(hitch.deps, 'initech', { audit }));
      const entry = await lastAudit('execution.create');
      assert.deepEqual(
        { user: entry.user, resource: entry.resource, outcome: entry.outcome, customerId: entry.customerId, detail: entry.detail },
        { user: 'system', resource: 'workflow/nightly-sync', outcome: 'failure', customerId: 'initech', detail: 'quota_exceeded: executionsPerDay' },
      );
    });
  });
});
