import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ManualClock } from '../../server/clock.ts';
import { apiKeyIntegration, connectCustomer } from '../helpers/connect.ts';
import { configureOAuthIntegration, connectOAuth, startMockProvider, testOrigin, type MockProvider } from '../helpers/oauthMock.ts';
import { startTestHitch, type TestHitch } from '../helpers/startTestHitch.ts';
import { startUpstream, type SeenRequest, type Upstream } from '../helpers/upstream.ts';
import { workflowModule, workflowsDir } from '../helpers/workflowsDir.ts';

/**
 * Two real providers on loopback, on two ports: two origins. The integration's API is `api`;
 * `other` stands for any other origin a provider's redirect could name.
 */
const apiRoutes = (otherUrl: () => string) => (request: SeenRequest) => {
  const url = new URL(request.url, 'http://api.invalid');
  const to = (location: string, status = 302) => ({ status, headers: { location } });
  switch (url.pathname) {
    case '/redirect':
      return to(url.searchParams.get('to')!.replace('OTHER', otherUrl()));
    case '/redirect-307':
      return to(url.searchParams.get('to')!.replace('OTHER', otherUrl()), 307);
    case '/hop':
      return to('/final');
    case '/loop':
      return to('/loop');
    case '/post-303':
      return to('/echo', 303);
    case '/post-307':
      return to('/echo', 307);
    default:
      return { body: { method: request.method, path: url.pathname, query: url.search, body: request.body, key: request.headers['x-api-key'] ?? null } };
  }
};

/** Each workflow calls `connection.fetch` with its input's `path` and `init`, and returns what came back. */
const modules = {
  'call.ts': workflowModule(`{
    id: 'call',
    name: 'Call the API',
    integration: 'crm',
    triggers: { manual: true },
    async run(ctx) {
      const response = await ctx.connection.fetch(ctx.input.path, ctx.input.init);
      const text = await response.text();
      return { status: response.status, location: response.headers.get('location'), body: text ? JSON.parse(text) : null };
    },
  }`),
  'call-query-key.ts': workflowModule(`{
    id: 'call-query-key',
    name: 'Call the API with the key in the query',
    integration: 'crm-query',
    triggers: { manual: true },
    async run(ctx) {
      const response = await ctx.connection.fetch(ctx.input.path);
      return { status: response.status, location: response.headers.get('location') };
    },
  }`),
};

describe('credentials never follow a redirect to another origin', () => {
  let hitch: TestHitch;
  let api: Upstream;
  let other: Upstream;
  let provider: MockProvider;

  before(async () => {
    provider = await startMockProvider();
    other = await startUpstream(() => ({ body: { stolen: true } }));
    api = await startUpstream(apiRoutes(() => other.url));
    hitch = await startTestHitch({ env: { HITCH_WORKFLOWS_DIR: workflowsDir(modules) } });
    await apiKeyIntegration(hitch, 'crm', api.url, {
      apiKey: { in: 'header', name: 'x-api-key' },
      apiHeaders: { 'X-Account-Region': 'eu-secret-tenant' },
    });
    await apiKeyIntegration(hitch, 'crm-query', api.url, { apiKey: { in: 'query', name: 'api_key' } });
    await connectCustomer(hitch, 'acme', 'crm', 'acme-key');
    await connectCustomer(hitch, 'acme', 'crm-query', 'acme-query-key');
  });
  after(async () => {
    await hitch.close();
    await api.close();
    await other.close();
    await provider.close();
  });

  const run = async (input: unknown, workflowId = 'call') => {
    const started = await hitch.admin.post(`/v1/customers/acme/workflows/${workflowId}/runs`, { input });
    assert.equal(started.status, 202, started.text);
    await hitch.deps.activity.runs.idle();
    return (await hitch.admin.get(`/v1/executions/${started.body.id}`)).body;
  };
  const hitsOn = (upstream: Upstream, path: string) => upstream.seen.filter((request) => request.url.startsWith(path));

  describe('ctx.connection.fetch', () => {
    it('returns a redirect to another origin to the workflow, unfollowed: the other origin receives nothing', async () => {
      const execution = await run({ path: '/redirect?to=OTHER/collect' });
      assert.equal(execution.status, 'succeeded', execution.error);
      assert.deepEqual(execution.output, { status: 302, location: `${other.url}/collect`, body: null });
      assert.equal(other.seen.length, 0, 'no request reached the other origin');
      assert.equal(hitsOn(api, '/redirect')[0].headers['x-api-key'], 'acme-key');
    });

    it('treats another host name of the same server as another origin (localhost for 127.0.0.1)', async () => {
      const sameServerOtherName = api.url.replace('127.0.0.1', 'localhost');
      const execution = await run({ path: `/redirect?to=${encodeURIComponent(`${sameServerOtherName}/collect`)}` });
      assert.deepEqual([execution.output.status, execution.output.location], [302, `${sameServerOtherName}/collect`]);
      assert.deepEqual(hitsOn(api, '/collect'), []);
    });

    it('does not put a query-placed key on a redirect to another origin', async () => {
      const execution = await run({ path: '/redirect?to=OTHER/collect' }, 'call-query-key');
      assert.equal(execution.status, 'succeeded', execution.error);
      assert.deepEqual(execution.output, { status: 302, location: `${other.url}/collect` });
      assert.equal(other.seen.length, 0);
    });

    it('follows a redirect on the API origin, with the auth and apiHeaders added again', async () => {
      const execution = await run({ path: '/hop' });
      assert.equal(execution.output.status, 200);
      assert.deepEqual(execution.output.body, { method: 'GET', path: '/final', query: '', body: '', key: 'acme-key' });
      assert.equal(hitsOn(api, '/final').at(-1)!.headers['x-account-region'], 'eu-secret-tenant');
    });

    it('adds a query-placed key again on a same-origin hop', async () => {
      const before = hitsOn(api, '/final').length;
      const execution = await run({ path: '/hop' }, 'call-query-key');
      assert.equal(execution.output.status, 200);
      const final = hitsOn(api, '/final').slice(before);
      assert.deepEqual(final.map((request) => new URL(request.url, api.url).searchParams.get('api_key')), ['acme-query-key']);
    });

    it('follows at most 5 redirects, then returns the last one', async () => {
      const execution = await run({ path: '/loop' });
      assert.deepEqual([execution.output.status, execution.output.location], [302, '/loop']);
      assert.equal(hitsOn(api, '/loop').length, 6, 'the first request and 5 redirects');
    });

    it('turns a POST answered 303 into a GET without a body; keeps a 307 a POST with its body', async () => {
      const init = { method: 'POST', body: '{"name":"Ada"}', headers: { 'content-type': 'application/json' } };
      const seeOther = await run({ path: '/post-303', init });
      assert.deepEqual(seeOther.output.body, { method: 'GET', path: '/echo', query: '', body: '', key: 'acme-key' });
      const temporary = await run({ path: '/post-307', init });
      assert.deepEqual(temporary.output.body, { method: 'POST', path: '/echo', query: '', body: '{"name":"Ada"}', key: 'acme-key' });
    });

    it("honours the workflow's redirect: 'manual' (nothing followed) and 'error' (fails the call)", async () => {
      const manual = await run({ path: '/hop', init: { redirect: 'manual' } });
      assert.deepEqual([manual.output.status, manual.output.location], [302, '/final']);
      const error = await run({ path: '/hop', init: { redirect: 'error' } });
      assert.equal(error.status, 'failed');
      assert.match(error.error, /redirect is "error"/);
    });
  });

  describe('the credential test request of a new connection', () => {
    it('does not follow a redirect: the other origin receives nothing and the credentials are refused', async () => {
      await apiKeyIntegration(hitch, 'crm-tested', api.url, {
        apiKey: { in: 'header', name: 'x-api-key' },
        test: { method: 'GET', path: '/redirect?to=OTHER/me' },
      });
      const widget = await hitch.widgetFor('acme');
      const response = await widget.post('/v1/widget/connections', { integration: 'crm-tested', credentials: { apiKey: 'tested-key' } });
      assert.equal(response.status, 400);
      assert.equal(response.body.code, 'validation_failed');
      assert.equal(other.seen.length, 0);
    });
  });

  describe('OAuth token requests (code exchange and refresh)', () => {
    const tokenUrlRedirecting = () => `${api.url}/redirect-307?to=OTHER/token`;

    it('does not follow a redirect of the token endpoint at the code exchange: the client secret and code stay home', async () => {
      await configureOAuthIntegration(hitch, 'oauth-exchange', provider, { enabled: true, oauth2: { tokenUrl: tokenUrlRedirecting() } });
      const widget = await hitch.widgetFor('acme', { origins: [testOrigin] });
      const { attempt } = await connectOAuth(hitch, widget, 'oauth-exchange');
      assert.equal(attempt.status, 'failed');
      assert.equal(hitsOn(api, '/redirect-307').length, 1);
      assert.equal(other.seen.length, 0);
    });

    it('does not follow a redirect of the token endpoint at a refresh: the refresh token stays home', async () => {
      await configureOAuthIntegration(hitch, 'oauth-refresh', provider, { enabled: true });
      const widget = await hitch.widgetFor('acme', { origins: [testOrigin] });
      const { attempt } = await connectOAuth(hitch, widget, 'oauth-refresh');
      assert.equal(attempt.status, 'succeeded');
      await configureOAuthIntegration(hitch, 'oauth-refresh', provider, { enabled: true, oauth2: { tokenUrl: tokenUrlRedirecting() } });
      const before = hitsOn(api, '/redirect-307').length;
      (hitch.clock as ManualClock).advance(2 * 3600_000);
      const credentials = await hitch.admin.get(`/v1/customers/acme/connections/${attempt.connectionId}/credentials`);
      assert.notEqual(credentials.status, 200);
      assert.equal(hitsOn(api, '/redirect-307').length, before + 1);
      assert.equal(other.seen.length, 0);
    });
  });
});
