import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { ManualClock } from '../../server/clock.ts';
import { configureOAuthIntegration, connectOAuth, startMockProvider, testOrigin, type MockProvider } from '../helpers/oauthMock.ts';
import { startTestHitch, type TestHitch } from '../helpers/startTestHitch.ts';
import { testAdminKey } from '../helpers/testConfig.ts';
import { startUpstream, type Upstream } from '../helpers/upstream.ts';

/** A request exactly as written: no path normalization, any header (fetch allows neither). */
function rawRequest(base: string, method: string, path: string, headers: Record<string, string> = {}, body?: string) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = httpRequest(new URL(base), { method, path, headers: { authorization: `Bearer ${testAdminKey}`, ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('ANY /v1/customers/:id/connections/:connectionId/proxy/*path', () => {
  let hitch: TestHitch;
  let provider: MockProvider;
  let upstream: Upstream;
  let gzipServer: Server;
  const gzipSeen: (string | undefined)[] = [];
  const ids: Record<string, string> = {};
  const proxyPath = (name: string, rest: string) => `/v1/customers/acme/connections/${ids[name]}/proxy${rest}`;

  before(async () => {
    provider = await startMockProvider();
    upstream = await startUpstream(({ url }): { status: number; body?: unknown; headers: Record<string, string> } => {
      if (url.includes('/moved')) return { status: 302, headers: { location: 'https://elsewhere.example/x' } };
      if (url.includes('/big')) return { status: 200, body: { blob: 'x'.repeat(1_000_000) }, headers: {} };
      return { status: url.includes('/missing') ? 404 : 201, body: { echoed: url }, headers: { 'x-provider': 'acme', 'set-cookie': 'sid=provider-session' } };
    });
    gzipServer = createServer((req, res) => {
      gzipSeen.push(req.headers['accept-encoding']);
      const body = gzipSync('{"zipped":true}');
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': body.length }).end(body);
    });
    await new Promise<void>((resolve) => gzipServer.listen(0, '127.0.0.1', resolve));
    hitch = await startTestHitch();
    await hitch.createCustomer('acme');
    await configureOAuthIntegration(hitch, 'crm', provider, { apiBaseUrl: `${upstream.url}/api/v2` });
    await configureOAuthIntegration(hitch, 'shop', provider, {
      apiBaseUrl: `${upstream.url}/admin`,
      apiHeaders: { 'Api-Version': '2026-07' },
      oauth2: { tokenHeader: { name: 'X-Shop-Token' } },
    });
    await configureOAuthIntegration(hitch, 'zipped', provider, { apiBaseUrl: `http://127.0.0.1:${(gzipServer.address() as AddressInfo).port}` });
    await hitch.admin.put('/v1/integrations/query-keys', { name: 'Query keys', authType: 'apiKey', apiBaseUrl: upstream.url, apiKey: { in: 'query', name: 'key' } });
    const widget = await hitch.widgetFor('acme', { origins: [testOrigin] });
    for (const name of ['crm', 'shop', 'zipped']) ids[name] = (await connectOAuth(hitch, widget, name)).attempt.connectionId;
    ids.keys = (await widget.post('/v1/widget/connections', { integration: 'query-keys', credentials: { apiKey: 'connection-key' } })).body.id;
  });
  after(async () => {
    await hitch.close();
    await Promise.all([provider.close(), upstream.close(), new Promise((resolve) => gzipServer.close(resolve))]);
  });

  const accessToken = async (name: string) =>
    (await hitch.admin.get(`/v1/customers/acme/connections/${ids[name]}/credentials`)).body.accessToken as string;

  it('rejects a missing or wrong credential, and a widget token', async () => {
    assert.equal((await rawRequest(hitch.url, 'GET', proxyPath('crm', '/contacts'), { authorization: '' })).status, 401);
    assert.equal((await rawRequest(hitch.url, 'GET', proxyPath('crm', '/contacts'), { authorization: 'Bearer wrong' })).status, 401);
    const widget = await hitch.widgetFor('acme', { origins: [testOrigin] });
    assert.equal((await rawRequest(hitch.url, 'GET', proxyPath('crm', '/contacts'), { authorization: `Bearer ${widget.token}` })).status, 401);
  });

  it("forwards method, path, query and body with the connection's token, never the caller's credentials", async () => {
    const body = JSON.stringify({ name: 'Ada' });
    const response = await rawRequest(hitch.url, 'POST', proxyPath('crm', '/contacts/a%3Ab?limit=5&q=x%20y'), {
      'content-type': 'application/json',
      cookie: 'hitch-session=secret',
      connection: 'keep-alive, x-hop',
      'x-hop': 'only-for-this-hop',
      'x-forwarded-for': '6.6.6.6',
      'x-request-id': 'req-1',
    }, body);
    assert.equal(response.status, 201);
    const seen = upstream.seen.at(-1)!;
    assert.deepEqual([seen.method, seen.url, seen.body], ['POST', '/api/v2/contacts/a%3Ab?limit=5&q=x%20y', body]);
    assert.equal(seen.headers.authorization, `Bearer ${await accessToken('crm')}`);
    assert.ok(!JSON.stringify(seen.headers).includes(testAdminKey), "the caller's admin key is never forwarded");
    assert.deepEqual([seen.headers.cookie, seen.headers['x-hop'], seen.headers['x-forwarded-for']], [undefined, undefined, undefined]);
    assert.deepEqual([seen.headers['content-type'], seen.headers['x-request-id']], ['application/json', 'req-1']);
  });

  it("passes the provider's status, body and headers back, without its cookies", async () => {
    const response = await rawRequest(hitch.url, 'GET', proxyPath('crm', '/missing'));
    assert.equal(response.status, 404);
    assert.deepEqual(JSON.parse(response.body), { echoed: '/api/v2/missing' });
    assert.equal(response.headers['x-provider'], 'acme');
    assert.equal(response.headers['set-cookie'], undefined);
  });

  it('streams large answers, and refuses request bodies over 10 MB with 413', async () => {
    const big = await rawRequest(hitch.url, 'GET', proxyPath('crm', '/big'));
    assert.equal(big.status, 200);
    assert.equal(JSON.parse(big.body).blob.length, 1_000_000);
    const before = upstream.seen.length;
    const tooLarge = await rawRequest(hitch.url, 'POST', proxyPath('crm', '/upload'), { 'content-type': 'application/octet-stream' }, 'x'.repeat(10 * 1024 * 1024 + 1));
    assert.equal(tooLarge.status, 413);
    assert.equal(upstream.seen.length, before);
  });

  it('passes redirects on instead of following them', async () => {
    const response = await rawRequest(hitch.url, 'GET', proxyPath('crm', '/moved'));
    assert.equal(response.status, 302);
    assert.equal(response.headers.location, 'https://elsewhere.example/x');
  });

  it("passes a compressed body on as the provider sent it, with the caller's Accept-Encoding forwarded", async () => {
    const response = await new Promise<{ headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      const headers = { authorization: `Bearer ${testAdminKey}`, 'accept-encoding': 'gzip' };
      httpRequest(new URL(proxyPath('zipped', '/data'), hitch.url), { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk)).on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      }).on('error', reject).end();
    });
    assert.equal(response.headers['content-encoding'], 'gzip');
    assert.equal(Number(response.headers['content-length']), response.body.length);
    assert.equal(gunzipSync(response.body).toString(), '{"zipped":true}');
    assert.equal(gzipSeen.at(-1), 'gzip');
  });

  it("uses the integration's token header and fixed headers, and replaces a caller's API key in the query", async () => {
    await rawRequest(hitch.url, 'GET', proxyPath('shop', '/shop.json'), { 'x-shop-token': 'forged' });
    const seen = upstream.seen.at(-1)!;
    assert.deepEqual([seen.headers['x-shop-token'], seen.headers.authorization, seen.headers['api-version']], [await accessToken('shop'), undefined, '2026-07']);
    await rawRequest(hitch.url, 'GET', proxyPath('keys', '/items?key=forged&page=2'));
    assert.equal(upstream.seen.at(-1)!.url, '/items?key=connection-key&page=2');
  });

  it('refreshes an expiring OAuth token before forwarding', async () => {
    provider.overrideTokens(({ body }) =>
      body.grant_type === 'refresh_token' ? { statusCode: 200, body: { access_token: 'fresh-for-proxy', expires_in: 3600 } } : undefined,
    );
    (hitch.clock as ManualClock).advance(3600_000);
    await rawRequest(hitch.url, 'GET', proxyPath('crm', '/contacts'));
    assert.equal(upstream.seen.at(-1)!.headers.authorization, 'Bearer fresh-for-proxy');
    provider.overrideTokens(undefined);
  });

  it("refuses a path that climbs out of the integration's API base", async () => {
    const before = upstream.seen.length;
    for (const path of ['/../../secret', '/%2e%2e/%2E%2E/secret', '/v3/%2e%2e/%2e%2e/%2e%2e/secret']) {
      assert.equal((await rawRequest(hitch.url, 'GET', proxyPath('crm', path))).status, 400, path);
    }
    assert.equal(upstream.seen.length, before);
  });

  it('refuses an encoded slash or backslash in the path (a provider that decodes it would climb out), not in the query', async () => {
    const before = upstream.seen.length;
    for (const path of ['/..%2f..%2fsecret', '/%2e%2e%2fsecret', '/%2E%2E%2Fsecret', '/a%2Fb', '/..%5c..%5csecret', '/%2e%2e%5Csecret', '/v3%2f']) {
      const refused = await rawRequest(hitch.url, 'GET', proxyPath('crm', path));
      assert.equal(refused.status, 400, path);
      assert.equal(JSON.parse(refused.body).code, 'validation_failed', path);
    }
    assert.equal(upstream.seen.length, before, 'nothing was forwarded');
    assert.ok((await rawRequest(hitch.url, 'GET', proxyPath('crm', '/contacts?next=a%2Fb%5Cc'))).status < 300);
    assert.equal(upstream.seen.at(-1)!.url, '/api/v2/contacts?next=a%2Fb%5Cc');
  });

  it('answers 502 upstream_error when the provider cannot be reached, and 404 for an unknown connection', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await configureOAuthIntegration(hitch, 'crm', provider, { apiBaseUrl: `http://127.0.0.1:${port}` });
    const response = await rawRequest(hitch.url, 'GET', proxyPath('crm', '/contacts'));
    assert.equal(response.status, 502);
    assert.equal(JSON.parse(response.body).code, 'upstream_error');
    await configureOAuthIntegration(hitch, 'crm', provider, { apiBaseUrl: `${upstream.url}/api/v2` });
    assert.equal((await rawRequest(hitch.url, 'GET', '/v1/customers/acme/connections/conn_nope/proxy/x')).status, 404);
  });

  it('ends the upstream call when the caller leaves before the answer', { timeout: 10_000 }, async () => {
    let arrived!: () => void;
    const requestArrived = new Promise<void>((resolve) => (arrived = resolve));
    let ended!: () => void;
    const upstreamEnded = new Promise<void>((resolve) => (ended = resolve));
    // A provider that never answers
    const silent = createServer((req) => {
      req.socket.once('close', ended);
      arrived();
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      await configureOAuthIntegration(hitch, 'crm', provider, { apiBaseUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}` });
      const caller = httpRequest(new URL(`${hitch.url}${proxyPath('crm', '/slow')}`), { headers: { authorization: `Bearer ${testAdminKey}` } });
      caller.on('error', () => {});
      caller.end();
      await requestArrived;
      caller.destroy();
      await upstreamEnded;
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
      await configureOAuthIntegration(hitch, 'crm', provider, { apiBaseUrl: `${upstream.url}/api/v2` });
    }
  });

  it('audits calls that may change data (method, path, status), not reads, and never the query', async () => {
    await rawRequest(hitch.url, 'DELETE', proxyPath('crm', '/contacts/7?token=do-not-log'));
    await rawRequest(hitch.url, 'GET', proxyPath('crm', '/contacts/8'));
    const log = await hitch.admin.get(`/v1/audit-log?action=connection.proxy&resource=connection/${ids.crm}`);
    assert.equal(log.body.data[0].detail, 'DELETE /contacts/7 → 201');
    assert.equal(log.body.data[0].user, 'admin');
    assert.ok(!log.text.includes('do-not-log') && !log.text.includes('/contacts/8'));
  });
});
