import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { ManualClock } from '../../server/clock.ts';
import { startOutgoingWorld, type OutgoingWorld } from '../helpers/outgoing.ts';
import { inTurn, startReceiver } from '../helpers/receiver.ts';
import { tempDataDir } from '../helpers/testConfig.ts';

describe('outgoing webhook retries', () => {
  let world: OutgoingWorld;
  const admin = () => world.hitch.admin;

  before(async () => {
    world = await startOutgoingWorld({ activity: { deliveryTimeoutMs: 150 } });
  });
  after(() => world.close());

  it('retries a receiver failing twice on the schedule, with one webhook-id, until it succeeds', async () => {
    const { receiver, endpoint } = await world.endpointFor(['retry.test'], inTurn([500, 503]));
    const event = await world.emit('retry.test');
    await world.drain();
    world.clock.advance(999);
    await world.drain();
    assert.equal(receiver.received.length, 1, 'not before the first delay (1 s)');
    world.clock.advance(1);
    await world.drain();
    world.clock.advance(2_000);
    await world.drain();
    assert.equal(receiver.received.length, 3);
    assert.equal(new Set(receiver.received.map((webhook) => webhook.headers['webhook-id'])).size, 1);
    for (const webhook of receiver.received) new Webhook(endpoint.secret).verify(webhook.body, webhook.headers as Record<string, string>);
    const tried = await world.attempts(`eventId=${event.id}`);
    const summary = tried.map((attempt: { attempt: number; status: string; responseStatus: number }) => [attempt.attempt, attempt.status, attempt.responseStatus]);
    assert.deepEqual(summary, [[3, 'delivered', 204], [2, 'failed', 503], [1, 'failed', 500]]);
    assert.equal(tried[2].nextAttemptAt, new Date(Date.parse(tried[2].createdAt) + 1_000).toISOString());
    assert.equal(tried[0].nextAttemptAt, undefined);
  });

  it('waits at least as long as Retry-After says', async () => {
    const { receiver } = await world.endpointFor(['slow-down.test'], (_webhook, index) =>
      index === 0 ? { status: 429, headers: { 'retry-after': '30' } } : { status: 200 },
    );
    await world.emit('slow-down.test');
    await world.drain();
    world.clock.advance(3_000);
    await world.drain();
    assert.equal(receiver.received.length, 1, 'no retry before Retry-After');
    world.clock.advance(27_000);
    await world.drain();
    assert.equal(receiver.received.length, 2);
  });

  it('gives up when the schedule is spent', async () => {
    const { receiver, endpoint } = await world.endpointFor(['doomed.test'], () => ({ status: 500 }));
    const event = await world.emit('doomed.test');
    for (let i = 0; i < 6; i++) {
      await world.drain();
      world.clock.advance(10_000);
    }
    assert.equal(receiver.received.length, 4, 'the first attempt and three retries');
    assert.equal((await world.attempts(`eventId=${event.id}&status=failed`)).length, 4);
    await admin().delete(`/v1/webhook-endpoints/${endpoint.id}`);
  });

  it('counts redirects (not followed) and timeouts as failures', async () => {
    const elsewhere = await startReceiver();
    const redirecting = await world.endpointFor(['moved.test'], () => ({ status: 307, headers: { location: elsewhere.url } }));
    const silent = await world.endpointFor(['moved.test'], () => 'hang');
    try {
      const event = await world.emit('moved.test');
      await world.drain();
      const byEndpoint = async (id: string) => (await world.attempts(`eventId=${event.id}&endpointId=${id}`))[0];
      const redirected = await byEndpoint(redirecting.endpoint.id);
      assert.deepEqual([redirected.status, redirected.responseStatus, redirected.error], ['failed', 307, 'Redirects are not followed.']);
      assert.equal(elsewhere.received.length, 0);
      const timedOut = await byEndpoint(silent.endpoint.id);
      assert.deepEqual([timedOut.status, timedOut.responseStatus], ['failed', undefined]);
      assert.match(timedOut.error, /no answer within 0.15 s/);
    } finally {
      await elsewhere.close();
      for (const { endpoint } of [redirecting, silent]) await admin().delete(`/v1/webhook-endpoints/${endpoint.id}`);
    }
  });

  it('disables an endpoint that answers 410, and sends it nothing more', async () => {
    const { receiver, endpoint } = await world.endpointFor(['gone.test'], () => ({ status: 410 }));
    const first = await world.emit('gone.test');
    await world.drain();
    const listed = (await admin().get('/v1/webhook-endpoints')).body.data.find((candidate: { id: string }) => candidate.id === endpoint.id);
    assert.deepEqual([listed.status, listed.disabledReason], ['disabled', 'The endpoint answered 410 Gone.']);
    await world.emit('gone.test');
    world.clock.advance(60_000);
    await world.drain();
    assert.equal(receiver.received.length, 1);
    const [attempt] = await world.attempts(`eventId=${first.id}`);
    assert.equal((await admin().post(`/v1/webhook-deliveries/${attempt.id}/retry`)).status, 409);
  });

  describe('POST /v1/webhook-deliveries/:deliveryId/retry', () => {
    it('rejects a missing credential, and 404s an unknown attempt', async () => {
      assert.equal((await admin().post('/v1/webhook-deliveries/x/retry', undefined, { token: '' })).status, 401);
      assert.equal((await admin().post('/v1/webhook-deliveries/whd_unknown/retry')).status, 404);
    });

    it('delivers the same message again now, as the next attempt', async () => {
      const { receiver } = await world.endpointFor(['again.test']);
      const event = await world.emit('again.test');
      await world.drain();
      const [first] = await world.attempts(`eventId=${event.id}`);
      assert.equal((await admin().post(`/v1/webhook-deliveries/${first.id}/retry`)).status, 202);
      await world.drain();
      const tried = await world.attempts(`eventId=${event.id}`);
      assert.deepEqual(tried.map((attempt: { attempt: number; webhookId: string }) => [attempt.attempt, attempt.webhookId]), [
        [2, first.webhookId],
        [1, first.webhookId],
      ]);
      assert.deepEqual(receiver.received.map((webhook) => webhook.headers['webhook-id']), [first.webhookId, first.webhookId]);
    });
  });
});

describe('outgoing webhooks across a restart', () => {
  it('delivers a retry that was pending when the server stopped, with the same webhook-id', async () => {
    const clock = new ManualClock();
    const env = { HITCH_DATA_DIR: tempDataDir(), HITCH_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
    const receiver = await startReceiver(inTurn([503]));
    try {
      const first = await startOutgoingWorld({ storage: 'files', clock, env });
      const { endpoint, event } = await (async () => {
        try {
          const created = await first.hitch.admin.post('/v1/webhook-endpoints', { url: receiver.url, events: ['restart.test'] });
          const emitted = await first.emit('restart.test');
          await first.drain();
          return { endpoint: created.body, event: emitted };
        } finally {
          await first.close();
        }
      })();
      assert.equal(receiver.received.length, 1);

      const second = await startOutgoingWorld({ storage: 'files', clock, env });
      try {
        clock.advance(1_000);
        await second.drain();
        await receiver.waitFor(2);
        assert.equal(receiver.received[1].headers['webhook-id'], receiver.received[0].headers['webhook-id']);
        new Webhook(endpoint.secret).verify(receiver.received[1].body, receiver.received[1].headers as Record<string, string>);
        const tried = await second.attempts(`eventId=${event.id}`);
        assert.deepEqual(tried.map((attempt: { attempt: number; status: string }) => [attempt.attempt, attempt.status]), [[2, 'delivered'], [1, 'failed']]);
      } finally {
        await second.close();
      }
    } finally {
      await receiver.close();
    }
  });
});
