/**
 * The demo OAuth provider "Acme CRM", over real HTTP on 127.0.0.1 with plain `fetch`, the way
 * any standard OAuth 2 client talks to it.
 */
import assert from 'node:assert/strict';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import { ManualClock } from '../../server/clock.ts';
import { createAcmeCrm, type AcmeCrm, type AcmeCrmOptions } from '../../demo/provider/createAcmeCrm.ts';
import { sendWebhook } from '../../demo/provider/webhooks.ts';

const redirectUri = 'http://127.0.0.1:9/oauth/callback';

interface Provider {
  crm: AcmeCrm;
  clock: ManualClock;
  created: unknown[];
  close(): Promise<void>;
}

async function startProvider(options: Partial<AcmeCrmOptions> = {}): Promise<Provider> {
  const clock = new ManualClock('2026-01-01T00:00:00Z');
  const created: unknown[] = [];
  const app = express();
  let crm: AcmeCrm | undefined;
  app.use('/demo/provider', (req, res, next) => crm!.router(req, res, next));
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  crm = createAcmeCrm({
    baseUrl: `http://127.0.0.1:${port}/demo/provider`,
    clock,
    onContactCreated: (event) => void created.push(event),
    ...options,
  });
  return { crm, clock, created, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** RFC 6749 §2.3.1: id and secret are form-encoded, then base64'd. */
const basicAuth = (crm: AcmeCrm, secret = crm.clientSecret) =>
  `Basic ${Buffer.from(`${encodeURIComponent(crm.clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`;

function authorizeUrl(crm: AcmeCrm, params: Record<string, string | undefined> = {}): string {
  const url = new URL(crm.authorizationUrl);
  const defaults = { response_type: 'code', client_id: crm.clientId, redirect_uri: redirectUri, state: 'st-123', code_challenge_method: 'S256' };
  for (const [name, value] of Object.entries({ ...defaults, ...params })) if (value !== undefined) url.searchParams.set(name, value);
  return url.href;
}

const getManual = (url: string) => fetch(url, { redirect: 'manual' });

/** Walks the consent page like a browser without JavaScript: GET the page, POST its form. */
async function consent(crm: AcmeCrm, params: Record<string, string | undefined>, decision = 'allow', userName = 'Demo user') {
  const page = await getManual(authorizeUrl(crm, params));
  assert.equal(page.status, 200);
  const consentId = /name="consent_id" value="([^"]+)"/.exec(await page.text())![1];
  const response = await fetch(`${crm.issuer}/authorize/decision`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ consent_id: consentId, user_name: userName, decision }),
  });
  assert.equal(response.status, 303);
  return new URL(response.headers.get('location')!);
}

async function getCode(crm: AcmeCrm, userName = 'Demo user', scope?: string) {
  const { verifier, challenge } = pkcePair();
  const location = await consent(crm, { code_challenge: challenge, scope }, 'allow', userName);
  return { code: location.searchParams.get('code')!, verifier };
}

function postForm(url: string, form: Record<string, string>, authorization?: string) {
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
  if (authorization) headers.Authorization = authorization;
  return fetch(url, { method: 'POST', headers, body: new URLSearchParams(form) });
}

const exchange = (crm: AcmeCrm, code: string, verifier: string) =>
  postForm(crm.tokenUrl, { grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier }, basicAuth(crm));

const refresh = (crm: AcmeCrm, refreshToken: string) =>
  postForm(crm.tokenUrl, { grant_type: 'refresh_token', refresh_token: refreshToken }, basicAuth(crm));

async function tokensFor(crm: AcmeCrm, userName = 'Demo user', scope?: string) {
  const { code, verifier } = await getCode(crm, userName, scope);
  const response = await exchange(crm, code, verifier);
  assert.equal(response.status, 200);
  return (await response.json()) as { access_token: string; refresh_token: string; expires_in: number; scope: string };
}

const api = (crm: AcmeCrm, path: string, token?: string, init: RequestInit = {}) =>
  fetch(`${crm.apiBaseUrl}${path}`, { ...init, headers: { ...(token && { Authorization: `Bearer ${token}` }), ...init.headers } });

async function assertOAuthError(response: Response, status: number, error: string) {
  assert.equal(response.status, status);
  assert.equal(((await response.json()) as { error: string }).error, error);
}

describe('Acme CRM demo provider', () => {
  let provider: Provider;
  let crm: AcmeCrm;
  before(async () => {
    provider = await startProvider();
    crm = provider.crm;
  });
  after(() => provider.close());

  describe('GET /authorize', () => {
    it('shows an error page, never a redirect, for an unknown client or a bad redirect_uri', async () => {
      for (const params of [{ client_id: 'someone-else' }, { redirect_uri: 'javascript:alert(1)' }, { redirect_uri: '/relative' }]) {
        const response = await getManual(authorizeUrl(crm, { code_challenge: pkcePair().challenge, ...params }));
        assert.equal(response.status, 400);
        assert.equal(response.headers.get('location'), null);
      }
    });

    it('redirects invalid requests back with the error, state and iss', async () => {
      const cases: [Record<string, string | undefined>, string][] = [
        [{ code_challenge: undefined }, 'invalid_request'],
        [{ code_challenge: pkcePair().challenge, code_challenge_method: 'plain' }, 'invalid_request'],
        [{ code_challenge: pkcePair().challenge, response_type: 'token' }, 'unsupported_response_type'],
        [{ code_challenge: pkcePair().challenge, scope: 'contacts:read admin' }, 'invalid_scope'],
      ];
      for (const [params, error] of cases) {
        const response = await getManual(authorizeUrl(crm, params));
        assert.equal(response.status, 303);
        const location = new URL(response.headers.get('location')!);
        assert.equal(`${location.origin}${location.pathname}`, redirectUri);
        assert.equal(location.searchParams.get('error'), error);
        assert.equal(location.searchParams.get('state'), 'st-123');
        assert.equal(location.searchParams.get('iss'), crm.issuer);
      }
    });

    it('refuses repeated parameters, and takes any value of a single one', async () => {
      const repeated = await getManual(`${authorizeUrl(crm, { code_challenge: pkcePair().challenge })}&state=other`);
      assert.equal(new URL(repeated.headers.get('location')!).searchParams.get('error'), 'invalid_request');
      const location = await consent(crm, { code_challenge: pkcePair().challenge, state: 'repeated' });
      assert.equal(location.searchParams.get('state'), 'repeated');
      assert.ok(location.searchParams.get('code'));
    });

    it('holds a client to its registered redirect URIs', async () => {
      const strict = await startProvider({ redirectUris: [redirectUri] });
      try {
        const other = await getManual(authorizeUrl(strict.crm, { code_challenge: pkcePair().challenge, redirect_uri: 'https://evil.example/cb' }));
        assert.equal(other.status, 400);
        assert.equal(other.headers.get('location'), null);
        assert.ok((await consent(strict.crm, { code_challenge: pkcePair().challenge })).searchParams.get('code'));
      } finally {
        await strict.close();
      }
    });

    it('renders a consent page that needs no script and passes a strict CSP', async () => {
      const response = await getManual(authorizeUrl(crm, { code_challenge: pkcePair().challenge }));
      const html = await response.text();
      assert.match(html, /<title>Acme CRM — Hitch demo wants to access your contacts<\/title>/);
      assert.match(html, /<h1>Hitch demo wants to access your contacts<\/h1>/);
      assert.match(html, /<label for="user-name">[^<]+<\/label>/);
      assert.match(html, /id="user-name" name="user_name" value="Demo user"/);
      assert.match(html, /<form method="post" action="\/demo\/provider\/authorize\/decision">/);
      assert.match(html, /<button type="submit" name="decision" value="allow"[^>]*>Allow<\/button>/);
      assert.match(html, /<button type="submit" name="decision" value="deny"[^>]*>Deny<\/button>/);
      assert.doesNotMatch(html, /<script|<style|\sstyle=|\son[a-z]+=/i);
      const csp = response.headers.get('content-security-policy')!;
      assert.match(csp, /default-src 'none'/);
      assert.match(csp, /style-src 'self'/);
      assert.match(csp, /form-action 'self' http:\/\/127\.0\.0\.1:9/);
      assert.match(csp, /frame-ancestors 'none'/);
      const css = await fetch(`${crm.issuer}/consent.css`);
      assert.match(css.headers.get('content-type')!, /^text\/css/);
    });

    it('escapes what it shows', async () => {
      const other = await startProvider({ clientName: '<img src=x onerror=alert(1)>' });
      try {
        const html = await (await getManual(authorizeUrl(other.crm, { code_challenge: pkcePair().challenge }))).text();
        assert.doesNotMatch(html, /<img/);
      } finally {
        await other.close();
      }
    });
  });

  describe('POST /authorize/decision', () => {
    it('redirects a denial with access_denied, the state and iss', async () => {
      const location = await consent(crm, { code_challenge: pkcePair().challenge }, 'deny');
      assert.equal(location.searchParams.get('error'), 'access_denied');
      assert.equal(location.searchParams.get('state'), 'st-123');
      assert.equal(location.searchParams.get('iss'), crm.issuer);
      assert.equal(location.searchParams.get('code'), null);
    });

    it('redirects an approval with a code, the state and iss', async () => {
      const location = await consent(crm, { code_challenge: pkcePair().challenge });
      assert.ok(location.searchParams.get('code'));
      assert.equal(location.searchParams.get('state'), 'st-123');
      assert.equal(location.searchParams.get('iss'), crm.issuer);
    });

    it('refuses an unknown or reused consent page', async () => {
      const decide = (consentId: string) =>
        fetch(`${crm.issuer}/authorize/decision`, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ consent_id: consentId, decision: 'allow', user_name: 'x' }),
        });
      const forged = await decide('forged');
      assert.equal(forged.status, 400);
      assert.equal(forged.headers.get('location'), null);

      const page = await getManual(authorizeUrl(crm, { code_challenge: pkcePair().challenge }));
      const consentId = /name="consent_id" value="([^"]+)"/.exec(await page.text())![1];
      assert.equal((await decide(consentId)).status, 303);
      const reused = await decide(consentId);
      assert.equal(reused.status, 400);
      assert.equal(reused.headers.get('location'), null);
    });
  });

  describe('POST /token', () => {
    it('rejects a missing or wrong client credential', async () => {
      const { code, verifier } = await getCode(crm);
      const form = { grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier };
      for (const authorization of [undefined, basicAuth(crm, 'wrong-secret')]) {
        const response = await postForm(crm.tokenUrl, form, authorization);
        assert.equal(response.headers.get('www-authenticate')?.startsWith('Basic'), true);
        await assertOAuthError(response, 401, 'invalid_client');
      }
    });

    it('exchanges a code and the right PKCE verifier for tokens', async () => {
      const { code, verifier } = await getCode(crm);
      const response = await exchange(crm, code, verifier);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('cache-control'), 'no-store');
      const body = (await response.json()) as Record<string, unknown>;
      assert.equal(body.token_type, 'Bearer');
      assert.equal(body.expires_in, 3600);
      assert.equal(body.scope, 'contacts:read contacts:write');
      assert.ok(typeof body.access_token === 'string' && typeof body.refresh_token === 'string');
    });

    it('accepts client_secret_post, but not both methods at once', async () => {
      const { code, verifier } = await getCode(crm);
      const form = { grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier };
      const withBoth = { ...form, client_id: crm.clientId, client_secret: crm.clientSecret };
      await assertOAuthError(await postForm(crm.tokenUrl, withBoth, basicAuth(crm)), 400, 'invalid_request');
      const { code: code2, verifier: verifier2 } = await getCode(crm);
      const post = { ...form, code: code2, code_verifier: verifier2, client_id: crm.clientId, client_secret: crm.clientSecret };
      assert.equal((await postForm(crm.tokenUrl, post)).status, 200);
    });

    it('refuses a wrong PKCE verifier, and the code is then spent', async () => {
      const { code, verifier } = await getCode(crm);
      await assertOAuthError(await exchange(crm, code, pkcePair().verifier), 400, 'invalid_grant');
      await assertOAuthError(await exchange(crm, code, verifier), 400, 'invalid_grant');
    });

    it('accepts a code once; a replay revokes the tokens issued from it', async () => {
      const { code, verifier } = await getCode(crm);
      const tokens = (await (await exchange(crm, code, verifier)).json()) as { access_token: string };
      await assertOAuthError(await exchange(crm, code, verifier), 400, 'invalid_grant');
      assert.equal((await api(crm, '/me', tokens.access_token)).status, 401);
    });

    it('refuses a code after 60 seconds, or with another redirect_uri', async () => {
      const late = await getCode(crm);
      provider.clock.advance(61_000);
      await assertOAuthError(await exchange(crm, late.code, late.verifier), 400, 'invalid_grant');
      const { code, verifier } = await getCode(crm);
      const form = { grant_type: 'authorization_code', code, redirect_uri: `${redirectUri}/other`, code_verifier: verifier };
      await assertOAuthError(await postForm(crm.tokenUrl, form, basicAuth(crm)), 400, 'invalid_grant');
    });

    it('rotates the refresh token and refuses the old one', async () => {
      const first = await tokensFor(crm);
      const response = await refresh(crm, first.refresh_token);
      assert.equal(response.status, 200);
      const second = (await response.json()) as { access_token: string; refresh_token: string };
      assert.notEqual(second.refresh_token, first.refresh_token);
      assert.notEqual(second.access_token, first.access_token);
      assert.equal((await api(crm, '/me', second.access_token)).status, 200);
      await assertOAuthError(await refresh(crm, first.refresh_token), 400, 'invalid_grant');
    });

    it('treats reuse of a rotated refresh token as a leak and revokes the grant', async () => {
      const first = await tokensFor(crm);
      const second = (await (await refresh(crm, first.refresh_token)).json()) as { access_token: string; refresh_token: string };
      await refresh(crm, first.refresh_token);
      await assertOAuthError(await refresh(crm, second.refresh_token), 400, 'invalid_grant');
      assert.equal((await api(crm, '/me', second.access_token)).status, 401);
    });

    it('refuses a refresh that widens the scope, without spending the token', async () => {
      const tokens = await tokensFor(crm, 'Demo user', 'contacts:read');
      const widen = { grant_type: 'refresh_token', refresh_token: tokens.refresh_token, scope: 'contacts:write' };
      await assertOAuthError(await postForm(crm.tokenUrl, widen, basicAuth(crm)), 400, 'invalid_scope');
      assert.equal((await refresh(crm, tokens.refresh_token)).status, 200);
    });

    it('answers unknown or missing grant types and non-form bodies per RFC 6749', async () => {
      await assertOAuthError(await postForm(crm.tokenUrl, { grant_type: 'password' }, basicAuth(crm)), 400, 'unsupported_grant_type');
      await assertOAuthError(await postForm(crm.tokenUrl, {}, basicAuth(crm)), 400, 'invalid_request');
      const json = await fetch(crm.tokenUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: basicAuth(crm) },
        body: JSON.stringify({ grant_type: 'refresh_token', refresh_token: 'x' }),
      });
      await assertOAuthError(json, 400, 'invalid_request');
    });
  });

  describe('POST /revoke', () => {
    it('rejects a missing client credential', async () => {
      await assertOAuthError(await postForm(crm.revocationUrl, { token: 'anything' }), 401, 'invalid_client');
    });

    it('revokes an access token', async () => {
      const tokens = await tokensFor(crm);
      assert.equal((await postForm(crm.revocationUrl, { token: tokens.access_token }, basicAuth(crm))).status, 200);
      assert.equal((await api(crm, '/me', tokens.access_token)).status, 401);
      assert.equal((await refresh(crm, tokens.refresh_token)).status, 200);
    });

    it('revokes a refresh token with the access tokens of its grant', async () => {
      const tokens = await tokensFor(crm);
      const form = { token: tokens.refresh_token, token_type_hint: 'refresh_token' };
      assert.equal((await postForm(crm.revocationUrl, form, basicAuth(crm))).status, 200);
      await assertOAuthError(await refresh(crm, tokens.refresh_token), 400, 'invalid_grant');
      assert.equal((await api(crm, '/me', tokens.access_token)).status, 401);
    });

    it('answers 200 for an unknown token', async () => {
      assert.equal((await postForm(crm.revocationUrl, { token: 'never-issued' }, basicAuth(crm))).status, 200);
    });
  });

  describe('/api', () => {
    it('rejects a missing or wrong bearer token', async () => {
      const missing = await api(crm, '/contacts');
      assert.equal(missing.status, 401);
      assert.equal(missing.headers.get('www-authenticate'), 'Bearer realm="Acme CRM"');
      const wrong = await api(crm, '/contacts', 'acme_at_not-a-token');
      assert.equal(wrong.status, 401);
      assert.match(wrong.headers.get('www-authenticate')!, /^Bearer realm="Acme CRM", error="invalid_token"/);
    });

    it('refuses an access token once it expires', async () => {
      const short = await startProvider({ accessTokenTtlSeconds: 120 });
      try {
        const tokens = await tokensFor(short.crm);
        assert.equal(tokens.expires_in, 120);
        assert.equal((await api(short.crm, '/me', tokens.access_token)).status, 200);
        short.clock.advance(121_000);
        assert.equal((await api(short.crm, '/me', tokens.access_token)).status, 401);
      } finally {
        await short.close();
      }
    });

    it('returns the user named on the consent page and their stable sample contacts', async () => {
      const { access_token } = await tokensFor(crm, 'Ada');
      const me = (await (await api(crm, '/me', access_token)).json()) as { id: string; name: string };
      assert.equal(me.name, 'Ada');
      const first = await (await api(crm, '/contacts', access_token)).json();
      const second = await (await api(crm, '/contacts', access_token)).json();
      assert.equal((first as { data: unknown[] }).data.length, 5);
      assert.deepEqual(second, first);
    });

    it('creates contacts for their owner only, and tells the listener', async () => {
      const grace = (await tokensFor(crm, 'Grace')).access_token;
      const alan = (await tokensFor(crm, 'Alan')).access_token;
      const created = await api(crm, '/contacts', grace, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'Margaret Hamilton', email: 'margaret@apollo.example' }),
      });
      assert.equal(created.status, 201);
      const contact = (await created.json()) as { id: string };
      const graceList = (await (await api(crm, '/contacts', grace)).json()) as { data: { id: string }[] };
      const alanList = (await (await api(crm, '/contacts', alan)).json()) as { data: { id: string }[] };
      assert.equal(graceList.data[0].id, contact.id);
      assert.ok(!alanList.data.some((item) => item.id === contact.id));
      const me = (await (await api(crm, '/me', grace)).json()) as { id: string; name: string };
      await new Promise((resolve) => setImmediate(resolve)); // the listener runs after the answer
      assert.deepEqual(provider.created.at(-1), { user: { id: me.id, name: me.name }, contact });
    });

    it('rejects invalid contacts and bodies', async () => {
      const { access_token } = await tokensFor(crm);
      const post = (body: string) =>
        api(crm, '/contacts', access_token, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
      assert.equal((await post(JSON.stringify({ name: 'No email' }))).status, 400);
      assert.equal((await post(JSON.stringify({ name: 'A', email: 'a@b.example', admin: true }))).status, 400);
      assert.equal((await post('{not json')).status, 400);
    });

    it('needs contacts:write to create a contact', async () => {
      const { access_token, scope } = await tokensFor(crm, 'Reader', 'contacts:read');
      assert.equal(scope, 'contacts:read');
      const response = await api(crm, '/contacts', access_token, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'A', email: 'a@b.example' }),
      });
      assert.equal(response.status, 403);
      assert.match(response.headers.get('www-authenticate')!, /error="insufficient_scope"/);
    });
  });

  describe('a standard client', () => {
    it('discovers the endpoints and completes the flow with them', async () => {
      const metadata = (await (await fetch(`${crm.issuer}/.well-known/oauth-authorization-server`)).json()) as Record<string, unknown>;
      assert.equal(metadata.issuer, crm.issuer);
      assert.deepEqual(metadata.code_challenge_methods_supported, ['S256']);
      assert.equal(metadata.token_endpoint, crm.tokenUrl);
      const { verifier, challenge } = pkcePair();
      const location = await consent(crm, { code_challenge: challenge });
      assert.equal(location.searchParams.get('iss'), metadata.issuer); // RFC 9207 mix-up defence
      const response = await postForm(String(metadata.token_endpoint), {
        grant_type: 'authorization_code',
        code: location.searchParams.get('code')!,
        redirect_uri: redirectUri,
        code_verifier: verifier,
      }, basicAuth(crm));
      const { access_token } = (await response.json()) as { access_token: string };
      assert.equal((await api(crm, '/me', access_token)).status, 200);
    });
  });
});

describe('sendWebhook', () => {
  it('posts the event signed with hmac-sha256-hex in X-Hitch-Signature', async () => {
    let received: { body: string; signature?: string; type?: string } | undefined;
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received = { body, signature: req.headers['x-hitch-signature'] as string, type: req.headers['content-type'] };
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const event = { type: 'contact.created', data: { name: 'Ünïcode Ñame' } };
      const result = await sendWebhook({ url: `http://127.0.0.1:${port}/hooks`, secret: 'whsec-demo-secret', event });
      assert.deepEqual(result, { status: 204, ok: true });
      assert.deepEqual(JSON.parse(received!.body), event);
      assert.equal(received!.type, 'application/json');
      const expected = createHmac('sha256', Buffer.from('whsec-demo-secret', 'utf8')).update(Buffer.from(received!.body, 'utf8')).digest('hex');
      assert.equal(received!.signature, expected);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
