import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { connectCustomer } from '../helpers/connect.ts';
import { request } from '../helpers/http.ts';
import { startTestHitch, type TestHitch } from '../helpers/startTestHitch.ts';
import { workflowModule, workflowsDir } from '../helpers/workflowsDir.ts';

const hexSecret = 'acme-hook-secret';
const standardSecret = `whsec_${randomBytes(24).toString('base64')}`;
const hex = (body: string, secret = hexSecret) => createHmac('sha256', Buffer.from(secret, 'utf8')).update(body).digest('hex');

const modules = {
  'on-contact.ts': workflowModule(`{
    id: 'on-contact', name: 'On contact', integration: 'acme-hooks', triggers: { events: ['contact.created'] },
    run: (ctx) => ({ received: ctx.input, event: ctx.event.id }),
  }`),
};

describe('POST /v1/hooks/:customerId/:integration', () => {
  let hitch: TestHitch;
  const post = (path: string, body: string, headers: Record<string, string>) =>
    request(hitch.url, 'POST', path, { rawBody: body, headers: { 'content-type': 'application/json', ...headers } });
  const webhookEvents = async () => (await hitch.admin.get('/v1/events?type=webhook&limit=200')).body.data;

  before(async () => {
    hitch = await startTestHitch({ env: { HITCH_WORKFLOWS_DIR: workflowsDir(modules) } });
    const integrations = {
      'acme-hooks': { webhook: { secret: hexSecret, scheme: 'hmac-sha256-hex' } },
      'custom-header': { webhook: { secret: hexSecret, scheme: 'hmac-sha256-hex', header: 'X-Acme-Signature' } },
      'standard-hooks': { webhook: { secret: standardSecret, scheme: 'standard-webhooks' } },
      'no-hooks': {},
    };
    for (const [key, extra] of Object.entries(integrations)) {
      const response = await hitch.admin.put(`/v1/integrations/${key}`, { name: key, authType: 'apiKey', enabled: true, ...extra });
      assert.equal(response.status, 201, response.text);
    }
    await connectCustomer(hitch, 'acme', 'acme-hooks', 'acme-key');
  });
  after(() => hitch.close());

  describe('hmac-sha256-hex', () => {
    it('stores a correctly signed webhook as an incoming event and starts subscribed workflows', async () => {
      const body = JSON.stringify({ type: 'contact.created', contact: { name: 'Ada' } });
      const response = await post('/v1/hooks/acme/acme-hooks', body, { 'x-hitch-signature': hex(body) });
      assert.equal(response.status, 202, response.text);
      const [event] = await webhookEvents();
      assert.equal(event.id, response.body.eventId);
      assert.deepEqual(
        { customerId: event.customerId, type: event.type, direction: event.direction, name: event.name, integration: event.integration },
        { customerId: 'acme', type: 'webhook', direction: 'incoming', name: 'contact.created', integration: 'acme-hooks' },
      );
      assert.deepEqual(event.payload, JSON.parse(body));

      const [execution] = (await hitch.admin.get('/v1/executions?customerId=acme&triggeredBy=webhook')).body.data;
      assert.equal(execution.eventId, event.id);
      await hitch.deps.activity.runs.idle();
      const done = (await hitch.admin.get(`/v1/executions/${execution.id}`)).body;
      assert.deepEqual(done.output, { received: JSON.parse(body), event: event.id });
    });

    it('refuses a missing or wrong signature (401) and stores nothing', async () => {
      const before = (await webhookEvents()).length;
      const body = JSON.stringify({ type: 'contact.created' });
      for (const headers of [{} as Record<string, string>, { 'x-hitch-signature': hex(body, 'wrong-secret') }, { 'x-hitch-signature': hex(`${body} `) }, { 'x-hitch-signature': 'zz' }]) {
        const response = await post('/v1/hooks/acme/acme-hooks', body, headers);
        assert.equal(response.status, 401);
        assert.equal(response.body.code, 'unauthorized');
      }
      assert.equal((await webhookEvents()).length, before);
    });

    it("reads the signature from the integration's header, and names events without a type webhook.received", async () => {
      const body = JSON.stringify({ hello: 'world' });
      assert.equal((await post('/v1/hooks/acme/custom-header', body, { 'x-hitch-signature': hex(body) })).status, 401);
      const response = await post('/v1/hooks/acme/custom-header', body, { 'x-acme-signature': `sha256=${hex(body)}` });
      assert.equal(response.status, 202);
      assert.equal((await webhookEvents())[0].name, 'webhook.received');
    });

    it('keeps a form body as an object', async () => {
      const body = 'event=invoice.paid&amount=12';
      const response = await post('/v1/hooks/acme/acme-hooks', body, { 'content-type': 'application/x-www-form-urlencoded', 'x-hitch-signature': hex(body) });
      assert.equal(response.status, 202);
      const [event] = await webhookEvents();
      assert.deepEqual([event.name, event.payload], ['invoice.paid', { event: 'invoice.paid', amount: '12' }]);
    });
  });

  describe('standard-webhooks', () => {
    const sign = (body: string, at: number, id = `msg_${randomBytes(6).toString('hex')}`) => ({
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at / 1000)),
      'webhook-signature': new Webhook(standardSecret).sign(id, new Date(at), body),
    });

    it('stores a webhook signed by the reference library', async () => {
      const body = JSON.stringify({ type: 'deal.won', data: { amount: 3 } });
      const response = await post('/v1/hooks/acme/standard-hooks', body, sign(body, hitch.clock.now()));
      assert.equal(response.status, 202, response.text);
      assert.equal((await webhookEvents())[0].name, 'deal.won');
    });

    it('refuses a stale or future timestamp, a tampered body and a wrong secret, storing nothing', async () => {
      const before = (await webhookEvents()).length;
      const body = JSON.stringify({ type: 'deal.won' });
      const now = hitch.clock.now();
      const wrongSecret = `whsec_${randomBytes(24).toString('base64')}`;
      const attempts = [
        sign(body, now - 6 * 60_000),
        sign(body, now + 6 * 60_000),
        { ...sign(body, now), 'webhook-signature': new Webhook(wrongSecret).sign('msg_1', new Date(now), body) },
      ];
      for (const headers of attempts) assert.equal((await post('/v1/hooks/acme/standard-hooks', body, headers)).status, 401);
      assert.equal((await post('/v1/hooks/acme/standard-hooks', `${body} `, sign(body, now))).status, 401);
      assert.equal((await webhookEvents()).length, before);
    });
  });

  describe('refusals', () => {
    it('answers 404 for an unknown customer or integration, or one without a webhook secret, storing nothing', async () => {
      const before = (await webhookEvents()).length;
      const body = JSON.stringify({ type: 'contact.created' });
      for (const path of ['/v1/hooks/nobody/acme-hooks', '/v1/hooks/acme/unknown', '/v1/hooks/acme/no-hooks', '/v1/hooks/acme/github']) {
        const response = await post(path, body, { 'x-hitch-signature': hex(body) });
        assert.equal(response.status, 404, path);
      }
      assert.equal((await webhookEvents()).length, before);
    });

    it('answers 413 over 1 MB, 400 for signed invalid JSON, 429 over eventsPerDay', async () => {
      const big = JSON.stringify({ type: 'big', data: 'x'.repeat(1024 * 1024) });
      assert.equal((await post('/v1/hooks/acme/acme-hooks', big, { 'x-hitch-signature': hex(big) })).status, 413);
      const nearlyBig = JSON.stringify({ type: 'big', data: 'x'.repeat(1000 * 1000) });
      assert.equal((await post('/v1/hooks/acme/acme-hooks', nearlyBig, { 'x-hitch-signature': hex(nearlyBig) })).status, 202);
      assert.equal((await post('/v1/hooks/acme/acme-hooks', '{nope', { 'x-hitch-signature': hex('{nope') })).body.code, 'invalid_json');

      await hitch.createCustomer('capped');
      assert.equal((await hitch.admin.put('/v1/customers/capped/limits', { eventsPerDay: 0 })).status, 200);
      const body = JSON.stringify({ type: 'contact.created' });
      const refused = await post('/v1/hooks/capped/acme-hooks', body, { 'x-hitch-signature': hex(body) });
      assert.equal(refused.status, 429);
      assert.ok(refused.headers.get('retry-after'));
    });

    it('counts only stored webhooks against eventsPerDay: a signed invalid body is refused without using the quota', async () => {
      await hitch.createCustomer('one-a-day');
      assert.equal((await hitch.admin.put('/v1/customers/one-a-day/limits', { eventsPerDay: 1 })).status, 200);
      for (let attempt = 0; attempt < 2; attempt++) {
        assert.equal((await post('/v1/hooks/one-a-day/acme-hooks', '{nope', { 'x-hitch-signature': hex('{nope') })).status, 400);
      }
      const exceeded = async () => (await hitch.admin.get('/v1/events?customerId=one-a-day&name=quota.exceeded')).body.data.length;
      assert.equal(await exceeded(), 0, 'no quota.exceeded for refused bodies');
      const body = JSON.stringify({ type: 'contact.created' });
      const stored = await post('/v1/hooks/one-a-day/acme-hooks', body, { 'x-hitch-signature': hex(body) });
      assert.equal(stored.status, 202, stored.text);
      assert.equal((await post('/v1/hooks/one-a-day/acme-hooks', body, { 'x-hitch-signature': hex(body) })).status, 429);
      assert.equal(await exceeded(), 1);
    });

    it('records every webhook in the audit log, accepted and refused', async () => {
      const accepted = await hitch.admin.get('/v1/audit-log?action=webhook.receive&outcome=success&limit=200');
      assert.ok(accepted.body.data.length > 0);
      assert.ok(accepted.body.data.every((entry: { user: string; resource: string }) => entry.user === 'anonymous' && entry.resource.startsWith('integration/')));
      const { body } = await hitch.admin.get('/v1/audit-log?action=webhook.receive&outcome=failure&limit=200');
      assert.ok(body.data.length > 0);
      const details = new Set(body.data.map((entry: { detail: string }) => entry.detail.split(':')[0]));
      assert.deepEqual([...details].sort(), ['invalid_json', 'not_found', 'payload_too_large', 'quota_exceeded', 'unauthorized']);
      assert.ok(body.data.some((entry: { customerId?: string }) => entry.customerId === 'capped'), 'the customer of a refused webhook');
    });
  });
});
