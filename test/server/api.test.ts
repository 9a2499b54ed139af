import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { routes } from '../../server/routes/index.ts';
import { request } from '../helpers/http.ts';
import { startTestHitch, type TestHitch } from '../helpers/startTestHitch.ts';
import { testAdminKey } from '../helpers/testConfig.ts';

describe('the HTTP surface', () => {
  let hitch: TestHitch;
  before(async () => {
    hitch = await startTestHitch();
  });
  after(() => hitch.close());

  it('GET /healthz answers 200 {status: ok}', async () => {
    const response = await request(hitch.url, 'GET', '/healthz');
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, { status: 'ok' });
  });

  it('answers unknown routes with 404 problem JSON', async () => {
    for (const [method, path] of [['GET', '/nope'], ['POST', '/v1/unknown'], ['DELETE', '/v1/customers'], ['GET', '/v1/customers/x/y/z'], ['GET', '/healthz/x']]) {
      const response = await request(hitch.url, method, path);
      assert.equal(response.status, 404, `${method} ${path}`);
      assert.equal(response.headers.get('content-type'), 'application/problem+json; charset=utf-8');
      assert.equal(response.body.code, 'not_found');
    }
  });

  it('matches paths as Express does: letter case and a trailing slash do not matter', async () => {
    assert.equal((await request(hitch.url, 'GET', '/healthz/')).status, 200);
    assert.equal((await hitch.admin.get('/V1/Customers')).status, 200);
    assert.equal((await hitch.admin.get('/v1/customers/')).status, 200);
  });

  it('logs one line per request with its full path, without the query, also under mounted routers', async () => {
    await request(hitch.url, 'GET', '/v1/docs/init.js?code=secret-code');
    const line = hitch.logs.map((text) => JSON.parse(text)).find((entry) => entry.msg === 'request' && entry.path.endsWith('init.js'));
    assert.deepEqual({ method: line.method, path: line.path, status: line.status }, { method: 'GET', path: '/v1/docs/init.js', status: 200 });
    assert.ok(!hitch.logs.some((text) => text.includes('secret-code')));
  });

  it('answers HEAD like GET without a body, and OPTIONS with the methods a path allows', async () => {
    const head = await fetch(`${hitch.url}/v1/customers`, { method: 'HEAD', headers: { authorization: `Bearer ${testAdminKey}` } });
    assert.equal(head.status, 200);
    assert.equal(await head.text(), '');
    const options = await fetch(`${hitch.url}/v1/customers`, { method: 'OPTIONS' });
    assert.equal(options.status, 200);
    assert.equal(options.headers.get('allow'), 'GET, HEAD, POST');
    assert.equal((await fetch(`${hitch.url}/v1/nowhere`, { method: 'OPTIONS' })).status, 404);
  });

  it('refuses a path parameter with a malformed percent-encoding as the caller\'s error', async () => {
    for (const path of ['/v1/customers/%E0%A4%A', '/v1/customers/acme/connections/conn_%ZZ']) {
      const response = await hitch.admin.get(path);
      assert.equal(response.status, 400, path);
      assert.equal(response.body.code, 'validation_failed', path);
    }
  });

  it('sends API answers the REST security headers: nothing may render, frame or cache them', async () => {
    for (const response of [await request(hitch.url, 'GET', '/healthz'), await hitch.admin.get('/v1/customers'), await request(hitch.url, 'GET', '/nope')]) {
      assert.equal(response.headers.get('x-powered-by'), null);
      assert.equal(response.headers.get('content-security-policy'), "default-src 'none';frame-ancestors 'none'");
      assert.equal(response.headers.get('x-frame-options'), 'DENY');
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
      assert.equal(response.headers.get('cache-control'), 'no-store');
      assert.ok(response.headers.get('strict-transport-security'));
    }
    // Public keys may be cached: the route says so itself
    assert.equal((await request(hitch.url, 'GET', '/.well-known/jwks.json')).headers.get('cache-control'), 'public, max-age=300');
  });

  it("sends pages helmet's defaults", async () => {
    for (const path of ['/v1/docs/', '/V1/Docs/init.js']) {
      const response = await request(hitch.url, 'GET', path);
      assert.equal(response.status, 200, path);
      assert.match(response.headers.get('content-security-policy')!, /default-src 'self'/, path);
      assert.equal(response.headers.get('x-frame-options'), 'SAMEORIGIN', path);
      assert.equal(response.headers.get('cross-origin-opener-policy'), 'same-origin', path);
      assert.equal(response.headers.get('x-powered-by'), null, path);
    }
  });

  describe('GET /v1/openapi.json', () => {
    it('is OpenAPI 3.1 and documents every route with its schemas', async () => {
      const { body } = await request(hitch.url, 'GET', '/v1/openapi.json');
      assert.equal(body.openapi, '3.1.0');
      for (const route of routes) {
        const path = route.path.replace(/:(\w+)/g, '{$1}').replace(/\*(\w+)/g, '{$1}');
        const method = route.method === 'all' ? 'get' : route.method;
        assert.ok(body.paths[path]?.[method], `${method} ${path} is documented`);
      }
      const create = body.paths['/v1/customers'].post;
      assert.equal(create.requestBody.content['application/json'].schema.additionalProperties, false);
      assert.ok(create.requestBody.content['application/json'].schema.properties.id.pattern);
      assert.deepEqual(create.security, [{ adminKey: [] }]);
      assert.deepEqual(body.paths['/v1/widget/session'].get.security, [{ widgetToken: [] }]);
      const integration = body.paths['/v1/integrations/{key}'].put.requestBody.content['application/json'].schema;
      assert.ok(integration.properties.authType && integration.properties.oauth2, 'the integration body is documented');
    });

    it('is rendered at /v1/docs from assets this server serves', async () => {
      const page = await request(hitch.url, 'GET', '/v1/docs');
      assert.equal(page.status, 200);
      assert.match(page.text, /swagger-ui/);
      assert.equal((await request(hitch.url, 'GET', '/v1/docs/assets/swagger-ui-bundle.js')).status, 200);
    });
  });

  describe('widget API CORS', () => {
    it('answers preflights and reflects the Origin, also on 401s', async () => {
      const preflight = await fetch(`${hitch.url}/v1/widget/session`, {
        method: 'OPTIONS',
        headers: { origin: 'https://app.example.com', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
      });
      assert.equal(preflight.status, 204);
      assert.equal(preflight.headers.get('access-control-allow-origin'), 'https://app.example.com');
      assert.match(preflight.headers.get('access-control-allow-headers')!, /Authorization/);
      const refused = await request(hitch.url, 'GET', '/v1/widget/session', { headers: { origin: 'https://app.example.com' } });
      assert.equal(refused.status, 401);
      assert.equal(refused.headers.get('access-control-allow-origin'), 'https://app.example.com');
    });

    it('does not open the admin API to other origins', async () => {
      const preflight = await fetch(`${hitch.url}/v1/customers`, {
        method: 'OPTIONS',
        headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' },
      });
      assert.equal(preflight.headers.get('access-control-allow-origin'), null);
    });
  });
});
