import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestHitch, type TestHitch } from '../helpers/startTestHitch.ts';

describe('integrations', () => {
  let hitch: TestHitch;
  before(async () => {
    hitch = await startTestHitch({ storage: 'files' });
  });
  after(() => hitch.close());

  describe('GET /v1/integrations', () => {
    it('lists the built-in catalog, disabled until configured', async () => {
      const list = await hitch.admin.get('/v1/integrations');
      assert.equal(list.status, 200);
      const keys = list.body.data.map((i: { key: string }) => i.key);
      for (const key of ['github', 'google', 'slack', 'hubspot', 'salesforce', 'notion', 'linear', 'microsoft', 'shopify', 'stripe', 'openai', 'airtable']) {
        assert.ok(keys.includes(key), key);
      }
      assert.ok(list.body.data.every((i: { enabled: boolean; builtIn: boolean }) => i.builtIn && !i.enabled));
    });
  });

  describe('PUT /v1/integrations/:key', () => {
    it('configures a built-in with just its client; the secret is write-only and sealed on disk', async () => {
      const response = await hitch.admin.put('/v1/integrations/github', { oauth2: { clientId: 'gh-client', clientSecret: 'gh-canary-secret-value' } });
      assert.equal(response.status, 201, response.text);
      assert.equal(response.body.enabled, true);
      assert.equal(response.body.oauth2.clientId, 'gh-client');
      assert.equal(response.body.oauth2.clientSecretSet, true);
      assert.equal(response.body.oauth2.authorizationUrl, 'https://github.com/login/oauth/authorize');
      assert.ok(!JSON.stringify((await hitch.admin.get('/v1/integrations')).body).includes('gh-canary-secret-value'));
      assert.ok(!readFileSync(join(hitch.deps.config.dataDir, 'state.json'), 'utf8').includes('gh-canary-secret-value'));
    });

    it('keeps the stored secret when a later PUT omits it (toggling enabled)', async () => {
      const response = await hitch.admin.put('/v1/integrations/github', { enabled: false, oauth2: { clientId: 'gh-client' } });
      assert.equal(response.status, 200);
      assert.equal(response.body.enabled, false);
      assert.equal(response.body.oauth2.clientSecretSet, true);
    });

    it('creates a custom integration (201), replaces it (200), and requires the full schema', async () => {
      const body = { key: 'acme-erp', name: 'Acme ERP', authType: 'basic', apiBaseUrl: 'https://erp.example.com' };
      assert.equal((await hitch.admin.put('/v1/integrations/acme-erp', body)).status, 201);
      assert.equal((await hitch.admin.put('/v1/integrations/acme-erp', { ...body, name: 'Acme ERP 2' })).status, 200);
      assert.equal((await hitch.admin.get('/v1/integrations/acme-erp')).body.name, 'Acme ERP 2');
      const missing = await hitch.admin.put('/v1/integrations/other', { name: 'No auth type' });
      assert.equal(missing.status, 400);
      assert.equal(missing.body.errors[0].path, 'authType');
    });

    it('refuses a body key that does not match, a bad key, and unknown fields', async () => {
      const mismatch = await hitch.admin.put('/v1/integrations/acme-erp', { key: 'other', name: 'x', authType: 'basic' });
      assert.equal(mismatch.status, 400);
      assert.equal((await hitch.admin.put('/v1/integrations/Bad_Key', { name: 'x', authType: 'basic' })).status, 400);
      assert.equal((await hitch.admin.put('/v1/integrations/acme-erp', { name: 'x', authType: 'basic', colour: 'red' })).status, 400);
      assert.equal((await hitch.admin.put('/v1/integrations/github', { oauth2: { tokenUrl: 'not a url' } })).status, 400);
    });

    it('seals a webhook secret and reports only that it is set', async () => {
      const response = await hitch.admin.put('/v1/integrations/hooks-only', {
        name: 'Hooks',
        authType: 'apiKey',
        webhook: { secret: 'whk-canary-secret', scheme: 'hmac-sha256-hex' },
      });
      assert.deepEqual(response.body.webhook, { scheme: 'hmac-sha256-hex', secretSet: true });
      assert.ok(!response.text.includes('whk-canary-secret'));
    });
  });

  describe('PUT /v1/integrations/:key: settings end users could misuse', () => {
    const apiKeyBody = { name: 'Probe', authType: 'apiKey' };

    it('refuses an apiBaseUrl placeholder that no field pattern pins (400), storing nothing', async () => {
      const domain = { name: 'domain', label: 'Domain' };
      const apiKey = { name: 'apiKey', label: 'API key', secret: true };
      const unpinned = await hitch.admin.put('/v1/integrations/ssrf-probe', {
        ...apiKeyBody,
        apiBaseUrl: 'https://{domain}/api',
        apiHeaders: { 'X-Org-Secret': 'org-secret' },
        fields: [domain, apiKey],
      });
      assert.equal(unpinned.status, 400, unpinned.text);
      assert.equal(unpinned.body.code, 'validation_failed');
      assert.deepEqual(unpinned.body.errors.map((error: { path: string }) => error.path), ['apiBaseUrl']);
      const undeclared = await hitch.admin.put('/v1/integrations/ssrf-probe', { ...apiKeyBody, apiBaseUrl: 'https://{tenant}.example.com' });
      assert.equal(undeclared.status, 400);
      // A pattern pins only when it must match the whole value: x.example.com.evil.example would pass these
      for (const loose of ['^[a-z0-9-]+\\.example\\.com', '[a-z0-9-]+\\.example\\.com$', '^[a-z]+\\.example\\.com|x$', '^[a-z]+\\.example\\.com\\$']) {
        const response = await hitch.admin.put('/v1/integrations/ssrf-probe', { ...apiKeyBody, apiBaseUrl: 'https://{domain}/api', fields: [{ ...domain, pattern: loose }, apiKey] });
        assert.equal(response.status, 400, loose);
        assert.deepEqual(response.body.errors.map((error: { path: string }) => error.path), ['apiBaseUrl'], loose);
      }
      assert.equal((await hitch.admin.get('/v1/integrations/ssrf-probe')).status, 404);
      // A built-in's own fields are checked when the body replaces them
      const shopify = await hitch.admin.put('/v1/integrations/shopify', { fields: [{ name: 'shop', label: 'Shop' }], apiBaseUrl: 'https://{shop}/admin/api/2026-07' });
      assert.equal(shopify.status, 400);
      assert.equal((await hitch.admin.get('/v1/integrations/shopify')).body.fields[0].pattern, '^[A-Za-z0-9][A-Za-z0-9-]*\\.myshopify\\.com$');

      const pinned = await hitch.admin.put('/v1/integrations/ssrf-probe', {
        ...apiKeyBody,
        apiBaseUrl: 'https://{domain}/api',
        fields: [{ ...domain, pattern: '^(eu|us)[a-z0-9-]*\\.example\\.com$' }, apiKey],
      });
      assert.equal(pinned.status, 201, pinned.text);
      await hitch.createCustomer('prober');
      const widget = await hitch.widgetFor('prober');
      const metadata = await widget.post('/v1/widget/connections', { integration: 'ssrf-probe', credentials: { domain: '169.254.169.254', apiKey: 'k' } });
      assert.equal(metadata.status, 400);
      assert.deepEqual(metadata.body.errors.map((error: { path: string }) => error.path), ['credentials.domain']);
    });

    it('refuses a field pattern that is not a regular expression (400), storing nothing', async () => {
      const response = await hitch.admin.put('/v1/integrations/bad-pattern', { ...apiKeyBody, fields: [{ name: 'apiKey', label: 'API key', pattern: '([a-' }] });
      assert.equal(response.status, 400, response.text);
      assert.deepEqual(response.body.errors.map((error: { path: string }) => error.path), ['fields.0.pattern']);
      assert.equal((await hitch.admin.get('/v1/integrations/bad-pattern')).status, 404);
      // Connections check patterns in Unicode mode, so a pattern valid only without it is refused too
      assert.equal((await hitch.admin.put('/v1/integrations/bad-pattern', { ...apiKeyBody, fields: [{ name: 'apiKey', label: 'API key', pattern: '\\-\\q' }] })).status, 400);
      assert.equal((await hitch.admin.put('/v1/integrations/stripe', { fields: [{ name: 'apiKey', label: 'Secret key', pattern: '(' }] })).status, 400);
    });

    it('refuses an API-key header name that is not an HTTP token and header values with control characters', async () => {
      for (const name of ['X Api Key', 'X-Api-Key\r\nX-Injected: 1', 'Key:', '']) {
        const response = await hitch.admin.put('/v1/integrations/bad-header', { ...apiKeyBody, apiKey: { in: 'header', name } });
        assert.equal(response.status, 400, JSON.stringify(name));
        assert.deepEqual(response.body.errors.map((error: { path: string }) => error.path), ['apiKey.name']);
      }
      const controlValue = await hitch.admin.put('/v1/integrations/bad-header', { ...apiKeyBody, apiHeaders: { 'X-Org': 'a\u0000b' } });
      assert.equal(controlValue.status, 400);
      assert.equal((await hitch.admin.get('/v1/integrations/bad-header')).status, 404);
      // A query parameter is URL-encoded, so its name need not be a token
      assert.equal((await hitch.admin.put('/v1/integrations/query-name', { ...apiKeyBody, apiKey: { in: 'query', name: 'api key' } })).status, 201);
      assert.equal((await hitch.admin.put('/v1/integrations/header-name', { ...apiKeyBody, apiKey: { in: 'header', name: 'X-Api-Key' } })).status, 201);
    });

    it('accepts every built-in template\'s own URLs, fields and API-key placement (Shopify\'s per-shop domain too)', async () => {
      const fresh = await startTestHitch();
      try {
        const builtIns = (await fresh.admin.get('/v1/integrations')).body.data;
        assert.ok(builtIns.some((i: { apiBaseUrl?: string }) => i.apiBaseUrl?.includes('{shop}')));
        for (const { key, apiBaseUrl, fields, apiKey, oauth2 } of builtIns) {
          const body = { enabled: false, apiBaseUrl, fields, apiKey, ...(oauth2 ? { oauth2: { ...oauth2, clientId: 'id', clientSecret: 'secret', clientSecretSet: undefined } } : {}) };
          const response = await fresh.admin.put(`/v1/integrations/${key}`, JSON.parse(JSON.stringify(body)));
          assert.equal(response.status, 201, `${key}: ${response.text}`);
        }
      } finally {
        await fresh.close();
      }
    });
  });

  describe('DELETE /v1/integrations/:key', () => {
    it('deletes a custom one, resets a built-in, refuses one still in use, 404s unknown', async () => {
      assert.equal((await hitch.admin.delete('/v1/integrations/acme-erp')).status, 204);
      assert.equal((await hitch.admin.get('/v1/integrations/acme-erp')).status, 404);
      assert.equal((await hitch.admin.delete('/v1/integrations/github')).status, 204);
      const github = await hitch.admin.get('/v1/integrations/github');
      assert.equal(github.body.enabled, false);
      assert.equal(github.body.oauth2.clientSecretSet, false);
      assert.equal((await hitch.admin.delete('/v1/integrations/nothing-here')).status, 404);

      await hitch.admin.put('/v1/integrations/in-use', { name: 'In use', authType: 'apiKey' });
      await hitch.createCustomer('user-of-it');
      const widget = await hitch.widgetFor('user-of-it');
      await widget.post('/v1/widget/connections', { integration: 'in-use', credentials: { apiKey: 'k' } });
      const refused = await hitch.admin.delete('/v1/integrations/in-use');
      assert.equal(refused.status, 409);
      assert.equal((await hitch.admin.get('/v1/integrations/in-use')).status, 200);
    });
  });

  it('never writes a secret in plaintext anywhere under the data dir', () => {
    const dir = hitch.deps.config.dataDir;
    const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    for (const file of files) {
      const text = readFileSync(join(file.parentPath, file.name), 'utf8');
      assert.ok(!text.includes('gh-canary-secret-value') && !text.includes('whk-canary-secret'), file.name);
    }
  });
});
