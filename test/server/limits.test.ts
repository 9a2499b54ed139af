import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../../server/clock.ts';
import { request } from '../helpers/http.ts';
import { startTestHitch, type TestHitch } from '../helpers/startTestHitch.ts';

const initial = { connections: 50, eventsPerDay: 100_000, executionsPerDay: 10_000, requestsPerMinute: 600 };

describe('limits settings', () => {
  let hitch: TestHitch;
  const clock = new ManualClock('2030-01-15T10:00:30.000Z');

  before(async () => {
    hitch = await startTestHitch({ clock });
    await hitch.createCustomer('acme');
    await hitch.createCustomer('globex');
  });
  after(() => hitch.close());

  const lastAudit = async (action: string) => (await hitch.admin.get(`/v1/audit-log?action=${action}&limit=1`)).body.data[0];

  describe('GET /v1/limits, PUT /v1/limits', () => {
    it('rejects a missing credential', async () => {
      assert.equal((await request(hitch.url, 'GET', '/v1/limits')).status, 401);
      assert.equal((await request(hitch.url, 'PUT', '/v1/limits', { body: initial })).status, 401);
    });

    it('starts with the initial plan defaults', async () => {
      const response = await hitch.admin.get('/v1/limits');
      assert.equal(response.status, 200);
      assert.deepEqual(response.body, initial);
    });

    it('replaces the defaults, keeps them, and audits the change under the admin key', async () => {
      const plan = { connections: 10, eventsPerDay: 1000, executionsPerDay: 200, requestsPerMinute: 120 };
      const response = await hitch.admin.put('/v1/limits', plan);
      assert.equal(response.status, 200);
      assert.deepEqual(response.body, plan);
      assert.deepEqual((await hitch.admin.get('/v1/limits')).body, plan);
      const entry = await lastAudit('limits.update');
      assert.deepEqual(
        { user: entry.user, resource: entry.resource, outcome: entry.outcome, detail: entry.detail },
        { user: 'admin', resource: 'plan/default', outcome: 'success', detail: 'connections=10, eventsPerDay=1000, executionsPerDay=200, requestsPerMinute=120' },
      );
      assert.equal((await hitch.admin.put('/v1/limits', initial)).status, 200);
    });

    it('needs all four limits as whole numbers ≥ 0, and nothing else', async () => {
      for (const body of [{ connections: 5 }, { ...initial, connections: -1 }, { ...initial, eventsPerDay: 1.5 }, { ...initial, extra: 1 }]) {
        const response = await hitch.admin.put('/v1/limits', body);
        assert.equal(response.status, 400, JSON.stringify(body));
        assert.equal(response.body.code, 'validation_failed');
      }
      assert.deepEqual((await hitch.admin.get('/v1/limits')).body, initial);
      assert.equal((await lastAudit('limits.update')).outcome, 'failure');
    });
  });

  describe('GET /v1/customers/:id/limits, PUT /v1/customers/:id/limits', () => {
    it('rejects a missing credential, and an unknown customer with 404', async () => {
      assert.equal((await request(hitch.url, 'GET', '/v1/customers/acme/limits')).status, 401);
      assert.equal((await request(hitch.url, 'PUT', '/v1/customers/acme/limits', { body: {} })).status, 401);
      assert.equal((await hitch.admin.get('/v1/customers/nobody/limits')).status, 404);
      assert.equal((await hitch.admin.put('/v1/customers/nobody/limits', { eventsPerDay: 5 })).status, 404);
    });

    it('shows defaults, no overrides, the effective limits and usage with reset times', async () => {
      const response = await hitch.admin.get('/v1/customers/acme/limits');
      assert.equal(response.status, 200);
      assert.deepEqual(response.body, {
        defaults: initial,
        overrides: {},
        effective: initial,
        usage: {
          connections: { used: 0, remaining: 50, resetsAt: null },
          eventsPerDay: { used: 0, remaining: 100_000, resetsAt: '2030-01-16T00:00:00.000Z' },
          executionsPerDay: { used: 0, remaining: 10_000, resetsAt: '2030-01-16T00:00:00.000Z' },
          requestsPerMinute: { used: 0, remaining: 600, resetsAt: '2030-01-15T10:01:00.000Z' },
        },
      });
    });

    it('sets overrides that win over the defaults, for that customer only', async () => {
      const response = await hitch.admin.put('/v1/customers/acme/limits', { eventsPerDay: 50_000, connections: 3 });
      assert.equal(response.status, 200);
      assert.deepEqual(response.body.overrides, { connections: 3, eventsPerDay: 50_000 });
      assert.deepEqual(response.body.effective, { ...initial, connections: 3, eventsPerDay: 50_000 });
      assert.deepEqual(response.body.usage.connections, { used: 0, remaining: 3, resetsAt: null });
      assert.deepEqual((await hitch.admin.get('/v1/customers/globex/limits')).body.effective, initial);
      const entry = await lastAudit('limits.update');
      assert.deepEqual(
        { user: entry.user, resource: entry.resource, customerId: entry.customerId, detail: entry.detail },
        { user: 'admin', resource: 'customer/acme', customerId: 'acme', detail: 'connections=3, eventsPerDay=50000' },
      );
    });

    it('follows the plan for every limit it does not override', async () => {
      await hitch.admin.put('/v1/limits', { ...initial, requestsPerMinute: 90, eventsPerDay: 7 });
      const { body } = await hitch.admin.get('/v1/customers/acme/limits');
      assert.deepEqual(body.effective, { connections: 3, eventsPerDay: 50_000, executionsPerDay: 10_000, requestsPerMinute: 90 });
      await hitch.admin.put('/v1/limits', initial);
    });

    it('removes one override with null and keeps the others; an empty body changes nothing', async () => {
      const removed = await hitch.admin.put('/v1/customers/acme/limits', { connections: null });
      assert.deepEqual(removed.body.overrides, { eventsPerDay: 50_000 });
      assert.equal(removed.body.effective.connections, initial.connections);
      assert.equal((await lastAudit('limits.update')).detail, 'connections=default');
      const unchanged = await hitch.admin.put('/v1/customers/acme/limits', {});
      assert.deepEqual(unchanged.body.overrides, { eventsPerDay: 50_000 });
      const cleared = await hitch.admin.put('/v1/customers/acme/limits', { eventsPerDay: null });
      assert.deepEqual(cleared.body.overrides, {});
      assert.deepEqual(cleared.body.effective, initial);
    });

    it('refuses bad values and unknown limits without changing anything', async () => {
      await hitch.admin.put('/v1/customers/globex/limits', { executionsPerDay: 9 });
      for (const body of [{ connections: -2 }, { eventsPerDay: 'many' }, { bogus: 1 }, { executionsPerDay: 1e10 }]) {
        assert.equal((await hitch.admin.put('/v1/customers/globex/limits', body)).status, 400, JSON.stringify(body));
      }
      assert.deepEqual((await hitch.admin.get('/v1/customers/globex/limits')).body.overrides, { executionsPerDay: 9 });
    });

    it('forgets the overrides of a deleted customer, so a new customer with its id starts on the plan', async () => {
      await hitch.createCustomer('phoenix');
      await hitch.admin.put('/v1/customers/phoenix/limits', { connections: 1 });
      assert.equal((await hitch.admin.delete('/v1/customers/phoenix')).status, 204);
      await hitch.createCustomer('phoenix');
      assert.deepEqual((await hitch.admin.get('/v1/customers/phoenix/limits')).body.overrides, {});
    });
  });
});
