import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { startOutgoingWorld, type OutgoingWorld } from '../helpers/outgoing.ts';
import { startReceiver, type Receiver } from '../helpers/receiver.ts';

describe('outgoing webhooks', () => {
  let world: OutgoingWorld;
  const hitch = () => world.hitch;

  before(async () => {
    world = await startOutgoingWorld();
  });
  after(() => world.close());

  describe('POST /v1/webhook-endpoints', () => {
    it('rejects a missing credential', async () => {
      assert.equal((await hitch().admin.post('/v1/webhook-endpoints', { url: 'https://example.com' }, { token: '' })).status, 401);
    });

    it('shows the whsec_ secret once; lists never show it', async () => {
      const { endpoint } = await world.endpointFor(['listing.test']);
      assert.match(endpoint.secret, /^whsec_[A-Za-z0-9+/]{32}$/);
      const listed = await hitch().admin.get('/v1/webhook-endpoints');
      const found = listed.body.data.find((candidate: { id: string }) => candidate.id === endpoint.id);
      assert.deepEqual([found.status, found.events, found.secret], ['enabled', ['listing.test'], undefined]);
      assert.ok(!listed.text.includes(endpoint.secret));
    });

    it('refuses URLs that are not https: to a public address, storing nothing', async () => {
      const before = (await hitch().admin.get('/v1/webhook-endpoints?limit=200')).body.data.length;
      const refused = [
        'https://10.0.0.5/hook',
        'https://192.168.1.1/',
        'https://172.20.0.1/',
        'https://169.254.169.254/latest/meta-data',
        'https://100.64.0.1/',
        'https://[fd00::1]/',
        'https://[fe80::1]/',
        'https://[::ffff:10.0.0.1]/',
        'https://224.0.0.1/',
        'http://93.184.216.34/hook',
        'https://user:secret@127.0.0.1/hook',
        'ftp://127.0.0.1/',
      ];
      for (const url of refused) {
        const response = await hitch().admin.post('/v1/webhook-endpoints', { url });
        assert.equal(response.status, 400, url);
        assert.equal(response.body.errors[0].path, 'url', url);
      }
      assert.equal((await hitch().admin.get('/v1/webhook-endpoints?limit=200')).body.data.length, before);
    });
  });

  describe('DELETE /v1/webhook-endpoints/:endpointId', () => {
    it('deletes an endpoint; then 404', async () => {
      const { endpoint, receiver } = await world.endpointFor(['deleted.test']);
      assert.equal((await hitch().admin.delete(`/v1/webhook-endpoints/${endpoint.id}`)).status, 204);
      assert.equal((await hitch().admin.delete(`/v1/webhook-endpoints/${endpoint.id}`)).status, 404);
      await world.emit('deleted.test');
      await world.drain();
      assert.equal(receiver.received.length, 0);
    });
  });

  describe('delivery', () => {
    it('signs each delivery per Standard Webhooks (verified by the reference library)', async () => {
      const { receiver, endpoint } = await world.endpointFor(['order.shipped']);
      const event = await world.emit('order.shipped', { orderId: 7 });
      await world.drain();
      const [delivered] = await receiver.waitFor(1);
      const verified = new Webhook(endpoint.secret).verify(delivered.body, delivered.headers as Record<string, string>) as Record<string, any>;
      assert.deepEqual([verified.type, verified.data.id, verified.data.payload], ['order.shipped', event.id, { orderId: 7 }]);
      assert.match(String(delivered.headers['webhook-id']), /^msg_/);
      assert.equal(delivered.headers['content-type'], 'application/json');
      const [attempt] = await world.attempts(`eventId=${event.id}`);
      assert.deepEqual([attempt.status, attempt.attempt, attempt.responseStatus, attempt.endpointId], ['delivered', 1, 204, endpoint.id]);
    });

    it('sends only the events an endpoint asked for (names, prefix.*)', async () => {
      const exact = await world.endpointFor(['invoice.paid']);
      const prefix = await world.endpointFor(['invoice.*']);
      await world.emit('invoice.paid');
      await world.emit('invoice.voided');
      await world.emit('refund.created');
      await world.drain();
      const names = (receiver: Receiver) => receiver.received.map((webhook) => JSON.parse(webhook.body).type);
      assert.deepEqual(names(exact.receiver), ['invoice.paid']);
      assert.deepEqual(names(prefix.receiver).sort(), ['invoice.paid', 'invoice.voided']);
    });

    it('sends every outgoing event, and never an incoming one, to an endpoint without a filter', async () => {
      const receiver = await startReceiver();
      const created = await hitch().admin.post('/v1/webhook-endpoints', { url: receiver.url });
      try {
        assert.equal(created.body.events, null);
        await hitch().admin.post('/v1/customers/acme/events', { name: 'incoming.only' });
        await world.emit('everything.test');
        await world.drain();
        const names = receiver.received.map((webhook) => JSON.parse(webhook.body).type);
        assert.deepEqual(names.sort(), ['everything.test', 'execution.succeeded']);
      } finally {
        await hitch().admin.delete(`/v1/webhook-endpoints/${created.body.id}`);
        await receiver.close();
      }
    });

    it("delivers Hitch's own lifecycle events (connection.created)", async () => {
      const { receiver } = await world.endpointFor(['connection.*']);
      const widget = await hitch().widgetFor('acme');
      const created = await widget.post('/v1/widget/connections', { integration: 'crm', label: 'Second', credentials: { apiKey: 'lifecycle-canary-key' } });
      await world.drain();
      const [delivered] = await receiver.waitFor(1);
      const body = JSON.parse(delivered.body);
      assert.deepEqual([body.type, body.data.payload.connection.id], ['connection.created', created.body.id]);
      assert.ok(!delivered.body.includes('lifecycle-canary-key'), 'never a credential');
    });
  });

  describe('GET /v1/webhook-deliveries', () => {
    it('rejects a missing credential', async () => {
      assert.equal((await hitch().admin.get('/v1/webhook-deliveries', { token: '' })).status, 401);
    });

    it('lists attempts newest first, filtered by endpoint, status and event', async () => {
      const ok = await world.endpointFor(['listed.test']);
      const failing = await world.endpointFor(['listed.test'], () => ({ status: 500 }));
      const event = await world.emit('listed.test');
      await world.drain();
      const byEvent = await world.attempts(`eventId=${event.id}`);
      assert.equal(byEvent.length, 2);
      assert.ok(byEvent[0].id > byEvent[1].id, 'newest first');
      const delivered = await world.attempts(`eventId=${event.id}&status=delivered`);
      assert.deepEqual(delivered.map((attempt: { endpointId: string }) => attempt.endpointId), [ok.endpoint.id]);
      const failed = await world.attempts(`endpointId=${failing.endpoint.id}`);
      assert.deepEqual(failed.map((attempt: { status: string; responseStatus: number }) => [attempt.status, attempt.responseStatus]), [['failed', 500]]);
      assert.equal((await hitch().admin.get('/v1/webhook-deliveries?status=pending')).status, 400);
      await hitch().admin.delete(`/v1/webhook-endpoints/${failing.endpoint.id}`);
    });

    it('retention drops attempts made before the cutoff and keeps later ones', async () => {
      assert.ok((await world.attempts('limit=200')).length > 0);
      world.clock.advance(60_000);
      const { endpoint } = await world.endpointFor(['retention.kept']);
      const event = await world.emit('retention.kept');
      await world.drain();
      // Every earlier attempt is at least a minute older than the new one: the cutoff falls between
      await hitch().deps.store.prune({ activity: new Date(world.clock.now() - 30_000).toISOString(), audit: '1970-01-01T00:00:00.000Z' });
      const kept = await world.attempts('limit=200');
      assert.deepEqual(kept.map((attempt: { eventId: string; endpointId: string }) => [attempt.eventId, attempt.endpointId]), [[event.id, endpoint.id]]);
    });
  });
});
