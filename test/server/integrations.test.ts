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
