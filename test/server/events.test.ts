import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ManualClock } from '../../server/clock.ts';
import { startTestHitch, type TestHitch } from '../helpers/startTestHitch.ts';

describe('events', () => {
  let hitch: TestHitch;
  const clock = () => hitch.clock as ManualClock;

  before(async () => {
    hitch = await startTestHitch();
    await hitch.createCustomer('acme');
    await hitch.createCustomer('globex');
  });
  after(() => hitch.close());

  describe('POST /v1/customers/:id/events', () => {
    it('stores a manual incoming event', async () => {
      const response = await hitch.admin.post('/v1/customers/acme/events', { name: 'order.created', payload: { total: 42 } });
      assert.equal(response.status, 201);
      assert.equal(response.body.type, 'manual');
      assert.equal(response.body.direction, 'incoming');
      assert.equal(response.body.customerId, 'acme');
      assert.deepEqual(response.body.payload, { total: 42 });
      assert.equal(response.body.createdAt, new Date(hitch.clock.now()).toISOString());
    });

    it('refuses an unknown customer (404) and a bad name (400)', async () => {
      assert.equal((await hitch.admin.post('/v1/customers/nobody/events', { name: 'x' })).status, 404);
      assert.equal((await hitch.admin.post('/v1/customers/acme/events', { name: 'has space' })).status, 400);
      assert.equal((await hitch.admin.post('/v1/customers/acme/events', {})).status, 400);
    });
  });

  describe('GET /v1/events', () => {
    it('filters by customer, type, direction, name and time, newest first with pagination', async () => {
      const start = hitch.clock.now();
      for (let i = 0; i < 6; i++) {
        clock().advance(60_000);
        await hitch.admin.post(`/v1/customers/${i % 2 ? 'globex' : 'acme'}/events`, { name: i % 3 ? 'tick' : 'tock', payload: { i } });
      }
      const all = await hitch.admin.get(`/v1/events?from=${new Date(start + 1).toISOString()}`);
      assert.deepEqual(all.body.data.map((e: { payload: { i: number } }) => e.payload.i), [5, 4, 3, 2, 1, 0]);

      const acme = await hitch.admin.get(`/v1/events?customerId=acme&name=tick&from=${new Date(start).toISOString()}`);
      assert.deepEqual(acme.body.data.map((e: { payload: { i: number } }) => e.payload.i), [4, 2]);

      const window = await hitch.admin.get(`/v1/events?from=${new Date(start + 120_000).toISOString()}&to=${new Date(start + 240_000).toISOString()}`);
      assert.deepEqual(window.body.data.map((e: { payload: { i: number } }) => e.payload.i), [3, 2, 1]);

      const page1 = await hitch.admin.get(`/v1/events?type=manual&direction=incoming&limit=4&from=${new Date(start + 1).toISOString()}`);
      const page2 = await hitch.admin.get(`/v1/events?type=manual&direction=incoming&limit=4&from=${new Date(start + 1).toISOString()}&cursor=${page1.body.nextCursor}`);
      assert.deepEqual([...page1.body.data, ...page2.body.data].map((e: { payload: { i: number } }) => e.payload.i), [5, 4, 3, 2, 1, 0]);
      assert.equal(page2.body.nextCursor, null);
      assert.equal((await hitch.admin.get('/v1/events?type=outgoing')).status, 400);
    });
  });

  describe('GET /v1/widget/events', () => {
    it("shows only the token's customer, and needs activity:read", async () => {
      const widget = await hitch.widgetFor('globex');
      const events = await widget.get('/v1/widget/events?limit=200');
      assert.ok(events.body.data.length > 0);
      assert.ok(events.body.data.every((e: { customerId: string }) => e.customerId === 'globex'));
      const noActivity = await hitch.widgetFor('globex', { scopes: ['connections:read'] });
      assert.equal((await noActivity.get('/v1/widget/events')).status, 403);
    });

    it('shows a token limited to some integrations only the events of those integrations', async () => {
      for (const key of ['crm', 'mail']) await hitch.admin.put(`/v1/integrations/${key}`, { name: key, authType: 'apiKey' });
      const everything = await hitch.widgetFor('acme');
      for (const [integration, label] of [['crm', 'Sales'], ['mail', 'Secret project']]) {
        const created = await everything.post('/v1/widget/connections', { integration, label, credentials: { apiKey: 'k' } });
        assert.equal(created.status, 201, created.text);
      }
      const crmOnly = await hitch.widgetFor('acme', { integrations: ['crm'] });
      const seen = (await crmOnly.get('/v1/widget/events?limit=200')).body.data as { integration?: string }[];
      assert.deepEqual(seen.map((e) => e.integration), ['crm']);
      const all = (await everything.get('/v1/widget/events?limit=200')).body.data as { integration?: string; type: string }[];
      assert.deepEqual(new Set(all.map((e) => e.integration)), new Set(['mail', 'crm', undefined]));
    });
  });
});
