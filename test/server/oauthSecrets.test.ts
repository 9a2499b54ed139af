import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ManualClock } from '../../server/clock.ts';
import { authorize, configureOAuthIntegration, startMockProvider, startOAuth, testOrigin, visit, type MockProvider } from '../helpers/oauthMock.ts';
import { startTestHitch, type TestHitch } from '../helpers/startTestHitch.ts';
import { startUpstream, type Upstream } from '../helpers/upstream.ts';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('OAuth secrets stay out of logs and data files', () => {
  let hitch: TestHitch;
  let provider: MockProvider;
  let api: Upstream;
  const canaries: Record<string, string> = {
    clientSecret: 'CANARY-client-secret-7f3a9c',
    accessToken: 'CANARY-access-token-51d2e8',
    refreshToken: 'CANARY-refresh-token-0b6c44',
    rotatedAccess: 'CANARY-rotated-access-9e1f07',
    rotatedRefresh: 'CANARY-rotated-refresh-c83d2a',
  };

  before(async () => {
    provider = await startMockProvider();
    api = await startUpstream();
    hitch = await startTestHitch({ storage: 'files' });
    await hitch.createCustomer('acme');
    await configureOAuthIntegration(hitch, 'mock-crm', provider, {
      apiBaseUrl: api.url,
      oauth2: { clientSecret: canaries.clientSecret, revocationUrl: `${api.url}/revoke` },
    });
    provider.overrideTokens(({ body }) => {
      const [access, refresh] = body.grant_type === 'refresh_token' ? [canaries.rotatedAccess, canaries.rotatedRefresh] : [canaries.accessToken, canaries.refreshToken];
      return { statusCode: 200, body: { access_token: access, refresh_token: refresh, token_type: 'Bearer', expires_in: 3600 } };
    });
  });
  after(async () => {
    await hitch.close();
    await Promise.all([provider.close(), api.close()]);
  });

  it('never writes a token, code, verifier, state or client secret in plaintext', async () => {
    const widget = await hitch.widgetFor('acme', { origins: [testOrigin] });
    const started = await startOAuth(widget, 'mock-crm');
    const callback = await authorize(started.body);
    canaries.state = callback.url.searchParams.get('state')!;
    canaries.code = callback.url.searchParams.get('code')!;
    canaries.browserKey = started.body.browserKey;
    canaries.binding = callback.cookie.split('=')[1];
    assert.equal((await visit(callback)).status, 200);
    canaries.verifier = provider.tokenRequests.at(-1)!.body.code_verifier;
    const { connectionId } = (await widget.get(`/v1/widget/oauth/attempts/${started.body.attemptId}`)).body;

    // A refresh (rotating both tokens), a proxied call, a replayed callback, then a delete with revocation.
    (hitch.clock as ManualClock).advance(3600_000);
    assert.equal((await hitch.admin.get(`/v1/customers/acme/connections/${connectionId}/proxy/contacts?x=1`)).status, 200);
    assert.equal(api.seen.at(-1)!.headers.authorization, `Bearer ${canaries.rotatedAccess}`);
    assert.equal((await visit(callback)).status, 400);
    assert.equal((await hitch.admin.delete(`/v1/customers/acme/connections/${connectionId}`)).status, 204);
    assert.ok(api.seen.some((request) => request.body.includes(canaries.rotatedRefresh)), 'the revocation saw the token');
    await hitch.close();

    assert.ok(Object.values(canaries).every((value) => value && value.length >= 20));
    const logs = hitch.logs.join('');
    assert.match(logs, /"path":"\/oauth\/callback"/, 'the callback is logged, by path only');
    const files = filesUnder(hitch.deps.config.dataDir);
    assert.ok(files.some((file) => file.endsWith('state.json')));
    for (const [name, value] of Object.entries(canaries)) {
      assert.ok(!logs.includes(value), `the ${name} is in a log line`);
      for (const file of files) assert.ok(!readFileSync(file, 'utf8').includes(value), `the ${name} is in ${file}`);
    }
  });
});
