import assert from 'node:assert/strict';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { configureOAuthIntegration, startMockProvider, testOrigin, type MockProvider } from '../helpers/oauthMock.ts';
import { startTestHitch, type TestHitch } from '../helpers/startTestHitch.ts';
import { testAdminKey } from '../helpers/testConfig.ts';

const publicUrl = 'https://hitch.example.test';

/**
 * What a client behind a confused or hostile proxy might send: another Host and forwarded host
 * and protocol. The server trusts one proxy hop here, so Express would believe them if asked.
 */
const spoofedHost = { host: 'attacker.example:8443', 'x-forwarded-host': 'attacker.example', 'x-forwarded-proto': 'http' };

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: any;
}

/** A request to `baseUrl` with the spoofed Host header (fetch always sends the real one). */
function spoofed(baseUrl: string, method: string, path: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...spoofedHost, ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  if (payload !== undefined) headers['content-type'] = 'application/json';
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL(path, baseUrl), { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode!, headers: res.headers, body: /json/.test(res.headers['content-type'] ?? '') ? JSON.parse(text) : text });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

describe('HITCH_PUBLIC_URL other than the listen address', () => {
  let hitch: TestHitch;
  let provider: MockProvider;
  const call = (method: string, path: string, options?: Parameters<typeof spoofed>[3]) => spoofed(hitch.listenUrl, method, path, options);
  const mintToken = async () => {
    const minted = await call('POST', '/v1/customers/acme/tokens', { token: testAdminKey, body: { origins: [testOrigin] } });
    assert.equal(minted.status, 201, JSON.stringify(minted.body));
    return minted.body.token as string;
  };

  before(async () => {
    provider = await startMockProvider();
    hitch = await startTestHitch({ env: { HITCH_PUBLIC_URL: publicUrl, HITCH_TRUST_PROXY: '1' } });
    await hitch.createCustomer('acme');
    await configureOAuthIntegration(hitch, 'mock-crm', provider);
  });
  after(async () => {
    await hitch.close();
    await provider.close();
  });

  it('is the URL the server reports, while it listens elsewhere', () => {
    assert.equal(hitch.url, publicUrl);
    assert.match(hitch.listenUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('is the iss of widget tokens, which verify against the JWKS and are accepted', async () => {
    const token = await mintToken();
    const jwks = await call('GET', '/.well-known/jwks.json');
    assert.equal(jwks.status, 200);
    const { payload } = await jwtVerify(token, createLocalJWKSet(jwks.body), {
      issuer: publicUrl,
      audience: 'hitch:widget',
      currentDate: new Date(hitch.clock.now()),
    });
    assert.equal(payload.sub, 'acme');
    assert.equal((await call('GET', '/v1/widget/session', { token })).status, 200);
  });

  it('is the server URL of the OpenAPI document', async () => {
    const document = await call('GET', '/v1/openapi.json');
    assert.equal(document.status, 200);
    assert.deepEqual(document.body.servers, [{ url: publicUrl }]);
  });

  it('is the base of the OAuth redirect_uri, in the authorize URL and in the code exchange', async () => {
    const token = await mintToken();
    const started = await call('POST', '/v1/widget/oauth/mock-crm/start', { token, body: {}, headers: { origin: testOrigin } });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    assert.equal(started.body.authorizeUrl, `${publicUrl}/oauth/authorize/${started.body.attemptId}`);

    // The popup's page binds the browser at the public URL (the proxy there forwards to the listen address)
    const bound = await call('POST', `/oauth/authorize/${started.body.attemptId}`, { body: { key: started.body.browserKey } });
    assert.equal(bound.status, 200, JSON.stringify(bound.body));
    const [setCookie] = bound.headers['set-cookie']!;
    assert.match(setCookie, /; SameSite=Lax; Secure$/, 'an https public URL gets a Secure cookie');
    const providerUrl = new URL(bound.body.url);
    assert.equal(providerUrl.searchParams.get('redirect_uri'), `${publicUrl}/oauth/callback`);

    // The provider sends the browser to the public URL
    const callback = new URL((await fetch(providerUrl, { redirect: 'manual' })).headers.get('location')!);
    assert.equal(`${callback.origin}${callback.pathname}`, `${publicUrl}/oauth/callback`);
    const exchanges = provider.tokenRequests.length;
    const page = await call('GET', `${callback.pathname}${callback.search}`, { headers: { cookie: setCookie.split(';')[0] } });
    assert.equal(page.status, 200, String(page.body));
    const [exchange] = provider.tokenRequests.slice(exchanges);
    assert.deepEqual([exchange.body.grant_type, exchange.body.redirect_uri], ['authorization_code', `${publicUrl}/oauth/callback`]);
    const attempt = await call('GET', `/v1/widget/oauth/attempts/${started.body.attemptId}`, { token });
    assert.equal(attempt.body.status, 'succeeded');
  });
});
