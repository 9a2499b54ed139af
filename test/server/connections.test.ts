import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestHitch, type TestHitch } from '../helpers/startTestHitch.ts';
import { startUpstream, type Upstream } from '../helpers/upstream.ts';

describe('API-key and basic connections', () => {
  let hitch: TestHitch;
  let upstream: Upstream;

  before(async () => {
    // The provider accepts only the key "good-key" and the user "ada" with "s3cret"
    upstream = await startUpstream(({ headers, url }) => {
      const ok = headers['x-api-key'] === 'good-key' || url.includes('key=good-key') || headers.authorization === `Basic ${Buffer.from('ada:s3cret').toString('base64')}`;
      return { status: ok ? 200 : 401, body: { ok } };
    });
    hitch = await startTestHitch();
    await hitch.createCustomer('acme');
    await hitch.admin.put('/v1/integrations/crm-keys', {
      name: 'CRM keys',
      authType: 'apiKey',
      apiBaseUrl: upstream.url,
      fields: [{ name: 'apiKey', label: 'API key', secret: true, pattern: '^[a-z-]+$' }],
      apiKey: { in: 'header', name: 'X-Api-Key' },
      test: { method: 'GET', path: '/me' },
    });
    await hitch.admin.put('/v1/integrations/query-keys', {
      name: 'Query keys',
      authType: 'apiKey',
      apiBaseUrl: upstream.url,
      apiKey: { in: 'query', name: 'key' },
      test: { method: 'GET', path: '/me' },
    });
    await hitch.admin.put('/v1/integrations/ledger', {
      name: 'Ledger',
      authType: 'basic',
      apiBaseUrl: upstream.url,
      test: { method: 'GET', path: '/whoami' },
    });
    await hitch.admin.put('/v1/integrations/switched-off', { name: 'Off', authType: 'apiKey', enabled: false });
    await hitch.admin.put('/v1/integrations/plain-keys', {
      name: 'Plain keys',
      authType: 'apiKey',
      apiBaseUrl: upstream.url,
      fields: [
        { name: 'account', label: 'Account' },
        { name: 'apiKey', label: 'API key', secret: true },
      ],
      apiKey: { in: 'header', name: 'X-Api-Key' },
      test: { method: 'GET', path: '/me' },
    });
  });
  after(async () => {
    await hitch.close();
    await upstream.close();
  });

  describe('POST /v1/widget/connections', () => {
    it('tests the credentials upstream, then creates an active connection without secrets', async () => {
      const widget = await hitch.widgetFor('acme');
      const response = await widget.post('/v1/widget/connections', { integration: 'crm-keys', credentials: { apiKey: 'good-key' } });
      assert.equal(response.status, 201, response.text);
      assert.equal(response.body.status, 'active');
      assert.equal(response.body.label, 'CRM keys');
      assert.equal(response.body.authType, 'apiKey');
      assert.ok(!response.text.includes('good-key'));
      assert.equal(upstream.seen.at(-1)?.headers['x-api-key'], 'good-key');
    });

    it('sends API keys in the query when the integration says so, and basic auth for basic', async () => {
      const widget = await hitch.widgetFor('acme');
      assert.equal((await widget.post('/v1/widget/connections', { integration: 'query-keys', credentials: { apiKey: 'good-key' } })).status, 201);
      assert.match(upstream.seen.at(-1)!.url, /\?key=good-key$/);
      const basic = await widget.post('/v1/widget/connections', { integration: 'ledger', credentials: { username: 'ada', password: 's3cret' } });
      assert.equal(basic.status, 201, basic.text);
      assert.equal(basic.body.authType, 'basic');
    });

    it('refuses credentials the provider rejects (400) and stores nothing', async () => {
      const widget = await hitch.widgetFor('acme');
      const before = (await hitch.admin.get('/v1/customers/acme/connections')).body.data.length;
      const response = await widget.post('/v1/widget/connections', { integration: 'crm-keys', credentials: { apiKey: 'bad-key' } });
      assert.equal(response.status, 400);
      assert.equal(response.body.code, 'validation_failed');
      assert.equal(response.body.errors[0].path, 'credentials');
      assert.equal((await hitch.admin.get('/v1/customers/acme/connections')).body.data.length, before);
    });

    it('reports field errors by path: missing, pattern, unknown', async () => {
      const widget = await hitch.widgetFor('acme');
      const response = await widget.post('/v1/widget/connections', { integration: 'crm-keys', credentials: { apiKey: 'UPPER', extra: 'x' } });
      assert.equal(response.status, 400);
      const paths = response.body.errors.map((error: { path: string }) => error.path).sort();
      assert.deepEqual(paths, ['credentials.apiKey', 'credentials.extra']);
      const missing = await widget.post('/v1/widget/connections', { integration: 'ledger', credentials: { username: 'ada' } });
      assert.deepEqual(missing.body.errors.map((error: { path: string }) => error.path), ['credentials.password']);
    });

    it('refuses a value with a control character, naming the field, before any test request; stores nothing', async () => {
      const widget = await hitch.widgetFor('acme');
      const before = { connections: (await hitch.admin.get('/v1/customers/acme/connections')).body.data.length, requests: upstream.seen.length };
      const attempts = [
        { integration: 'plain-keys', credentials: { account: 'ada', apiKey: 'good\nkey' }, path: 'credentials.apiKey' },
        { integration: 'plain-keys', credentials: { account: 'a\tda', apiKey: 'good-key' }, path: 'credentials.account' },
        { integration: 'ledger', credentials: { username: 'ada', password: 's3\u0000cret' }, path: 'credentials.password' },
        { integration: 'ledger', credentials: { username: 'ada\u007f', password: 's3cret' }, path: 'credentials.username' },
      ];
      for (const { path, ...body } of attempts) {
        const response = await widget.post('/v1/widget/connections', body);
        assert.equal(response.status, 400, `${path}: ${response.text}`);
        assert.equal(response.body.code, 'validation_failed');
        assert.deepEqual(response.body.errors.map((error: { path: string }) => error.path), [path]);
      }
      assert.equal((await hitch.admin.get('/v1/customers/acme/connections')).body.data.length, before.connections);
      assert.equal(upstream.seen.length, before.requests);
    });

    it('treats a key an HTTP header cannot carry as refused credentials (400), never echoing it', async () => {
      const widget = await hitch.widgetFor('acme');
      const before = (await hitch.admin.get('/v1/customers/acme/connections')).body.data.length;
      // Not a control character, so it passes the field rules; fetch's Headers refuse it (not Latin-1)
      const response = await widget.post('/v1/widget/connections', { integration: 'plain-keys', credentials: { account: 'ada', apiKey: 'sk-UNSENDABLE-€' } });
      assert.equal(response.status, 400, response.text);
      assert.equal(response.body.code, 'validation_failed');
      assert.deepEqual(response.body.errors.map((error: { path: string }) => error.path), ['credentials']);
      assert.ok(!response.text.includes('UNSENDABLE'));
      assert.ok(!hitch.logs.join('').includes('UNSENDABLE'));
      assert.equal((await hitch.admin.get('/v1/customers/acme/connections')).body.data.length, before);
    });

    it("refuses a built-in's fields that no longer pin its apiBaseUrl (400), and a connect to one saved before that rule (409)", async () => {
      const unpinnedFields = [
        { name: 'site', label: 'Site' },
        { name: 'username', label: 'Email' },
        { name: 'password', label: 'API token', secret: true },
      ];
      // The body holds no apiBaseUrl: the template's `https://{site}.atlassian.net` is checked with the new fields
      const refused = await hitch.admin.put('/v1/integrations/jira', { fields: unpinnedFields });
      assert.equal(refused.status, 400, refused.text);
      assert.deepEqual(refused.body.errors.map((error: { path: string }) => error.path), ['apiBaseUrl']);
      assert.equal((await hitch.admin.get('/v1/integrations/jira')).body.enabled, false);

      // As stored by a version without the rule
      const accepted = await hitch.admin.put('/v1/integrations/jira', {});
      assert.equal(accepted.status, 201, accepted.text);
      const stored = (await hitch.deps.store.integrations.get('jira'))!;
      await hitch.deps.store.integrations.put({ ...stored, fields: unpinnedFields });
      const widget = await hitch.widgetFor('acme');
      const response = await widget.post('/v1/widget/connections', { integration: 'jira', credentials: { site: '169.254.169.254', username: 'ada', password: 's3cret' } });
      assert.equal(response.status, 409, response.text);
      assert.equal(response.body.code, 'conflict');
      assert.equal((await hitch.admin.get('/v1/customers/acme/connections?integration=jira')).body.data.length, 0);
      assert.equal((await hitch.admin.delete('/v1/integrations/jira')).status, 204);
    });

    it('404s a disabled or unknown integration, 403s one the token does not allow', async () => {
      const widget = await hitch.widgetFor('acme', { integrations: ['ledger'] });
      assert.equal((await widget.post('/v1/widget/connections', { integration: 'crm-keys', credentials: { apiKey: 'good-key' } })).status, 403);
      const open = await hitch.widgetFor('acme');
      assert.equal((await open.post('/v1/widget/connections', { integration: 'switched-off', credentials: { apiKey: 'x' } })).status, 404);
      assert.equal((await open.post('/v1/widget/connections', { integration: 'nope', credentials: { apiKey: 'x' } })).status, 404);
    });

    it('needs the connections:write scope', async () => {
      const readOnly = await hitch.widgetFor('acme', { scopes: ['connections:read'] });
      const response = await readOnly.post('/v1/widget/connections', { integration: 'crm-keys', credentials: { apiKey: 'good-key' } });
      assert.equal(response.status, 403);
      assert.equal(response.body.code, 'forbidden');
    });
  });

  describe('several accounts per integration', () => {
    it('tells them apart by label; a taken label is a conflict; PATCH relabels', async () => {
      await hitch.createCustomer('multi');
      const widget = await hitch.widgetFor('multi', { userId: 'u-7' });
      const work = await widget.post('/v1/widget/connections', { integration: 'crm-keys', label: 'Work', credentials: { apiKey: 'good-key' } });
      const home = await widget.post('/v1/widget/connections', { integration: 'crm-keys', label: 'Home', credentials: { apiKey: 'good-key' } });
      const unnamed = await widget.post('/v1/widget/connections', { integration: 'crm-keys', credentials: { apiKey: 'good-key' } });
      const unnamed2 = await widget.post('/v1/widget/connections', { integration: 'crm-keys', credentials: { apiKey: 'good-key' } });
      assert.deepEqual([work.body.label, home.body.label, unnamed.body.label, unnamed2.body.label], ['Work', 'Home', 'CRM keys', 'CRM keys (2)']);
      assert.equal((await widget.post('/v1/widget/connections', { integration: 'crm-keys', label: 'Work', credentials: { apiKey: 'good-key' } })).status, 409);

      const renamed = await widget.patch(`/v1/widget/connections/${home.body.id}`, { label: 'Personal' });
      assert.equal(renamed.status, 200);
      assert.equal(renamed.body.label, 'Personal');
      assert.equal((await widget.patch(`/v1/widget/connections/${home.body.id}`, { label: 'Work' })).status, 409);
      assert.equal((await widget.patch(`/v1/widget/connections/${home.body.id}`, { label: '' })).status, 400);

      const session = await widget.get('/v1/widget/session');
      assert.equal(session.body.connections.length, 4);
      assert.deepEqual(session.body.customer, { id: 'multi', name: 'multi' });
    });
  });

  describe('admin connection routes', () => {
    it('lists, gets, reads credentials, deletes; lifecycle events are outgoing system events', async () => {
      await hitch.createCustomer('admin-view');
      const widget = await hitch.widgetFor('admin-view');
      const created = (await widget.post('/v1/widget/connections', { integration: 'ledger', credentials: { username: 'ada', password: 's3cret' } })).body;
      const list = await hitch.admin.get('/v1/customers/admin-view/connections?integration=ledger');
      assert.deepEqual(list.body.data.map((c: { id: string }) => c.id), [created.id]);
      assert.deepEqual((await hitch.admin.get(`/v1/customers/admin-view/connections/${created.id}`)).body, created);

      const credentials = await hitch.admin.get(`/v1/customers/admin-view/connections/${created.id}/credentials`);
      assert.equal(credentials.status, 200);
      assert.deepEqual(credentials.body, { type: 'basic', username: 'ada', password: 's3cret', fields: { username: 'ada', password: 's3cret' } });

      await widget.patch(`/v1/widget/connections/${created.id}`, { label: 'Books' });
      assert.equal((await hitch.admin.delete(`/v1/customers/admin-view/connections/${created.id}`)).status, 204);
      assert.equal((await hitch.admin.get(`/v1/customers/admin-view/connections/${created.id}`)).status, 404);
      assert.equal((await widget.delete(`/v1/widget/connections/${created.id}`)).status, 404);

      const events = (await hitch.admin.get('/v1/events?customerId=admin-view&type=system&direction=outgoing')).body.data;
      assert.deepEqual(events.map((e: { name: string }) => e.name), ['connection.deleted', 'connection.updated', 'connection.created']);
      assert.ok(events.every((e: { connectionId: string; integration: string }) => e.connectionId === created.id && e.integration === 'ledger'));
      assert.ok(!JSON.stringify(events).includes('s3cret'));
    });

    it('takes the API key from an integration\'s only field, for the test request and the credentials alike', async () => {
      await hitch.admin.put('/v1/integrations/token-keys', {
        name: 'Token keys',
        authType: 'apiKey',
        apiBaseUrl: upstream.url,
        fields: [{ name: 'token', label: 'Token', secret: true }],
        apiKey: { in: 'header', name: 'X-Api-Key' },
        test: { method: 'GET', path: '/me' },
      });
      const widget = await hitch.widgetFor('acme');
      const created = await widget.post('/v1/widget/connections', { integration: 'token-keys', credentials: { token: 'good-key' } });
      assert.equal(created.status, 201, created.text);
      const credentials = await hitch.admin.get(`/v1/customers/acme/connections/${created.body.id}/credentials`);
      assert.deepEqual(credentials.body, { type: 'apiKey', apiKey: 'good-key', fields: { token: 'good-key' } });
    });

    it('reads API-key credentials as apiKey', async () => {
      const widget = await hitch.widgetFor('acme');
      const created = (await widget.post('/v1/widget/connections', { integration: 'crm-keys', label: 'For reading', credentials: { apiKey: 'good-key' } })).body;
      const credentials = await hitch.admin.get(`/v1/customers/acme/connections/${created.id}/credentials`);
      assert.deepEqual(credentials.body, { type: 'apiKey', apiKey: 'good-key', fields: { apiKey: 'good-key' } });
    });

    it('lets a widget delete its own connection', async () => {
      const widget = await hitch.widgetFor('acme');
      const created = (await widget.post('/v1/widget/connections', { integration: 'crm-keys', label: 'Short', credentials: { apiKey: 'good-key' } })).body;
      assert.equal((await widget.delete(`/v1/widget/connections/${created.id}`)).status, 204);
      assert.equal((await hitch.admin.get(`/v1/customers/acme/connections/${created.id}`)).status, 404);
    });
  });

  describe('GET /v1/widget/session', () => {
    it('shows only enabled integrations the token allows, without their configuration', async () => {
      const widget = await hitch.widgetFor('acme', { integrations: ['crm-keys', 'switched-off'] });
      const session = await widget.get('/v1/widget/session');
      assert.deepEqual(session.body.integrations.map((i: { key: string }) => i.key), ['crm-keys']);
      assert.deepEqual(Object.keys(session.body.integrations[0]).sort(), ['authType', 'fields', 'key', 'name']);
      assert.ok(session.body.connections.every((c: { integration: string }) => c.integration === 'crm-keys'));
    });
  });
});
