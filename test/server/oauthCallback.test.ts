import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { ManualClock } from '../../server/clock.ts';
import type { Client } from '../helpers/http.ts';
import {
  authorize,
  bindBrowser,
  configureOAuthIntegration,
  connectOAuth,
  startMockProvider,
  startOAuth,
  testOrigin,
  visit,
  type MockProvider,
} from '../helpers/oauthMock.ts';
import { startTestHitch, type TestHitch } from '../helpers/startTestHitch.ts';

/** The `{ origin, message }` the callback page's script posts, read from the page itself. */
function postedBy(html: string) {
  const match = /const post = (.*);\n/.exec(html);
  assert.ok(match, 'the page has a result script');
  return JSON.parse(match[1]);
}

describe('GET /oauth/callback', () => {
  let hitch: TestHitch;
  let provider: MockProvider;
  let evil: MockProvider;
  let widget: Client;

  before(async () => {
    [provider, evil] = [await startMockProvider(), await startMockProvider()];
    hitch = await startTestHitch();
    await hitch.createCustomer('acme');
    await configureOAuthIntegration(hitch, 'mock-crm', provider);
    await configureOAuthIntegration(hitch, 'evil-crm', evil);
  });
  beforeEach(async () => {
    provider.overrideTokens(undefined);
    provider.sendIssuer(undefined);
    widget = await hitch.widgetFor('acme', { origins: [testOrigin], userId: 'u-1' });
  });
  after(async () => {
    await hitch.close();
    await Promise.all([provider.close(), evil.close()]);
  });

  const connectionCount = async () => (await hitch.admin.get('/v1/customers/acme/connections')).body.data.length;

  it('exchanges the code with the PKCE verifier and creates an active connection', async () => {
    const before = provider.tokenRequests.length;
    const { callback, page, html, attempt } = await connectOAuth(hitch, widget, 'mock-crm');
    assert.equal(page.status, 200);
    assert.equal(attempt.status, 'succeeded');

    const exchange = provider.tokenRequests.slice(before);
    assert.equal(exchange.length, 1);
    const challenge = callback.providerUrl.searchParams.get('code_challenge');
    assert.equal(createHash('sha256').update(exchange[0].body.code_verifier).digest('base64url'), challenge);
    assert.equal(exchange[0].body.redirect_uri, `${hitch.url}/oauth/callback`);
    assert.equal(exchange[0].authorization, `Basic ${Buffer.from('client-mock-crm:secret-for-mock-crm-0123456789').toString('base64')}`);

    const connection = await hitch.admin.get(`/v1/customers/acme/connections/${attempt.connectionId}`);
    assert.equal(connection.body.status, 'active');
    assert.equal(connection.body.authType, 'oauth2');
    assert.ok(connection.body.expiresAt);
    const credentials = await hitch.admin.get(`/v1/customers/acme/connections/${attempt.connectionId}/credentials`);
    assert.equal(credentials.body.type, 'oauth2');
    assert.match(credentials.body.accessToken, /^ey/);
    assert.match(html, /is connected/);
  });

  it('answers a page with a strict CSP that posts to the exact origin, never to *', async () => {
    const { page, html, started, attempt } = await connectOAuth(hitch, widget, 'mock-crm');
    const csp = page.headers.get('content-security-policy')!;
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    assert.ok(nonce && csp.startsWith("default-src 'none'"), csp);
    assert.ok(html.includes(`<script nonce="${nonce}">`));
    assert.equal(page.headers.get('cache-control'), 'no-store');
    assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
    assert.doesNotMatch(html, /['"]\*['"]/);
    assert.match(html, /window\.opener\.postMessage\(post\.message, post\.origin\)/);
    assert.deepEqual(postedBy(html), {
      origin: testOrigin,
      message: { type: 'hitch:oauth', attemptId: started.attemptId, status: 'succeeded', connectionId: attempt.connectionId },
    });
  });

  it('starts nothing without a browser Origin, or with a token that names no origins', async () => {
    const noOrigin = await widget.post('/v1/widget/oauth/mock-crm/start', {});
    assert.equal(noOrigin.status, 403);
    assert.match(noOrigin.body.detail, /minted with `origins`/);
    const anyOrigin = await hitch.widgetFor('acme');
    assert.equal((await startOAuth(anyOrigin, 'mock-crm')).status, 403);
  });

  it('records the event and an audit entry for the widget user', async () => {
    const { attempt } = await connectOAuth(hitch, widget, 'mock-crm');
    const events = await hitch.admin.get('/v1/events?customerId=acme&name=connection.created');
    assert.ok(events.body.data.some((event: { connectionId: string }) => event.connectionId === attempt.connectionId));
    const audit = await hitch.admin.get(`/v1/audit-log?resource=connection/${attempt.connectionId}`);
    assert.equal(audit.body.data[0].action, 'connection.create');
    assert.equal(audit.body.data[0].user, 'customer:acme/user:u-1');
    assert.equal(audit.body.data[0].outcome, 'success');
  });

  it('accepts a state once: a replay is refused and exchanges nothing (a HEAD does not spend it)', async () => {
    const started = await startOAuth(widget, 'mock-crm');
    const callback = await authorize(started.body);
    assert.equal((await visit(callback, { method: 'HEAD' })).status, 200);
    assert.equal((await visit(callback)).status, 200);
    const [count, requests] = [await connectionCount(), provider.tokenRequests.length];
    const replay = await visit(callback);
    assert.equal(replay.status, 400);
    assert.match(await replay.text(), /already used/);
    assert.equal(provider.tokenRequests.length, requests);
    assert.equal(await connectionCount(), count);
  });

  it('refuses an unknown state, or none, with a 400 page and no script', async () => {
    const before = [await connectionCount(), provider.tokenRequests.length];
    for (const query of ['?code=abc&state=never-issued', '?code=abc', '']) {
      const response = await fetch(`${hitch.url}/oauth/callback${query}`);
      assert.equal(response.status, 400);
      assert.match(response.headers.get('content-type')!, /text\/html/);
      assert.doesNotMatch(await response.text(), /<script/);
    }
    assert.deepEqual([await connectionCount(), provider.tokenRequests.length], before);
  });

  it('refuses an expired attempt (10 minutes) and marks it failed', async () => {
    const started = await startOAuth(widget, 'mock-crm');
    const callback = await authorize(started.body);
    const before = [await connectionCount(), provider.tokenRequests.length];
    (hitch.clock as ManualClock).advance(10 * 60_000 + 1);
    const response = await visit(callback);
    assert.equal(response.status, 400);
    assert.equal(postedBy(await response.text()).message.error, 'expired');
    assert.deepEqual([await connectionCount(), provider.tokenRequests.length], before);
    const attempt = await widget.get(`/v1/widget/oauth/attempts/${started.body.attemptId}`);
    assert.deepEqual([attempt.body.status, attempt.body.error], ['failed', 'expired']);
  });

  it('refuses a state used for another integration (mix-up: iss of another provider) and exchanges nothing', async () => {
    // The attempt went to evil-crm, but the response carries mock-crm's issuer.
    provider.sendIssuer(provider.issuer);
    const started = await startOAuth(widget, 'evil-crm');
    const { providerUrl: authorizeAtHonest, cookie } = await bindBrowser(started.body);
    authorizeAtHonest.host = new URL(provider.issuer).host;
    const callback = new URL((await fetch(authorizeAtHonest, { redirect: 'manual' })).headers.get('location')!);
    assert.equal(callback.searchParams.get('iss'), provider.issuer);
    const before = [await connectionCount(), evil.tokenRequests.length, provider.tokenRequests.length];
    const response = await fetch(callback, { headers: { cookie } });
    assert.equal(response.status, 400);
    assert.deepEqual([await connectionCount(), evil.tokenRequests.length, provider.tokenRequests.length], before);
    const attempt = await widget.get(`/v1/widget/oauth/attempts/${started.body.attemptId}`);
    assert.equal(attempt.body.error, 'issuer_mismatch');
  });

  it('accepts an iss that names the provider the attempt went to', async () => {
    provider.sendIssuer(provider.issuer);
    const { attempt, callback } = await connectOAuth(hitch, widget, 'mock-crm');
    assert.equal(callback.url.searchParams.get('iss'), provider.issuer);
    assert.equal(attempt.status, 'succeeded');
  });

  it('ends the attempt as failed when the user denies access, creating nothing', async () => {
    const started = await startOAuth(widget, 'mock-crm');
    const { providerUrl, cookie } = await bindBrowser(started.body);
    const state = providerUrl.searchParams.get('state')!;
    const before = [await connectionCount(), provider.tokenRequests.length];
    const denied = new URL(`${hitch.url}/oauth/callback`);
    denied.search = new URLSearchParams({ error: 'access_denied', error_description: 'The user said no <b>', state }).toString();
    const response = await fetch(denied, { headers: { cookie } });
    const html = await response.text();
    assert.equal(response.status, 200);
    assert.match(html, /The user said no &#60;b&#62;/);
    assert.deepEqual([await connectionCount(), provider.tokenRequests.length], before);
    const attempt = await widget.get(`/v1/widget/oauth/attempts/${started.body.attemptId}`);
    assert.deepEqual(attempt.body, { status: 'failed', error: 'access_denied', errorDescription: 'The user said no <b>' });
    assert.equal(postedBy(html).message.error, 'access_denied');
    const audit = await hitch.admin.get('/v1/audit-log?action=connection.create&outcome=failure');
    assert.equal(audit.body.data[0].detail, 'access_denied');
  });

  it('ends the attempt as failed when the token endpoint refuses the code', async () => {
    provider.overrideTokens(() => ({ statusCode: 400, body: { error: 'invalid_grant', error_description: 'Code expired' } }));
    const before = await connectionCount();
    const { attempt, page } = await connectOAuth(hitch, widget, 'mock-crm');
    assert.equal(page.status, 200);
    assert.equal(attempt.status, 'failed');
    assert.equal(attempt.error, 'token_exchange_failed');
    assert.match(attempt.errorDescription, /Code expired \(invalid_grant\)/);
    assert.equal(await connectionCount(), before);
  });

  it('reconnects into the same connection: same id and label, active again, connection.updated', async () => {
    const first = await connectOAuth(hitch, widget, 'mock-crm', { label: 'Sales' });
    const id = first.attempt.connectionId;
    provider.overrideTokens(({ body }) => (body.grant_type === 'refresh_token' ? { statusCode: 400, body: { error: 'invalid_grant' } } : undefined));
    (hitch.clock as ManualClock).advance(3600_000);
    assert.equal((await hitch.admin.get(`/v1/customers/acme/connections/${id}/credentials`)).status, 409);
    provider.overrideTokens(undefined);

    widget = await hitch.widgetFor('acme', { origins: [testOrigin], userId: 'u-1' }); // the old token expired with the hour
    const again = await connectOAuth(hitch, widget, 'mock-crm', { connectionId: id });
    assert.equal(again.attempt.connectionId, id);
    const connection = await hitch.admin.get(`/v1/customers/acme/connections/${id}`);
    assert.deepEqual([connection.body.status, connection.body.label, connection.body.statusReason], ['active', 'Sales', undefined]);
    assert.equal((await hitch.admin.get(`/v1/customers/acme/connections/${id}/credentials`)).status, 200);
    const audit = await hitch.admin.get(`/v1/audit-log?resource=connection/${id}&action=connection.reconnect`);
    assert.equal(audit.body.data[0].outcome, 'success');
    const events = await hitch.admin.get('/v1/events?customerId=acme&name=connection.updated');
    assert.equal(events.body.data[0].connectionId, id);
  });

  describe('the browser that started the sign-in', () => {
    it('is the only one whose callback counts: a sign-in link passed to someone else creates nothing', async () => {
      for (const withGuessedCookie of [false, true]) {
        const started = await startOAuth(widget, 'mock-crm');
        // The starter's browser was bound; another one opens the provider's page and comes back
        const callback = await authorize(started.body);
        const guessed: Record<string, string> = withGuessedCookie ? { cookie: `hitch_oauth_${started.body.attemptId}=guessed` } : {};
        const before = [await connectionCount(), provider.tokenRequests.length];
        const response = await fetch(callback.url, { headers: guessed });
        assert.equal(response.status, 400);
        assert.match(await response.text(), /started in another browser/);
        assert.deepEqual([await connectionCount(), provider.tokenRequests.length], before);
        const attempt = await widget.get(`/v1/widget/oauth/attempts/${started.body.attemptId}`);
        assert.deepEqual([attempt.body.status, attempt.body.error], ['failed', 'browser_mismatch']);
        // The state is spent: the bound browser cannot finish it either
        assert.equal((await visit(callback)).status, 400);
      }
    });

    it('is bound only by the attempt key, and the cookie stays on the OAuth pages, HttpOnly, until the callback spends it', async () => {
      const started = await startOAuth(widget, 'mock-crm');
      const bind = (key: string) =>
        fetch(started.body.authorizeUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key }) });
      assert.equal((await bind('not-the-key')).status, 404);
      const asForm = await fetch(started.body.authorizeUrl, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ key: started.body.browserKey }) });
      assert.equal(asForm.status, 400, 'only JSON, which a cross-site page cannot send without CORS');

      const bound = await bind(started.body.browserKey);
      assert.equal(bound.status, 200);
      const setCookie = bound.headers.get('set-cookie')!;
      assert.match(setCookie, new RegExp(`^hitch_oauth_${started.body.attemptId}=[\\w-]{43}; Path=/oauth; Max-Age=600; HttpOnly; SameSite=Lax$`));
      assert.equal(new URL((await bound.json()).url).origin, new URL(provider.issuer).origin);

      const { url } = await authorize(started.body);
      const page = await fetch(url, { headers: { cookie: setCookie.split(';')[0] } });
      assert.match(page.headers.get('set-cookie')!, new RegExp(`^hitch_oauth_${started.body.attemptId}=; Path=/oauth; Max-Age=0`));
      assert.equal((await bind(started.body.browserKey)).status, 404, 'a used attempt binds no more');
    });

    it('is asked for the key by a page that talks only to the recorded origin and shows no provider URL', async () => {
      const started = await startOAuth(widget, 'mock-crm');
      const page = await fetch(started.body.authorizeUrl);
      const html = await page.text();
      assert.equal(page.status, 200);
      const csp = page.headers.get('content-security-policy')!;
      assert.match(csp, /^default-src 'none'; script-src 'nonce-[^']+'; style-src 'nonce-[^']+'; connect-src 'self';/);
      assert.equal(page.headers.get('cross-origin-opener-policy'), 'unsafe-none');
      assert.ok(html.includes(JSON.stringify({ attemptId: started.body.attemptId, origin: testOrigin })));
      assert.match(html, /window\.opener\.postMessage\(\{ type: 'hitch:oauth-ready', attemptId \}, origin\)/);
      assert.match(html, /event\.origin !== origin \|\| event\.source !== window\.opener/);
      assert.doesNotMatch(html, /['"]\*['"]/);
      assert.ok(!html.includes(provider.issuer) && !html.includes(started.body.browserKey), 'the page holds neither the provider URL nor the key');

      for (const attemptId of ['oat_unknown', started.body.attemptId]) {
        if (attemptId === started.body.attemptId) await visit(await authorize(started.body));
        const gone = await fetch(`${hitch.url}/oauth/authorize/${attemptId}`);
        assert.equal(gone.status, 400);
        assert.doesNotMatch(await gone.text(), /<script/);
      }
    });
  });
});
