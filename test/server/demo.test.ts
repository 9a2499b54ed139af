import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { demoMounts } from '../../demo/mountDemo.ts';
import { client, type Client } from '../helpers/http.ts';
import { bindBrowser, visit, type Callback, type StartedAttempt } from '../helpers/oauthMock.ts';
import { spawnHitch } from '../helpers/spawnHitch.ts';
import { startTestHitch, type TestHitch } from '../helpers/startTestHitch.ts';

/** Binds the browser, then walks Acme's consent page like a browser without JavaScript; returns the redirect back to Hitch. */
async function consent(started: StartedAttempt, decision: 'allow' | 'deny'): Promise<Callback> {
  const { providerUrl, cookie } = await bindBrowser(started);
  const authorizeUrl = providerUrl.href;
  const page = await fetch(authorizeUrl, { redirect: 'manual' });
  assert.equal(page.status, 200);
  const consentId = /name="consent_id" value="([^"]+)"/.exec(await page.text())![1];
  const response = await fetch(new URL('decision', `${authorizeUrl.split('?')[0]}/`), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ consent_id: consentId, user_name: 'Demo user', decision }),
  });
  assert.equal(response.status, 303);
  return { url: new URL(response.headers.get('location')!), cookie, providerUrl };
}

describe('the demo at /demo', () => {
  let hitch: TestHitch;
  let app: Client;
  let widget: Client;

  before(async () => {
    hitch = await startTestHitch({ mounts: demoMounts });
    app = client(hitch.url);
    const token = await app.post('/demo/api/hitch-token');
    assert.equal(token.status, 200, token.text);
    widget = client(hitch.url, token.text);
  });
  after(() => hitch.close());

  it('serves the host page: the widget by classic script tag, a strict CSP, an opener the popup can reach', async () => {
    const page = await app.get('/demo/');
    assert.equal(page.status, 200);
    assert.match(page.text, /<script src="\/widget\/hitch\.js"><\/script>/);
    assert.match(page.text, /<hitch-connect customer-id="example-co"/);
    assert.match(page.headers.get('content-security-policy')!, /script-src 'self'/);
    assert.equal(page.headers.get('cross-origin-opener-policy'), 'unsafe-none');
    assert.equal((await app.get('/demo/app.js')).status, 200);
  });

  it('comes configured: the customer, and Acme CRM as an enabled OAuth integration the token can use', async () => {
    assert.equal((await hitch.admin.get('/v1/customers/example-co')).body.name, 'Example Co');
    const session = await widget.get('/v1/widget/session');
    assert.equal(session.body.customer.id, 'example-co');
    const acme = session.body.integrations.find((integration: { key: string }) => integration.key === 'acme-crm');
    assert.equal(acme?.authType, 'oauth2');
    const audit = await hitch.admin.get('/v1/audit-log?action=token.issue');
    assert.equal(audit.body.data[0].user, 'demo-host-app', "the host app's backend used its own admin key");
  });

  it('connects Acme CRM through its consent page, then reads and adds contacts through the proxy', async () => {
    assert.deepEqual((await app.get('/demo/api/contacts')).body, { connection: null, contacts: [] });
    const started = await widget.post('/v1/widget/oauth/acme-crm/start', {}, { headers: { origin: new URL(hitch.url).origin } });
    assert.equal(started.status, 201, started.text);
    const callback = await consent(started.body, 'allow');
    assert.equal(callback.url.searchParams.get('iss'), `${hitch.url}/demo/provider`);
    const page = await visit(callback);
    assert.equal(page.status, 200);
    const attempt = await widget.get(`/v1/widget/oauth/attempts/${started.body.attemptId}`);
    assert.equal(attempt.body.status, 'succeeded', JSON.stringify(attempt.body));

    const contacts = await app.get('/demo/api/contacts');
    assert.equal(contacts.body.connection.id, attempt.body.connectionId);
    assert.equal(contacts.body.contacts.length, 5);
    const added = await app.post('/demo/api/contacts', { name: 'Margaret Hamilton', email: 'margaret@apollo.example' });
    assert.equal(added.status, 201, added.text);
    assert.equal((await app.get('/demo/api/contacts')).body.contacts[0].name, 'Margaret Hamilton');
  });

  it('ends the attempt as failed when the user denies access at Acme', async () => {
    const started = await widget.post('/v1/widget/oauth/acme-crm/start', {}, { headers: { origin: new URL(hitch.url).origin } });
    await visit(await consent(started.body, 'deny'));
    const attempt = await widget.get(`/v1/widget/oauth/attempts/${started.body.attemptId}`);
    assert.deepEqual([attempt.body.status, attempt.body.error], ['failed', 'access_denied']);
  });
});

describe('npm start and the demo', () => {
  it('prints the demo URL and serves it, and turns it off with NODE_ENV=production', async () => {
    const dev = await spawnHitch();
    try {
      // The welcome goes to stderr right after the "listening" line.
      for (let i = 0; i < 100 && !dev.output().includes('Hitch is running'); i++) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.match(dev.output(), new RegExp(`Demo +${dev.url}/demo/`));
      assert.equal((await fetch(`${dev.url}/demo/`)).status, 200);
    } finally {
      await dev.stop();
    }
    const production = await spawnHitch({ env: { NODE_ENV: 'production' } });
    try {
      for (let i = 0; i < 100 && !production.output().includes('Hitch is running'); i++) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.match(production.output(), /Hitch is running/);
      assert.doesNotMatch(production.output(), /\/demo\//);
      assert.equal((await fetch(`${production.url}/demo/`)).status, 404);
      assert.equal((await fetch(`${production.url}/demo/provider/.well-known/oauth-authorization-server`)).status, 404);
    } finally {
      await production.stop();
    }
  });
});
