import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { apiKeyIntegration, connectCustomer } from '../helpers/connect.ts';
import { request } from '../helpers/http.ts';
import { configureOAuthIntegration, connectOAuth, startMockProvider, testOrigin, type MockProvider } from '../helpers/oauthMock.ts';
import { startTestHitch, type TestHitch } from '../helpers/startTestHitch.ts';
import { startUpstream, type Upstream } from '../helpers/upstream.ts';

const hmacSecret = 'team-hook-secret';
const standardSecret = `whsec_${randomBytes(24).toString('base64')}`;
/** The provider's accounts, by API key. */
const accounts: Record<string, unknown> = { 'key-a': { account: { id: 'T-A' } }, 'key-b': { account: { id: 'T-B' } }, 'key-nameless': { account: {} } };

const hexHmac = (body: string) => createHmac('sha256', Buffer.from(hmacSecret, 'utf8')).update(body).digest('hex');
const standardHeaders = (body: string, atMs: number) => {
  const id = `msg_${randomBytes(6).toString('hex')}`;
  return { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(atMs / 1000)), 'webhook-signature': new Webhook(standardSecret).sign(id, new Date(atMs), body) };
};

describe('POST /v1/hooks/:customerId/:integration (accounts)', () => {
  let hitch: TestHitch;
  let upstream: Upstream;
  let provider: MockProvider;
  const post = (path: string, body: string, headers: Record<string, string>) =>
    request(hitch.url, 'POST', path, { rawBody: body, headers: { 'content-type': 'application/json', ...headers } });
  const eventsOf = async (customerId: string) => (await hitch.admin.get(`/v1/events?customerId=${customerId}&type=webhook&limit=200`)).body.data;
  const connectionsOf = async (customerId: string, integration: string) =>
    (await hitch.admin.get(`/v1/customers/${customerId}/connections?integration=${integration}`)).body.data;

  before(async () => {
    upstream = await startUpstream(({ url, headers }) => {
      if (url === '/oauth-me' && headers.authorization?.startsWith('Bearer ')) return { body: { data: { workspace: 4711 } } };
      const answer = url === '/me' ? accounts[headers['x-api-key'] as string] : undefined;
      return answer ? { body: answer } : { status: 401, body: { error: 'unknown key' } };
    });
    provider = await startMockProvider();
    hitch = await startTestHitch();
    await apiKeyIntegration(hitch, 'team-hooks', upstream.url, {
      apiKey: { in: 'header', name: 'x-api-key' },
      accountRequest: { method: 'GET', path: '/me', field: '/account/id' },
      webhook: { secret: hmacSecret, scheme: 'hmac-sha256-hex', accountField: '/team_id' },
    });
    await configureOAuthIntegration(hitch, 'oauth-team', provider, {
      oauth2: { accountField: '/team/id' },
      webhook: { secret: standardSecret, scheme: 'standard-webhooks', accountField: '/team_id' },
    });
    await configureOAuthIntegration(hitch, 'oauth-me', provider, { apiBaseUrl: upstream.url, accountRequest: { method: 'GET', path: '/oauth-me', field: '/data/workspace' } });
    await connectCustomer(hitch, 'customer-a', 'team-hooks', 'key-a');
    await connectCustomer(hitch, 'customer-b', 'team-hooks', 'key-b');
  });
  after(async () => {
    await hitch.close();
    await provider.close();
    await upstream.close();
  });

  it('rejects a missing/wrong credential', async () => {
    const body = JSON.stringify({ type: 'message.posted', team_id: 'T-A' });
    assert.equal((await post('/v1/hooks/customer-a/team-hooks', body, { 'x-hitch-signature': hexHmac(`${body} `) })).status, 401);
  });

  it("records an API-key connection's account id from the account request, and shows it in the connection", async () => {
    const [connection] = await connectionsOf('customer-a', 'team-hooks');
    assert.equal(connection.accountId, 'T-A');
    const widget = await hitch.widgetFor('customer-a');
    const session = await widget.get('/v1/widget/session');
    assert.equal(session.body.connections.find((c: { integration: string }) => c.integration === 'team-hooks').accountId, 'T-A');
    const [seen] = upstream.seen.filter((request) => request.url === '/me');
    assert.equal(seen.headers['x-api-key'], 'key-a');
  });

  it('refuses credentials whose account the account request does not name (400), storing no connection', async () => {
    await hitch.createCustomer('customer-c');
    const widget = await hitch.widgetFor('customer-c');
    for (const apiKey of ['key-nameless', 'key-unknown']) {
      const response = await widget.post('/v1/widget/connections', { integration: 'team-hooks', credentials: { apiKey } });
      assert.equal(response.status, 400, response.text);
      assert.equal(response.body.code, 'validation_failed');
    }
    assert.deepEqual(await connectionsOf('customer-c', 'team-hooks'), []);
  });

  it("refuses a body for customer A posted to customer B's URL (404, nothing stored, the body not logged) and accepts it at A's", async () => {
    const body = JSON.stringify({ type: 'message.posted', team_id: 'T-A', text: 'secret-marker-7f3a' });
    const headers = { 'x-hitch-signature': hexHmac(body) };
    const refused = await post('/v1/hooks/customer-b/team-hooks', body, headers);
    assert.deepEqual([refused.status, refused.body.code], [404, 'not_found']);
    assert.deepEqual(await eventsOf('customer-b'), []);
    const logLine = hitch.logs.find((line) => line.includes('its account is not connected'));
    assert.ok(logLine, 'the refusal is logged');
    assert.match(logLine, /"customerId":"customer-b"/);
    assert.ok(!hitch.logs.some((line) => line.includes('secret-marker-7f3a')), 'no log line holds the body');

    const accepted = await post('/v1/hooks/customer-a/team-hooks', body, headers);
    assert.equal(accepted.status, 202, accepted.text);
    assert.deepEqual((await eventsOf('customer-a')).map((event: { id: string }) => event.id), [accepted.body.eventId]);
  });

  it('refuses a webhook that names no account when the integration says where it sits', async () => {
    const before = (await eventsOf('customer-a')).length;
    for (const payload of [{ type: 'message.posted' }, { type: 'message.posted', team_id: { id: 'T-A' } }, { type: 'message.posted', team_id: '' }]) {
      const body = JSON.stringify(payload);
      assert.equal((await post('/v1/hooks/customer-a/team-hooks', body, { 'x-hitch-signature': hexHmac(body) })).status, 404);
    }
    assert.equal((await eventsOf('customer-a')).length, before);
  });

  it("records an OAuth connection's account id from the token response, and matches Standard Webhooks against it", async () => {
    provider.overrideTokens(({ body }) =>
      body.grant_type === 'authorization_code'
        ? { statusCode: 200, body: { access_token: `at-${randomBytes(6).toString('hex')}`, token_type: 'Bearer', expires_in: 3600, team: { id: 'T-OAUTH', name: 'Acme' } } }
        : undefined,
    );
    await hitch.createCustomer('oauth-customer');
    const widget = await hitch.widgetFor('oauth-customer', { origins: [testOrigin] });
    const { attempt } = await connectOAuth(hitch, widget, 'oauth-team');
    assert.equal(attempt.status, 'succeeded', JSON.stringify(attempt));
    const [connection] = await connectionsOf('oauth-customer', 'oauth-team');
    assert.equal(connection.accountId, 'T-OAUTH');

    const ours = JSON.stringify({ type: 'channel.created', team_id: 'T-OAUTH' });
    assert.equal((await post('/v1/hooks/oauth-customer/oauth-team', ours, standardHeaders(ours, hitch.clock.now()))).status, 202);
    const theirs = JSON.stringify({ type: 'channel.created', team_id: 'T-OTHER' });
    assert.equal((await post('/v1/hooks/oauth-customer/oauth-team', theirs, standardHeaders(theirs, hitch.clock.now()))).status, 404);
    assert.equal((await eventsOf('oauth-customer')).length, 1);
    provider.overrideTokens(undefined);
  });

  it("records an OAuth connection's account id from the account request, made with the new access token", async () => {
    await hitch.createCustomer('oauth-me-customer');
    const widget = await hitch.widgetFor('oauth-me-customer', { origins: [testOrigin] });
    const { attempt } = await connectOAuth(hitch, widget, 'oauth-me');
    assert.equal(attempt.status, 'succeeded', JSON.stringify(attempt));
    assert.equal((await connectionsOf('oauth-me-customer', 'oauth-me'))[0].accountId, '4711');
    const credentials = await hitch.admin.get(`/v1/customers/oauth-me-customer/connections/${attempt.connectionId}/credentials`);
    const [seen] = upstream.seen.filter((request) => request.url === '/oauth-me');
    assert.equal(seen.headers.authorization, `Bearer ${credentials.body.accessToken}`);
  });

  it('fails the OAuth attempt when the token response names no account, storing no connection', async () => {
    provider.overrideTokens(({ body }) =>
      body.grant_type === 'authorization_code' ? { statusCode: 200, body: { access_token: 'at-nameless', token_type: 'Bearer', expires_in: 3600 } } : undefined,
    );
    await hitch.createCustomer('nameless');
    const widget = await hitch.widgetFor('nameless', { origins: [testOrigin] });
    const { attempt } = await connectOAuth(hitch, widget, 'oauth-team');
    assert.deepEqual([attempt.status, attempt.error], ['failed', 'account_unknown']);
    assert.deepEqual(await connectionsOf('nameless', 'oauth-team'), []);
    provider.overrideTokens(undefined);
  });

  it('shows the webhook and account settings in the integration, secrets left out', async () => {
    const { body } = await hitch.admin.get('/v1/integrations/team-hooks');
    assert.deepEqual(body.accountRequest, { method: 'GET', path: '/me', field: '/account/id' });
    assert.deepEqual(body.webhook, { scheme: 'hmac-sha256-hex', accountField: '/team_id', secretSet: true });
    const oauth = (await hitch.admin.get('/v1/integrations/oauth-team')).body;
    assert.equal(oauth.oauth2.accountField, '/team/id');
    const bad = await hitch.admin.put('/v1/integrations/bad-pointer', { name: 'x', authType: 'apiKey', webhook: { secret: hmacSecret, scheme: 'hmac-sha256-hex', accountField: 'team_id' } });
    assert.deepEqual([bad.status, bad.body.errors?.[0]?.path], [400, 'webhook.accountField']);
    const nowhere = await hitch.admin.put('/v1/integrations/no-base', { name: 'x', authType: 'apiKey', accountRequest: { method: 'GET', path: '/me', field: '/id' } });
    assert.deepEqual([nowhere.status, nowhere.body.errors?.[0]?.path], [400, 'accountRequest']);
  });
});
