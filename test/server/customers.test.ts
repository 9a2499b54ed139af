import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ManualClock } from '../../server/clock.ts';
import { request } from '../helpers/http.ts';
import { startTestHitch, type TestHitch } from '../helpers/startTestHitch.ts';
import { testAdminKey } from '../helpers/testConfig.ts';

describe('customers', () => {
  let hitch: TestHitch;
  const stateFile = () => readFileSync(join(hitch.deps.config.dataDir, 'state.json'), 'utf8');

  before(async () => {
    hitch = await startTestHitch({ storage: 'files' });
  });
  after(() => hitch.close());

  describe('POST /v1/customers', () => {
    it('rejects a missing admin key', async () => {
      assert.equal((await request(hitch.url, 'POST', '/v1/customers', { body: { name: 'x' } })).status, 401);
    });

    it('creates customers with the contract id styles', async () => {
      for (const id of ['customer_12345', 'acme-corp', 'v1.2', '7eleven']) {
        const response = await hitch.admin.post('/v1/customers', { id, name: `Name of ${id}`, email: 'ops@example.com', metadata: { plan: 'pro' } });
        assert.equal(response.status, 201, response.text);
        assert.deepEqual(Object.keys(response.body).sort(), ['createdAt', 'email', 'id', 'metadata', 'name', 'updatedAt']);
        assert.equal(response.body.id, id);
        assert.deepEqual(response.body.metadata, { plan: 'pro' });
      }
    });

    it('generates a UUID when the id is omitted', async () => {
      const response = await hitch.admin.post('/v1/customers', { name: 'No id' });
      assert.equal(response.status, 201);
      assert.match(response.body.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.equal(response.body.email, null);
    });

    it('answers 409 for a taken id and keeps the first customer', async () => {
      const response = await hitch.admin.post('/v1/customers', { id: 'acme-corp', name: 'Impostor' });
      assert.equal(response.status, 409);
      assert.equal(response.body.code, 'conflict');
      assert.equal((await hitch.admin.get('/v1/customers/acme-corp')).body.name, 'Name of acme-corp');
    });
  });

  describe('bad input changes nothing', () => {
    const badIds = ['-leading-dash', 'has space', 'a'.repeat(65), '../x', '', 'café', '_underscore-first', 'a/b'];

    for (const id of badIds) {
      it(`refuses the id ${JSON.stringify(id.length > 20 ? `${id.slice(0, 10)}…(${id.length})` : id)} with 400 validation_failed`, async () => {
        const before = stateFile();
        const response = await hitch.admin.post('/v1/customers', { id, name: 'Bad' });
        assert.equal(response.status, 400);
        assert.equal(response.headers.get('content-type'), 'application/problem+json; charset=utf-8');
        assert.equal(response.body.code, 'validation_failed');
        assert.equal(response.body.errors[0].path, 'id');
        assert.equal(stateFile(), before);
      });
    }

    const cases: [string, { rawBody?: string; body?: unknown }, number, string][] = [
      ['malformed JSON', { rawBody: '{"id": "x", "name": ' }, 400, 'invalid_json'],
      ['an unknown field', { body: { id: 'fine-id', name: 'Fine', role: 'admin' } }, 400, 'validation_failed'],
      ['a missing name', { body: { id: 'fine-id' } }, 400, 'validation_failed'],
      ['a wrong type', { body: { id: 'fine-id', name: 42 } }, 400, 'validation_failed'],
      ['a JSON array', { rawBody: '[]' }, 400, 'validation_failed'],
      ['a body over 64 KB', { body: { id: 'fine-id', name: 'Big', metadata: { blob: 'x'.repeat(70_000) } } }, 413, 'payload_too_large'],
    ];
    for (const [what, body, status, code] of cases) {
      it(`answers ${what} with ${status} ${code}`, async () => {
        const before = stateFile();
        const response = await request(hitch.url, 'POST', '/v1/customers', { token: testAdminKey, ...body });
        assert.equal(response.status, status, response.text);
        assert.equal(response.body.code, code);
        assert.equal(response.body.status, status);
        assert.ok(response.body.title && response.body.detail && response.body.type);
        assert.equal(stateFile(), before);
      });
    }

    it('refuses unknown fields and bad values on PATCH, unchanged', async () => {
      const before = stateFile();
      for (const body of [{ id: 'new-id' }, { name: '' }, { email: 'not-an-email' }]) {
        assert.equal((await hitch.admin.patch('/v1/customers/acme-corp', body)).status, 400, JSON.stringify(body));
      }
      assert.equal(stateFile(), before);
    });
  });

  describe('GET /v1/customers', () => {
    it('lists newest first with cursor pagination and q over id and name', async () => {
      const clock = hitch.clock as ManualClock;
      for (let i = 0; i < 5; i++) {
        clock.advance(1000);
        await hitch.admin.post('/v1/customers', { id: `page-${i}`, name: `Paged ${i}` });
      }
      const first = await hitch.admin.get('/v1/customers?q=page&limit=2');
      assert.deepEqual(first.body.data.map((c: { id: string }) => c.id), ['page-4', 'page-3']);
      const second = await hitch.admin.get(`/v1/customers?q=page&limit=2&cursor=${first.body.nextCursor}`);
      assert.deepEqual(second.body.data.map((c: { id: string }) => c.id), ['page-2', 'page-1']);
      const third = await hitch.admin.get(`/v1/customers?q=page&limit=2&cursor=${second.body.nextCursor}`);
      assert.deepEqual(third.body.data.map((c: { id: string }) => c.id), ['page-0']);
      assert.equal(third.body.nextCursor, null);
      assert.deepEqual((await hitch.admin.get('/v1/customers?q=NAME OF ACME')).body.data.map((c: { id: string }) => c.id), ['acme-corp']);
    });

    it('refuses a limit outside 1–200 and a forged cursor', async () => {
      for (const query of ['limit=0', 'limit=201', 'limit=abc', 'cursor=not-a-cursor!']) {
        const response = await hitch.admin.get(`/v1/customers?${query}`);
        assert.equal(response.status, 400, query);
        assert.equal(response.body.code, 'validation_failed');
      }
    });
  });

  describe('GET, PATCH, DELETE /v1/customers/:id', () => {
    it('gets, updates (the id never changes) and 404s unknown ids', async () => {
      const clock = hitch.clock as ManualClock;
      clock.advance(5000);
      const patched = await hitch.admin.patch('/v1/customers/customer_12345', { name: 'Renamed', email: null, metadata: { tier: 2 } });
      assert.equal(patched.status, 200);
      assert.equal(patched.body.id, 'customer_12345');
      assert.equal(patched.body.name, 'Renamed');
      assert.equal(patched.body.email, null);
      assert.notEqual(patched.body.updatedAt, patched.body.createdAt);
      assert.deepEqual((await hitch.admin.get('/v1/customers/customer_12345')).body, patched.body);
      for (const id of ['nobody', '..', 'caf%C3%A9']) {
        assert.equal((await hitch.admin.get(`/v1/customers/${id}`)).status, 404, id);
      }
    });

    it('deletes a customer with its connections and events; its audit entries stay', async () => {
      await hitch.admin.put('/v1/integrations/doomed-keys', { name: 'Doomed', authType: 'apiKey' });
      await hitch.createCustomer('doomed');
      const widget = await hitch.widgetFor('doomed');
      const connection = await widget.post('/v1/widget/connections', { integration: 'doomed-keys', credentials: { apiKey: 'k-1' } });
      assert.equal(connection.status, 201);
      await hitch.admin.post('/v1/customers/doomed/events', { name: 'order.created' });

      assert.equal((await hitch.admin.delete('/v1/customers/doomed')).status, 204);
      assert.equal((await hitch.admin.get('/v1/customers/doomed')).status, 404);
      assert.equal((await hitch.admin.get('/v1/events?customerId=doomed')).body.data.length, 0);
      assert.equal((await widget.get('/v1/widget/session')).status, 401);
      await hitch.createCustomer('doomed');
      assert.equal((await hitch.admin.get('/v1/customers/doomed/connections')).body.data.length, 0);
      const audit = await hitch.admin.get('/v1/audit-log?customerId=doomed&limit=200');
      assert.ok(audit.body.data.some((entry: { action: string }) => entry.action === 'connection.create'));
      assert.equal((await hitch.admin.delete('/v1/customers/doomed-twice-never-existed')).status, 404);
    });
  });
});
