import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../../server/clock.ts';
import { routes } from '../../server/routes/index.ts';
import { client, request, type Client } from '../helpers/http.ts';
import { startTestHitch, type TestHitch } from '../helpers/startTestHitch.ts';

interface Entry {
  id: string;
  timestamp: string;
  user: string;
  action: string;
  resource: string;
  outcome: string;
  customerId?: string;
  detail?: string;
  prevHash: string;
  hash: string;
}

describe('GET /v1/audit-log', () => {
  let hitch: TestHitch;
  let alice: Client;
  const clock = new ManualClock('2030-01-15T10:00:00.000Z');
  const list = async (query = ''): Promise<Entry[]> => {
    const response = await hitch.admin.get(`/v1/audit-log?limit=200${query}`);
    assert.equal(response.status, 200, response.text);
    return response.body.data;
  };

  before(async () => {
    hitch = await startTestHitch({ clock });
    const created = await hitch.admin.post('/v1/admin-keys', { name: 'alice' });
    alice = client(hitch.url, created.body.key);
    clock.set('2030-01-15T11:00:00.000Z');
    await alice.post('/v1/customers', { id: 'acme', name: 'Acme' });
    await alice.post('/v1/customers', { id: 'acme', name: 'Acme again' }); // 409
    await hitch.admin.put('/v1/integrations/crm', { name: 'CRM', authType: 'apiKey' });
    clock.set('2030-01-15T12:00:00.000Z');
    await hitch.createCustomer('globex');
    const widget = await hitch.widgetFor('acme', { userId: 'ana' });
    await widget.post('/v1/widget/connections', { integration: 'crm', credentials: { apiKey: 'k' } });
    const anonymous = await hitch.widgetFor('globex');
    await anonymous.post('/v1/widget/connections', { integration: 'crm', credentials: { apiKey: 'k' } });
    await request(hitch.url, 'POST', '/v1/customers', { body: { name: 'No key' } }); // 401
  });
  after(() => hitch.close());

  it('rejects a missing credential', async () => {
    assert.equal((await request(hitch.url, 'GET', '/v1/audit-log')).status, 401);
    assert.equal((await request(hitch.url, 'GET', '/v1/audit-log?format=csv')).status, 401);
  });

  it('records admin actions under the name of the key used', async () => {
    const [created] = await list('&action=customer.create&resource=customer/globex');
    assert.equal(created.user, 'admin');
    const byAlice = await list('&user=alice');
    assert.deepEqual(byAlice.map((e) => [e.action, e.resource, e.outcome]).reverse(), [
      ['customer.create', 'customer/acme', 'success'],
      ['customer.create', 'customer/acme', 'failure'],
    ]);
    assert.equal(byAlice[0].detail, 'conflict');
  });

  it('records widget actions under customer:<id>/user:<uid>, or customer:<id> without a uid', async () => {
    const [withUid] = await list('&action=connection.create&customerId=acme');
    assert.equal(withUid.user, 'customer:acme/user:ana');
    assert.match(withUid.resource, /^connection\/conn_/);
    const [withoutUid] = await list('&action=connection.create&customerId=globex');
    assert.equal(withoutUid.user, 'customer:globex');
  });

  it('records failures, unauthenticated ones included', async () => {
    const failures = await list('&outcome=failure');
    assert.ok(failures.length > 0);
    assert.ok(failures.every((e) => e.outcome === 'failure'));
    const [unauthenticated] = failures.filter((e) => e.user === 'anonymous');
    assert.deepEqual([unauthenticated.action, unauthenticated.detail], ['customer.create', 'unauthorized']);
  });

  it('records no reads: admin and widget GETs leave the log as it was', async () => {
    const widget = await hitch.widgetFor('acme');
    const [connection] = (await hitch.admin.get('/v1/customers/acme/connections')).body.data;
    const before = await list();
    const adminReads = ['/v1/customers', '/v1/customers/acme', '/v1/customers/acme/connections', `/v1/customers/acme/connections/${connection.id}`,
      `/v1/customers/acme/connections/${connection.id}/credentials`, '/v1/integrations', '/v1/integrations/crm', '/v1/events', '/v1/executions',
      '/v1/workflows', '/v1/webhook-endpoints', '/v1/webhook-deliveries', '/v1/limits', '/v1/customers/acme/limits', '/v1/admin-keys', '/v1/audit-log'];
    for (const path of adminReads) assert.equal((await hitch.admin.get(path)).status, 200, path);
    for (const path of ['/v1/widget/session', '/v1/widget/events']) assert.equal((await widget.get(path)).status, 200, path);
    assert.deepEqual(await list(), before);
  });

  it('filters by every field of the contract, combined', async () => {
    assert.deepEqual((await list('&resource=integration/crm')).map((e) => e.action), ['integration.update']);
    assert.deepEqual((await list('&customerId=globex&action=token.issue')).map((e) => e.user), ['admin']);
    assert.deepEqual(await list('&user=alice&outcome=success&action=customer.create').then((e) => e.length), 1);
    assert.deepEqual(await list('&user=nobody'), []);
  });

  it('filters by time, inclusive, in any ISO form', async () => {
    const hourOfAlice = await list('&from=2030-01-15T11:00:00Z&to=2030-01-15T11:59:59.999Z');
    assert.deepEqual(new Set(hourOfAlice.map((e) => e.timestamp.slice(0, 13))), new Set(['2030-01-15T11']));
    assert.equal(hourOfAlice.length, 3);
    // The same instant with an offset
    assert.deepEqual(await list('&from=2030-01-15T12:00:00%2B01:00&to=2030-01-15T11:59:59.999Z'), hourOfAlice);
    assert.ok((await list('&from=2030-01-15T12:00:00Z')).every((e) => e.timestamp >= '2030-01-15T12:00:00.000Z'));
    assert.equal((await hitch.admin.get('/v1/audit-log?from=yesterday')).status, 400);
  });

  it('pages newest first with limit and cursor', async () => {
    const all = await list();
    const seen: Entry[] = [];
    for (let cursor = ''; ; ) {
      const page = await hitch.admin.get(`/v1/audit-log?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.body.data);
      if (!page.body.nextCursor) break;
      cursor = page.body.nextCursor;
    }
    assert.deepEqual(seen, all);
    assert.deepEqual([...all].sort((a, b) => (a.id < b.id ? 1 : -1)), all);
  });

  it('chains every entry to the one before it', async () => {
    const oldestFirst = (await list()).reverse();
    assert.equal(oldestFirst[0].prevHash, '');
    for (let i = 1; i < oldestFirst.length; i++) assert.equal(oldestFirst[i].prevHash, oldestFirst[i - 1].hash);
  });

  it('is append-only: no route changes or deletes entries', async () => {
    const writers = routes.filter((route) => route.path.startsWith('/v1/audit-log') && route.method !== 'get');
    assert.deepEqual(writers, []);
    const before = await list();
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const path = method === 'POST' ? '/v1/audit-log' : `/v1/audit-log/${before[0].id}`;
      assert.equal((await hitch.admin.call(method, path, { body: {} })).status, 404);
    }
    assert.deepEqual((await list()).slice(-before.length), before);
  });
});
