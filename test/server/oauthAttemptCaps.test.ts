import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ManualClock } from '../../server/clock.ts';
import { rotateEncryptionKey } from '../../server/crypto/rotateEncryptionKey.ts';
import { bindBrowser, configureOAuthIntegration, startMockProvider, startOAuth, testOrigin, type MockProvider } from '../helpers/oauthMock.ts';
import { startTestHitch, type TestHitch } from '../helpers/startTestHitch.ts';
import { testEnv } from '../helpers/testConfig.ts';

const minute = 60_000;

describe('POST /v1/widget/oauth/:integration/start, pending attempts capped', () => {
  let hitch: TestHitch;
  let provider: MockProvider;
  const clock = () => hitch.clock as ManualClock;
  const widgetOf = (customerId: string) => hitch.widgetFor(customerId, { origins: [testOrigin] });
  const refusals = async (customerId: string) =>
    (await hitch.admin.get(`/v1/audit-log?action=oauth_attempt.create&outcome=failure&customerId=${customerId}`)).body.data;

  before(async () => {
    provider = await startMockProvider();
    hitch = await startTestHitch({ storage: 'files' });
    for (const id of ['acme', 'globex', 'initech']) await hitch.createCustomer(id);
    await configureOAuthIntegration(hitch, 'mock-crm', provider);
  });
  after(async () => {
    await hitch.close();
    await provider.close();
  });

  it('rejects a missing or wrong credential', async () => {
    assert.equal((await fetch(`${hitch.url}/v1/widget/oauth/mock-crm/start`, { method: 'POST' })).status, 401);
    assert.equal((await hitch.admin.post('/v1/widget/oauth/mock-crm/start', {})).status, 401);
  });

  it('answers the 21st open attempt of one token 429 rate_limited, with Retry-After until its oldest expires, and audits it', async () => {
    const widget = await widgetOf('acme');
    const firstAt = clock().now();
    for (let i = 0; i < 20; i++) {
      const started = await startOAuth(widget, 'mock-crm');
      assert.equal(started.status, 201, `attempt ${i + 1}: ${started.text}`);
      clock().advance(10_000);
    }
    const refused = await startOAuth(widget, 'mock-crm');
    assert.equal(refused.status, 429);
    assert.equal(refused.body.code, 'rate_limited');
    const expected = Math.ceil((firstAt + 10 * minute - clock().now()) / 1000);
    assert.equal(refused.headers.get('retry-after'), String(expected));
    assert.equal(expected, 400);
    const [audited] = await refusals('acme');
    assert.equal(audited.detail, 'rate_limited: pendingOAuthAttempts');
    assert.equal(audited.user, 'customer:acme');

    // Another token of the same customer, and another customer, go on
    assert.equal((await startOAuth(await widgetOf('acme'), 'mock-crm')).status, 201);
    assert.equal((await startOAuth(await widgetOf('globex'), 'mock-crm')).status, 201);

    // Once the oldest expires, its place is free again
    clock().advance(expected * 1000);
    assert.equal((await startOAuth(widget, 'mock-crm')).status, 201);
    assert.equal((await startOAuth(widget, 'mock-crm')).status, 429, 'one place freed, one taken');
  });

  it('answers the 101st open attempt of one customer 429, whichever token asks; other customers are not affected', async () => {
    for (let token = 0; token < 5; token++) {
      const widget = await widgetOf('initech');
      for (let i = 0; i < 20; i++) assert.equal((await startOAuth(widget, 'mock-crm')).status, 201);
    }
    clock().advance(minute);
    const refused = await startOAuth(await widgetOf('initech'), 'mock-crm');
    assert.equal(refused.status, 429);
    assert.equal(refused.body.code, 'rate_limited');
    assert.equal(refused.headers.get('retry-after'), String(9 * 60));
    assert.equal((await refusals('initech')).length, 1);
    const other = await startOAuth(await widgetOf('globex'), 'mock-crm');
    assert.equal(other.status, 201);
    // An attempt still works end to end for the other customer
    assert.equal((await bindBrowser(other.body)).providerUrl.origin, provider.issuer);
  });

  it('keeps attempts out of state.json: it does not grow with them', async () => {
    const dataDir = hitch.deps.config.dataDir;
    const before = readFileSync(join(dataDir, 'state.json'), 'utf8');
    const widget = await widgetOf('globex');
    for (let i = 0; i < 15; i++) assert.equal((await startOAuth(widget, 'mock-crm')).status, 201);
    const afterStarts = readFileSync(join(dataDir, 'state.json'), 'utf8');
    assert.equal(afterStarts.length, before.length);
    assert.ok(!afterStarts.includes('oauthAttempts'));
    assert.ok(statSync(join(dataDir, 'oauth-attempts.json')).size > 15 * 500);
  });
});

describe('a data dir whose state.json still holds OAuth attempts', () => {
  it('starts, moves them to oauth-attempts.json, and they still finish', async () => {
    const env = testEnv();
    const provider = await startMockProvider();
    let hitch = await startTestHitch({ storage: 'files', env });
    try {
      await hitch.createCustomer('acme');
      await configureOAuthIntegration(hitch, 'mock-crm', provider);
      const widget = await hitch.widgetFor('acme', { origins: [testOrigin] });
      const started = await startOAuth(widget, 'mock-crm');
      assert.equal(started.status, 201);
      await hitch.close();

      // The layout of earlier versions: the attempts inside state.json
      const dataDir = env.HITCH_DATA_DIR;
      const attempts = JSON.parse(readFileSync(join(dataDir, 'oauth-attempts.json'), 'utf8')).oauthAttempts;
      const state = JSON.parse(readFileSync(join(dataDir, 'state.json'), 'utf8'));
      writeFileSync(join(dataDir, 'state.json'), JSON.stringify({ ...state, oauthAttempts: attempts }));
      rmSync(join(dataDir, 'oauth-attempts.json'));

      hitch = await startTestHitch({ storage: 'files', env });
      assert.ok(!readFileSync(join(dataDir, 'state.json'), 'utf8').includes('oauthAttempts'));
      assert.ok(existsSync(join(dataDir, 'oauth-attempts.json')));
      const polled = await (await hitch.widgetFor('acme')).get(`/v1/widget/oauth/attempts/${started.body.attemptId}`);
      assert.deepEqual(polled.body, { status: 'pending' });
      const rebound = { ...started.body, authorizeUrl: started.body.authorizeUrl.replace(/^http:\/\/[^/]+/, hitch.url) };
      assert.equal((await bindBrowser(rebound)).providerUrl.origin, provider.issuer);
    } finally {
      await hitch.close();
      await provider.close();
    }
  });
});

describe('a sign-in under way, in its own document', () => {
  it('survives an encryption key rotation: its sealed values are resealed too', async () => {
    const env = testEnv();
    const provider = await startMockProvider();
    let hitch = await startTestHitch({ storage: 'files', env });
    try {
      await hitch.createCustomer('acme');
      await configureOAuthIntegration(hitch, 'mock-crm', provider);
      const started = await startOAuth(await hitch.widgetFor('acme', { origins: [testOrigin] }), 'mock-crm');
      assert.equal(started.status, 201);
      await hitch.close();

      const rotated = await rotateEncryptionKey(env.HITCH_DATA_DIR, Buffer.from(env.HITCH_ENCRYPTION_KEY, 'base64'));
      hitch = await startTestHitch({ storage: 'files', env: { ...env, HITCH_ENCRYPTION_KEY: rotated.newEnvKey! } });
      const rebound = { ...started.body, authorizeUrl: started.body.authorizeUrl.replace(/^http:\/\/[^/]+/, hitch.url) };
      assert.equal((await bindBrowser(rebound)).providerUrl.origin, provider.issuer);
    } finally {
      await hitch.close();
      await provider.close();
    }
  });
});
