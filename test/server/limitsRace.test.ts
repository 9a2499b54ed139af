import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../../server/clock.ts';
import { startTestHitch, type TestHitch } from '../helpers/startTestHitch.ts';
import { tempDataDir } from '../helpers/testConfig.ts';

const racers = 50;

/** Fires `racers` calls at once; returns how many got each status. */
async function race(call: (n: number) => Promise<{ status: number }>): Promise<Record<number, number>> {
  const statuses = await Promise.all(Array.from({ length: racers }, (_, n) => call(n).then((response) => response.status)));
  const counts: Record<number, number> = {};
  for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

/**
 * A provider whose credentials test can be held: once `holdNext(n)` is called, answers wait until
 * n calls have arrived, so n racers are all past the early limit check before any is stored.
 */
async function startHoldingUpstream() {
  let held: ServerResponse[] = [];
  let holdFor = 0;
  const answer = (res: ServerResponse) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  const server = createServer((_req, res) => {
    if (!holdFor) return answer(res);
    held.push(res);
    if (held.length < holdFor) return;
    holdFor = 0;
    for (const waiting of held) answer(waiting);
    held = [];
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    holdNext: (calls: number) => void (holdFor = calls),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('limits under concurrent requests: 50 racing for the last slot admit exactly one', () => {
  let hitch: TestHitch;
  let upstream: Awaited<ReturnType<typeof startHoldingUpstream>>;

  before(async () => {
    upstream = await startHoldingUpstream();
    hitch = await startTestHitch({ clock: new ManualClock('2030-01-15T10:00:30.000Z') });
    for (const id of ['acme', 'globex', 'initech']) await hitch.createCustomer(id);
    const integration = { name: 'CRM', authType: 'apiKey', apiBaseUrl: upstream.url, test: { method: 'GET', path: '/me' } };
    await hitch.admin.put('/v1/integrations/crm', integration);
  });
  after(async () => {
    await hitch.close();
    await upstream.close();
  });

  const quotaEvents = async (customerId: string) =>
    (await hitch.admin.get(`/v1/events?customerId=${customerId}&name=quota.exceeded`)).body.data.length;

  // Times out, rather than passing, if fewer than all racers get past the early check
  it('connections', { timeout: 15_000 }, async () => {
    await hitch.admin.put('/v1/customers/acme/limits', { connections: 5 });
    const widget = await hitch.widgetFor('acme');
    const connect = (label: string) => widget.post('/v1/widget/connections', { integration: 'crm', label, credentials: { apiKey: label } });
    for (let i = 0; i < 4; i++) assert.equal((await connect(`first-${i}`)).status, 201);

    upstream.holdNext(racers);
    assert.deepEqual(await race((n) => connect(`racer-${n}`)), { 201: 1, 429: racers - 1 });
    assert.equal((await hitch.admin.get('/v1/customers/acme/connections')).body.data.length, 5);
    assert.equal(await quotaEvents('acme'), 1);
  });

  it('eventsPerDay', async () => {
    await hitch.admin.put('/v1/customers/globex/limits', { eventsPerDay: 10 });
    const post = () => hitch.admin.post('/v1/customers/globex/events', { name: 'tick' });
    for (let i = 0; i < 9; i++) assert.equal((await post()).status, 201);

    assert.deepEqual(await race(post), { 201: 1, 429: racers - 1 });
    const stored = (await hitch.admin.get('/v1/events?customerId=globex&name=tick&limit=200')).body.data.length;
    assert.equal(stored, 10);
    assert.equal((await hitch.admin.get('/v1/customers/globex/limits')).body.usage.eventsPerDay.used, 10);
    assert.equal(await quotaEvents('globex'), 1);
  });

  it('requestsPerMinute', async () => {
    await hitch.admin.put('/v1/customers/initech/limits', { requestsPerMinute: 5 });
    const widget = await hitch.widgetFor('initech');
    for (let i = 0; i < 4; i++) assert.equal((await widget.get('/v1/widget/session')).status, 200);

    assert.deepEqual(await race(() => widget.get('/v1/widget/session')), { 200: 1, 429: racers - 1 });
    assert.equal(await quotaEvents('initech'), 1);
  });
});

describe('daily counts across a restart', () => {
  it('keeps the day’s usage and the quota.exceeded mark when the server restarts', async () => {
    const env = { HITCH_DATA_DIR: tempDataDir(), HITCH_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
    const clock = new ManualClock('2030-01-15T10:00:00.000Z');
    const first = await startTestHitch({ env, clock, storage: 'files' });
    await first.createCustomer('acme');
    await first.admin.put('/v1/customers/acme/limits', { eventsPerDay: 2 });
    for (let i = 0; i < 3; i++) await first.admin.post('/v1/customers/acme/events', { name: 'tick' });
    await first.close();

    const second = await startTestHitch({ env, clock, storage: 'files' });
    try {
      assert.equal((await second.admin.post('/v1/customers/acme/events', { name: 'tick' })).status, 429);
      assert.deepEqual((await second.admin.get('/v1/customers/acme/limits')).body.usage.eventsPerDay.used, 2);
      const sent = (await second.admin.get('/v1/events?customerId=acme&name=quota.exceeded')).body.data;
      assert.equal(sent.length, 1, 'quota.exceeded is not sent again after a restart');
    } finally {
      await second.close();
    }
  });
});
