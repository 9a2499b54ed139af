import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ManualClock } from '../../server/clock.ts';
import { bindBrowser, configureOAuthIntegration, connectOAuth, startMockProvider, startOAuth, testOrigin, type MockProvider } from '../helpers/oauthMock.ts';
import { startTestHitch, type TestHitch } from '../helpers/startTestHitch.ts';

describe('POST /v1/widget/oauth/:integration/start', () => {
  let hitch: TestHitch;
  let provider: MockProvider;

  before(async () => {
    provider = await startMockProvider();
    hitch = await startTestHitch();
    await hitch.createCustomer('acme');
    await hitch.createCustomer('other');
    await configureOAuthIntegration(hitch, 'mock-crm', provider, {
      oauth2: { authorizeParams: { access_type: 'offline', state: 'attacker-chosen' }, scopeSeparator: ',' },
    });
    await configureOAuthIntegration(hitch, 'mock-shop', provider, {
      oauth2: { authorizationUrl: 'https://{shop}/admin/oauth/authorize', tokenUrl: 'https://{shop}/admin/oauth/access_token' },
      fields: [{ name: 'shop', label: 'Shop', pattern: '^[a-z0-9-]+\\.myshopify\\.com$' }],
    });
    await configureOAuthIntegration(hitch, 'loose-host', provider, {
      oauth2: { tokenUrl: 'https://{host}/token' },
      fields: [{ name: 'host', label: 'Host' }],
    });
  });
  after(async () => {
    await hitch.close();
    await provider.close();
  });

  it('rejects a missing or wrong credential', async () => {
    const anonymous = await fetch(`${hitch.url}/v1/widget/oauth/mock-crm/start`, { method: 'POST' });
    assert.equal(anonymous.status, 401);
    const admin = await hitch.admin.post('/v1/widget/oauth/mock-crm/start', {});
    assert.equal(admin.status, 401);
  });

  it('needs the connections:write scope', async () => {
    const readOnly = await hitch.widgetFor('acme', { origins: [testOrigin], scopes: ['connections:read'] });
    assert.equal((await startOAuth(readOnly, 'mock-crm')).status, 403);
  });

  it('returns the popup page and its key; behind them the provider URL with PKCE S256, a fresh state, the scopes and the one redirect URI', async () => {
    const widget = await hitch.widgetFor('acme', { origins: [testOrigin] });
    const [first, second] = [await startOAuth(widget, 'mock-crm'), await startOAuth(widget, 'mock-crm')];
    assert.equal(first.status, 201, first.text);
    assert.match(first.body.attemptId, /^oat_/);
    assert.equal(Date.parse(first.body.expiresAt) - hitch.clock.now(), 10 * 60_000);
    assert.equal(first.body.authorizeUrl, `${hitch.url}/oauth/authorize/${first.body.attemptId}`);
    assert.match(first.body.browserKey, /^[A-Za-z0-9_-]{43}$/);
    const url = (await bindBrowser(first.body)).providerUrl;
    assert.equal(url.origin + url.pathname, `${provider.issuer}/authorize`);
    const params = Object.fromEntries(url.searchParams);
    assert.equal(params.response_type, 'code');
    assert.equal(params.client_id, 'client-mock-crm');
    assert.equal(params.redirect_uri, `${hitch.url}/oauth/callback`);
    assert.equal(params.scope, 'openid,contacts.read');
    assert.equal(params.code_challenge_method, 'S256');
    assert.match(params.code_challenge, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(params.access_type, 'offline');
    assert.notEqual(params.state, 'attacker-chosen', 'extra parameters cannot replace the state');
    assert.ok(params.state.length >= 43);
    assert.notEqual(params.state, (await bindBrowser(second.body)).providerUrl.searchParams.get('state'));
  });

  it('403s an integration the token does not allow; 404s a disabled or unknown one', async () => {
    const limited = await hitch.widgetFor('acme', { origins: [testOrigin], integrations: ['mock-shop'] });
    assert.equal((await startOAuth(limited, 'mock-crm')).status, 403);
    await hitch.admin.put('/v1/integrations/switched-off', { name: 'Off', authType: 'oauth2', enabled: false });
    const widget = await hitch.widgetFor('acme', { origins: [testOrigin] });
    assert.equal((await startOAuth(widget, 'switched-off')).status, 404);
    assert.equal((await startOAuth(widget, 'no-such-thing')).status, 404);
  });

  it('409s an enabled OAuth integration without a client, and API-key integrations are not OAuth', async () => {
    await hitch.admin.put('/v1/integrations/github', { enabled: true });
    await hitch.admin.put('/v1/integrations/plain-keys', { name: 'Keys', authType: 'apiKey' });
    const widget = await hitch.widgetFor('acme', { origins: [testOrigin] });
    assert.equal((await startOAuth(widget, 'github')).status, 409);
    assert.equal((await startOAuth(widget, 'plain-keys')).status, 409);
  });

  it('checks the fields the OAuth URLs need and fills them in', async () => {
    const widget = await hitch.widgetFor('acme', { origins: [testOrigin] });
    const missing = await startOAuth(widget, 'mock-shop');
    assert.equal(missing.status, 400);
    assert.deepEqual(missing.body.errors.map((error: { path: string }) => error.path), ['fields.shop']);
    const hostile = await startOAuth(widget, 'mock-shop', { fields: { shop: 'evil.example' } });
    assert.equal(hostile.status, 400);
    const started = await startOAuth(widget, 'mock-shop', { fields: { shop: 'acme-store.myshopify.com' } });
    assert.equal(started.status, 201, started.text);
    assert.equal((await bindBrowser(started.body)).providerUrl.origin, 'https://acme-store.myshopify.com');
  });

  it('refuses OAuth URLs with a placeholder no pattern pins (the client secret could go anywhere)', async () => {
    const widget = await hitch.widgetFor('acme', { origins: [testOrigin] });
    const response = await startOAuth(widget, 'loose-host', { fields: { host: 'evil.example' } });
    assert.equal(response.status, 409);
  });

  it('validates label and reconnect: a taken label, a label with a reconnect, another customer’s connection', async () => {
    const widget = await hitch.widgetFor('acme', { origins: [testOrigin] });
    const { attempt } = await connectOAuth(hitch, widget, 'mock-crm', { label: 'Work' });
    assert.equal(attempt.status, 'succeeded');
    assert.equal((await startOAuth(widget, 'mock-crm', { label: 'Work' })).status, 409);
    const both = await startOAuth(widget, 'mock-crm', { label: 'New', connectionId: attempt.connectionId });
    assert.equal(both.status, 400);
    assert.equal((await startOAuth(widget, 'mock-shop', { connectionId: attempt.connectionId })).status, 404);
    const stranger = await hitch.widgetFor('other', { origins: [testOrigin] });
    assert.equal((await startOAuth(stranger, 'mock-crm', { connectionId: attempt.connectionId })).status, 404);
    assert.equal((await startOAuth(widget, 'mock-crm', { surprise: true })).status, 400);
  });

  it('records the attempt in the audit log', async () => {
    const widget = await hitch.widgetFor('acme', { origins: [testOrigin], userId: 'u-42' });
    const started = await startOAuth(widget, 'mock-crm');
    const log = await hitch.admin.get(`/v1/audit-log?resource=oauth_attempt/${started.body.attemptId}`);
    assert.equal(log.body.data[0].action, 'oauth_attempt.create');
    assert.equal(log.body.data[0].user, 'customer:acme/user:u-42');
  });
});

describe('GET /v1/widget/oauth/attempts/:attemptId', () => {
  let hitch: TestHitch;
  let provider: MockProvider;

  before(async () => {
    provider = await startMockProvider();
    hitch = await startTestHitch();
    await hitch.createCustomer('acme');
    await hitch.createCustomer('other');
    await configureOAuthIntegration(hitch, 'mock-crm', provider);
  });
  after(async () => {
    await hitch.close();
    await provider.close();
  });

  it('rejects a missing credential', async () => {
    assert.equal((await fetch(`${hitch.url}/v1/widget/oauth/attempts/oat_x`)).status, 401);
  });

  it('is pending, then failed once expired; another customer sees nothing', async () => {
    const widget = await hitch.widgetFor('acme', { origins: [testOrigin] });
    const started = await startOAuth(widget, 'mock-crm', {}, testOrigin);
    const path = `/v1/widget/oauth/attempts/${started.body.attemptId}`;
    assert.deepEqual((await widget.get(path)).body, { status: 'pending' });
    assert.equal((await (await hitch.widgetFor('other', { origins: [testOrigin] })).get(path)).status, 404);
    (hitch.clock as ManualClock).advance(10 * 60_000);
    const expired = await widget.get(path);
    assert.equal(expired.body.status, 'failed');
    assert.equal(expired.body.error, 'expired');
  });
});
