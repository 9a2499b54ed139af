import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../../server/clock.ts';
import type { Client } from '../helpers/http.ts';
import { startTestHitch, type TestHitch } from '../helpers/startTestHitch.ts';
import { startUpstream, type Upstream } from '../helpers/upstream.ts';

describe('requestsPerMinute: widget and proxy calls', () => {
  let hitch: TestHitch;
  let upstream: Upstream;
  let widget: Client;
  const clock = new ManualClock('2030-01-15T10:00:30.000Z');

  before(async () => {
    upstream = await startUpstream();
    hitch = await startTestHitch({ clock });
    for (const id of ['acme', 'globex']) await hitch.createCustomer(id);
    await hitch.admin.put('/v1/integrations/crm', { name: 'CRM', authType: 'apiKey', apiBaseUrl: upstream.url });
    await hitch.admin.put('/v1/customers/acme/limits', { requestsPerMinute: 3 });
    widget = await hitch.widgetFor('acme', { userId: 'ana' });
  });
  after(async () => {
    await hitch.close();
    await upstream.close();
  });

  const lastAudit = async (query: string) => (await hitch.admin.get(`/v1/audit-log?${query}&limit=1`)).body.data[0];

  it('sends the IETF RateLimit fields on every widget answer', async () => {
    const response = await widget.get('/v1/widget/session');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('ratelimit-policy'), '"default";q=3;w=60');
    assert.equal(response.headers.get('ratelimit'), '"default";r=2;t=30');
    assert.equal((await widget.get('/v1/widget/events')).headers.get('ratelimit'), '"default";r=1;t=30');
  });

  it('refuses past the limit with 429 rate_limited, Retry-After and r=0', async () => {
    assert.equal((await widget.get('/v1/widget/session')).headers.get('ratelimit'), '"default";r=0;t=30');
    clock.advance(12_000);
    const refused = await widget.get('/v1/widget/session');
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    assert.equal(refused.headers.get('retry-after'), '18');
    assert.equal(refused.headers.get('ratelimit-policy'), '"default";q=3;w=60');
    assert.equal(refused.headers.get('ratelimit'), '"default";r=0;t=18');
    assert.deepEqual(refused.body, {
      type: 'https://hitch.dev/problems/rate-limited',
      title: 'Rate limited',
      status: 429,
      detail: 'Too many requests: this account is limited to 3 requests per minute. Try again in 18 seconds.',
      code: 'rate_limited',
    });
  });

  it('audits a refused read, and sends quota.exceeded once that day', async () => {
    const entry = await lastAudit('action=limit.exceed');
    assert.deepEqual(
      { user: entry.user, resource: entry.resource, outcome: entry.outcome, customerId: entry.customerId, detail: entry.detail },
      {
        user: 'customer:acme/user:ana',
        resource: 'customer/acme',
        outcome: 'failure',
        customerId: 'acme',
        detail: 'rate_limited: requestsPerMinute (GET /v1/widget/session)',
      },
    );
    assert.equal((await widget.get('/v1/widget/events')).status, 429);
    const sent = (await hitch.admin.get('/v1/events?customerId=acme&name=quota.exceeded')).body.data;
    assert.deepEqual(sent.map((e: { payload: unknown }) => e.payload), [{ limit: 'requestsPerMinute', value: 3, resetsAt: '2030-01-15T10:01:00.000Z' }]);
  });

  it('refuses a mutating call without running it, audited under its own action', async () => {
    const refused = await widget.post('/v1/widget/connections', { integration: 'crm', credentials: { apiKey: 'k' } });
    assert.equal(refused.status, 429);
    assert.equal((await hitch.admin.get('/v1/customers/acme/connections')).body.data.length, 0);
    const entry = await lastAudit('action=connection.create');
    assert.deepEqual([entry.outcome, entry.detail], ['failure', 'rate_limited: requestsPerMinute']);
  });

  it('counts per customer: another customer is not slowed down', async () => {
    const other = await hitch.widgetFor('globex');
    const response = await other.get('/v1/widget/session');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('ratelimit'), '"default";r=599;t=18');
  });

  it("shows the minute's usage, and starts again in the next minute", async () => {
    const { usage } = (await hitch.admin.get('/v1/customers/acme/limits')).body;
    assert.deepEqual(usage.requestsPerMinute, { used: 3, remaining: 0, resetsAt: '2030-01-15T10:01:00.000Z' });
    clock.advance(18_000);
    const response = await widget.get('/v1/widget/session');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('ratelimit'), '"default";r=2;t=60');
  });

  it('applies a raised override at once', async () => {
    await hitch.admin.put('/v1/customers/acme/limits', { requestsPerMinute: 10 });
    const response = await widget.get('/v1/widget/session');
    assert.equal(response.headers.get('ratelimit-policy'), '"default";q=10;w=60');
    assert.equal(response.headers.get('ratelimit'), '"default";r=8;t=60');
  });

  it("counts proxy calls against the customer in the path, refusing before the provider is called", async () => {
    await hitch.admin.put('/v1/customers/globex/limits', { requestsPerMinute: 0 });
    const seen = upstream.seen.length;
    const refused = await hitch.admin.get('/v1/customers/globex/connections/conn_any/proxy/v1/contacts');
    assert.equal(refused.status, 429);
    assert.equal(refused.body.code, 'rate_limited');
    assert.equal(refused.headers.get('ratelimit'), '"default";r=0;t=60');
    assert.equal(upstream.seen.length, seen);
    const entry = await lastAudit('action=limit.exceed&customerId=globex');
    assert.equal(entry.user, 'admin');
    assert.equal(entry.detail, 'rate_limited: requestsPerMinute (GET /v1/customers/:id/connections/:connectionId/proxy/*path)');
  });

  it('leaves the rest of the admin API alone', async () => {
    const response = await hitch.admin.get('/v1/customers/globex/connections');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('ratelimit'), null);
  });
});
