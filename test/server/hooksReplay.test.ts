import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { ManualClock } from '../../server/clock.ts';
import { connectCustomer } from '../helpers/connect.ts';
import { request } from '../helpers/http.ts';
import { startTestHitch, type TestHitch } from '../helpers/startTestHitch.ts';
import { testEnv } from '../helpers/testConfig.ts';
import { workflowModule, workflowsDir } from '../helpers/workflowsDir.ts';

const standardSecret = `whsec_${randomBytes(24).toString('base64')}`;
const hmacSecret = 'replay-hook-secret';
const minute = 60_000;

const modules = {
  'on-deal.ts': workflowModule(`{
    id: 'on-deal', name: 'On deal', integration: 'std-hooks', triggers: { events: ['deal.won'] },
    run: (ctx) => ({ event: ctx.event.id }),
  }`),
};

const integrations = {
  'std-hooks': { webhook: { secret: standardSecret, scheme: 'standard-webhooks' } },
  'hmac-ids': { webhook: { secret: hmacSecret, scheme: 'hmac-sha256-hex', idHeader: 'X-Delivery' } },
  'hmac-timed': {
    webhook: { secret: hmacSecret, scheme: 'hmac-sha256-hex', header: 'X-Signature', timestampHeader: 'X-Request-Timestamp', idHeader: 'X-Delivery' },
  },
};

async function configure(hitch: TestHitch) {
  for (const [key, extra] of Object.entries(integrations)) {
    const response = await hitch.admin.put(`/v1/integrations/${key}`, { name: key, authType: 'apiKey', enabled: true, ...extra });
    assert.equal(response.status, 201, response.text);
  }
  await connectCustomer(hitch, 'acme', 'std-hooks', 'acme-key');
}

/** Standard Webhooks headers made by the reference library. */
const standardHeaders = (body: string, atMs: number, id = `msg_${randomBytes(6).toString('hex')}`) => ({
  'webhook-id': id,
  'webhook-timestamp': String(Math.floor(atMs / 1000)),
  'webhook-signature': new Webhook(standardSecret).sign(id, new Date(atMs), body),
});

const hexHmac = (content: string) => createHmac('sha256', Buffer.from(hmacSecret, 'utf8')).update(content).digest('hex');
/** Slack's way: `v0=` + hex HMAC of `v0:{timestamp}:{body}`. */
const timedHeaders = (body: string, atMs: number, delivery = randomBytes(6).toString('hex')) => {
  const timestamp = String(Math.floor(atMs / 1000));
  return { 'x-request-timestamp': timestamp, 'x-signature': `v0=${hexHmac(`v0:${timestamp}:${body}`)}`, 'x-delivery': delivery };
};

const post = (hitch: TestHitch, path: string, body: string, headers: Record<string, string>) =>
  request(hitch.url, 'POST', path, { rawBody: body, headers: { 'content-type': 'application/json', ...headers } });
const eventsNamed = async (hitch: TestHitch, name: string) => (await hitch.admin.get(`/v1/events?customerId=acme&name=${name}&limit=200`)).body.data;
const runsOf = async (hitch: TestHitch, eventId: string) => {
  await hitch.deps.activity.runs.idle();
  const { data } = (await hitch.admin.get('/v1/executions?customerId=acme&workflowId=on-deal&limit=200')).body;
  return data.filter((execution: { eventId?: string }) => execution.eventId === eventId);
};

describe('POST /v1/hooks/:customerId/:integration (replays)', () => {
  let hitch: TestHitch;
  const clock = new ManualClock();
  before(async () => {
    hitch = await startTestHitch({ clock, env: { HITCH_WORKFLOWS_DIR: workflowsDir(modules) } });
    await configure(hitch);
  });
  after(() => hitch.close());

  it('rejects a missing/wrong credential', async () => {
    const body = JSON.stringify({ type: 'deal.won', marker: 'wrong-credential' });
    const wrong = { ...standardHeaders(body, hitch.clock.now()), 'webhook-signature': 'v1,AAAA' };
    assert.equal((await post(hitch, '/v1/hooks/acme/std-hooks', body, wrong)).status, 401);
    assert.equal((await post(hitch, '/v1/hooks/acme/std-hooks', body, {})).status, 401);
  });

  it('stores a Standard Webhooks request posted twice once, answers both 202 with its id, and runs subscribed workflows once', async () => {
    const body = JSON.stringify({ type: 'deal.won', deal: 'twice' });
    const headers = standardHeaders(body, hitch.clock.now());
    const first = await post(hitch, '/v1/hooks/acme/std-hooks', body, headers);
    assert.equal(first.status, 202, first.text);
    assert.equal(first.body.duplicate, undefined);
    const second = await post(hitch, '/v1/hooks/acme/std-hooks', body, headers);
    assert.equal(second.status, 202, second.text);
    assert.deepEqual(second.body, { eventId: first.body.eventId, duplicate: true });

    const stored = (await eventsNamed(hitch, 'deal.won')).filter((event: { payload: { deal?: string } }) => event.payload.deal === 'twice');
    assert.equal(stored.length, 1);
    assert.equal((await runsOf(hitch, first.body.eventId)).length, 1);
    const audit = await hitch.admin.get('/v1/audit-log?action=webhook.receive&outcome=success&limit=5');
    assert.equal(audit.body.data[0].detail, `duplicate of ${first.body.eventId}`);
  });

  it('answers a retry under the same webhook-id as a duplicate; ten minutes on, the old request is refused by its timestamp and the id is forgotten', async () => {
    const body = JSON.stringify({ type: 'deal.won', deal: 'retried' });
    const id = `msg_${randomBytes(6).toString('hex')}`;
    const original = standardHeaders(body, hitch.clock.now(), id);
    const first = await post(hitch, '/v1/hooks/acme/std-hooks', body, original);
    assert.equal(first.status, 202);
    clock.advance(2 * minute);
    const retry = await post(hitch, '/v1/hooks/acme/std-hooks', body, standardHeaders(body, hitch.clock.now(), id));
    assert.deepEqual(retry.body, { eventId: first.body.eventId, duplicate: true });

    clock.advance(9 * minute);
    assert.equal((await post(hitch, '/v1/hooks/acme/std-hooks', body, original)).status, 401);
    const resent = await post(hitch, '/v1/hooks/acme/std-hooks', body, standardHeaders(body, hitch.clock.now(), id));
    assert.equal(resent.status, 202);
    assert.notEqual(resent.body.eventId, first.body.eventId);
  });

  it('refuses a timestamp more than 5 minutes old or ahead (401), storing nothing', async () => {
    const body = JSON.stringify({ type: 'deal.won', deal: 'stale' });
    const now = hitch.clock.now();
    for (const at of [now - 5 * minute - 2000, now + 5 * minute + 2000]) {
      const response = await post(hitch, '/v1/hooks/acme/std-hooks', body, standardHeaders(body, at));
      assert.equal(response.status, 401);
      assert.equal(response.body.code, 'unauthorized');
    }
    assert.equal((await post(hitch, '/v1/hooks/acme/std-hooks', body, standardHeaders(body, now - 4 * minute))).status, 202);
    assert.equal((await eventsNamed(hitch, 'deal.won')).filter((event: { payload: { deal?: string } }) => event.payload.deal === 'stale').length, 1);
  });

  it('does not count a duplicate against eventsPerDay', async () => {
    await connectCustomer(hitch, 'one-a-day', 'std-hooks', 'key');
    assert.equal((await hitch.admin.put('/v1/customers/one-a-day/limits', { eventsPerDay: 1 })).status, 200);
    const body = JSON.stringify({ type: 'deal.won' });
    const headers = standardHeaders(body, hitch.clock.now());
    const first = await post(hitch, '/v1/hooks/one-a-day/std-hooks', body, headers);
    assert.equal(first.status, 202);
    const again = await post(hitch, '/v1/hooks/one-a-day/std-hooks', body, headers);
    assert.deepEqual([again.status, again.body.eventId], [202, first.body.eventId]);
  });

  it('keeps webhook ids apart per customer: the same id for another customer is a new event', async () => {
    await hitch.createCustomer('globex');
    const id = `msg_${randomBytes(6).toString('hex')}`;
    const body = JSON.stringify({ type: 'deal.won' });
    const acme = await post(hitch, '/v1/hooks/acme/std-hooks', body, standardHeaders(body, hitch.clock.now(), id));
    const globex = await post(hitch, '/v1/hooks/globex/std-hooks', body, standardHeaders(body, hitch.clock.now(), id));
    assert.deepEqual([acme.status, globex.status, globex.body.duplicate], [202, 202, undefined]);
  });

  describe('hmac-sha256-hex with an id header', () => {
    it('answers a repeated delivery id with the first event, stores another id, and refuses a request without the id (401)', async () => {
      const body = JSON.stringify({ type: 'issue.opened', issue: 7 });
      const headers = { 'x-hitch-signature': `sha256=${hexHmac(body)}`, 'x-delivery': 'delivery-1' };
      const first = await post(hitch, '/v1/hooks/acme/hmac-ids', body, headers);
      assert.equal(first.status, 202, first.text);
      const second = await post(hitch, '/v1/hooks/acme/hmac-ids', body, headers);
      assert.deepEqual(second.body, { eventId: first.body.eventId, duplicate: true });
      const other = await post(hitch, '/v1/hooks/acme/hmac-ids', body, { ...headers, 'x-delivery': 'delivery-2' });
      assert.equal(other.status, 202);
      assert.notEqual(other.body.eventId, first.body.eventId);
      const missing = await post(hitch, '/v1/hooks/acme/hmac-ids', body, { 'x-hitch-signature': hexHmac(body) });
      assert.deepEqual([missing.status, missing.body.code], [401, 'unauthorized']);
      assert.equal((await eventsNamed(hitch, 'issue.opened')).length, 2);
    });
  });

  describe('hmac-sha256-hex with a timestamp header', () => {
    it('verifies v0:{timestamp}:{body}, refuses a timestamp 6 minutes off, and stores a replay once even under a new delivery id', async () => {
      const body = JSON.stringify({ type: 'message.posted', text: 'hi' });
      const now = hitch.clock.now();
      const fresh = timedHeaders(body, now);
      const first = await post(hitch, '/v1/hooks/acme/hmac-timed', body, fresh);
      assert.equal(first.status, 202, first.text);
      const replayed = await post(hitch, '/v1/hooks/acme/hmac-timed', body, { ...fresh, 'x-delivery': 'a-new-id' });
      assert.deepEqual(replayed.body, { eventId: first.body.eventId, duplicate: true });

      const refusals = [
        timedHeaders(body, now - 6 * minute),
        timedHeaders(body, now + 6 * minute),
        { ...fresh, 'x-signature': `v0=${hexHmac(body)}` },
        { ...fresh, 'x-request-timestamp': String(Number(fresh['x-request-timestamp']) + 1) },
        { 'x-signature': fresh['x-signature'], 'x-delivery': 'no-timestamp' },
      ];
      for (const headers of refusals) assert.equal((await post(hitch, '/v1/hooks/acme/hmac-timed', body, headers)).status, 401);
      assert.equal((await eventsNamed(hitch, 'message.posted')).length, 1);
    });

    it('is configured for the hmac scheme only', async () => {
      const response = await hitch.admin.put('/v1/integrations/std-timed', {
        name: 'std-timed',
        authType: 'apiKey',
        webhook: { secret: standardSecret, scheme: 'standard-webhooks', timestampHeader: 'X-Timestamp' },
      });
      assert.equal(response.status, 400);
      assert.deepEqual(response.body.errors.map((error: { path: string }) => error.path), ['webhook.timestampHeader']);
    });
  });
});

describe('POST /v1/hooks/:customerId/:integration (replays, file store)', () => {
  it('stores one event for identical requests sent at once', async () => {
    const hitch = await startTestHitch({ storage: 'files', env: { HITCH_WORKFLOWS_DIR: workflowsDir(modules) } });
    after(() => hitch.close());
    await configure(hitch);
    const body = JSON.stringify({ type: 'deal.won', deal: 'racing' });
    const headers = standardHeaders(body, hitch.clock.now());
    const answers = await Promise.all(Array.from({ length: 5 }, () => post(hitch, '/v1/hooks/acme/std-hooks', body, headers)));
    assert.deepEqual(answers.map((answer) => answer.status), [202, 202, 202, 202, 202]);
    assert.equal(new Set(answers.map((answer) => answer.body.eventId)).size, 1);
    assert.equal(answers.filter((answer) => answer.body.duplicate).length, 4);
    const stored = (await eventsNamed(hitch, 'deal.won')).filter((event: { payload: { deal?: string } }) => event.payload.deal === 'racing');
    assert.equal(stored.length, 1);
    assert.equal((await runsOf(hitch, answers[0].body.eventId)).length, 1);
  });

  it('answers the same request after a restart with the first event, storing and running nothing more; expired receipts leave the disk', async () => {
    const env = testEnv({ HITCH_WORKFLOWS_DIR: workflowsDir(modules) });
    const body = JSON.stringify({ type: 'deal.won', deal: 'restart' });
    const first = await startTestHitch({ storage: 'files', env });
    let headers: Record<string, string>;
    let eventId: string;
    try {
      await configure(first);
      headers = standardHeaders(body, first.clock.now());
      const accepted = await post(first, '/v1/hooks/acme/std-hooks', body, headers);
      assert.equal(accepted.status, 202, accepted.text);
      eventId = accepted.body.eventId;
      await first.deps.activity.runs.idle();
    } finally {
      await first.close();
    }

    const clock = new ManualClock();
    const second = await startTestHitch({ storage: 'files', env, clock });
    try {
      const replayed = await post(second, '/v1/hooks/acme/std-hooks', body, headers);
      assert.deepEqual([replayed.status, replayed.body], [202, { eventId, duplicate: true }]);
      assert.equal((await eventsNamed(second, 'deal.won')).length, 1);
      assert.equal((await runsOf(second, eventId)).length, 1);

      const receiptsOnDisk = () =>
        readdirSync(join(env.HITCH_DATA_DIR, 'hook-receipts'))
          .map((file) => readFileSync(join(env.HITCH_DATA_DIR, 'hook-receipts', file), 'utf8'))
          .join('');
      assert.equal(receiptsOnDisk().split('\n').filter(Boolean).length, 1);
      assert.ok(!receiptsOnDisk().includes(headers['webhook-id']), 'receipts keep hashes, not provider ids');
      clock.advance(11 * minute);
      const later = JSON.stringify({ type: 'deal.won', deal: 'later' });
      assert.equal((await post(second, '/v1/hooks/acme/std-hooks', later, standardHeaders(later, second.clock.now()))).status, 202);
      assert.ok(!receiptsOnDisk().includes(eventId), 'the expired receipt was pruned');
      assert.equal(receiptsOnDisk().split('\n').filter(Boolean).length, 1);
    } finally {
      await second.close();
    }
  });
});
