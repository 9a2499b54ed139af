import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { ManualClock } from '../../server/clock.ts';
import type { StoredCredentials } from '../../server/connections/storedCredentials.ts';
import { refreshDueConnections, startBackgroundRefresh } from '../../server/oauth/backgroundRefresh.ts';
import type { ConnectionRecord } from '../../server/store/records.ts';
import { configureOAuthIntegration, connectOAuth, startMockProvider, testOrigin, type MockProvider } from '../helpers/oauthMock.ts';
import { startTestHitch, type TestHitch } from '../helpers/startTestHitch.ts';
import { startUpstream, type Upstream } from '../helpers/upstream.ts';

describe('OAuth token refresh', () => {
  let hitch: TestHitch;
  let provider: MockProvider;
  let issued = 0;

  /** Each refresh answers new, numbered tokens (a rotated refresh token included) that expire in an hour. */
  const rotatingTokens = () =>
    provider.overrideTokens(({ body }) => {
      if (body.grant_type !== 'refresh_token') return undefined;
      issued++;
      return { statusCode: 200, body: { access_token: `at-${issued}`, refresh_token: `rt-${issued}`, token_type: 'Bearer', expires_in: 3600 } };
    });
  const clock = () => hitch.clock as ManualClock;

  before(async () => {
    provider = await startMockProvider();
    hitch = await startTestHitch({ storage: 'files' });
    await hitch.createCustomer('acme');
    await configureOAuthIntegration(hitch, 'mock-crm', provider);
  });
  beforeEach(() => rotatingTokens());
  after(async () => {
    await hitch.close();
    await provider.close();
  });

  async function newConnection(): Promise<string> {
    const widget = await hitch.widgetFor('acme', { origins: [testOrigin] });
    const { attempt } = await connectOAuth(hitch, widget, 'mock-crm');
    assert.equal(attempt.status, 'succeeded');
    return attempt.connectionId;
  }
  const readCredentials = (id: string) => hitch.admin.get(`/v1/customers/acme/connections/${id}/credentials`);
  const getConnection = async (id: string) => (await hitch.admin.get(`/v1/customers/acme/connections/${id}`)).body;

  it('hands out the stored token while it is fresh, and a refreshed one once it expires within 60 s', async () => {
    const id = await newConnection();
    const first = await readCredentials(id);
    const refreshes = provider.refreshRequests().length;
    clock().advance(3600_000 - 61_000);
    assert.equal((await readCredentials(id)).body.accessToken, first.body.accessToken);
    assert.equal(provider.refreshRequests().length, refreshes);
    clock().advance(2_000);
    const refreshed = await readCredentials(id);
    assert.equal(refreshed.status, 200);
    assert.equal(refreshed.body.accessToken, `at-${issued}`);
    assert.equal(Date.parse(refreshed.body.expiresAt), clock().now() + 3600_000);
    assert.ok((await getConnection(id)).lastRefreshedAt);
  });

  it('saves a rotated refresh token on disk before the new access token is handed out, and uses it next', async () => {
    const id = await newConnection();
    clock().advance(3600_000);
    const refreshed = await readCredentials(id);
    // Read the data file as it is the moment the response arrived.
    const state = JSON.parse(readFileSync(join(hitch.deps.config.dataDir, 'state.json'), 'utf8'));
    const record = state.connections.find((c: ConnectionRecord) => c.id === id);
    const onDisk = hitch.deps.secrets.openJson<StoredCredentials & { refreshToken: string }>(record.credentials);
    assert.deepEqual([onDisk.type === 'oauth2' && onDisk.accessToken, onDisk.refreshToken], [refreshed.body.accessToken, `rt-${issued}`]);
    clock().advance(3600_000);
    await readCredentials(id);
    assert.equal(provider.refreshRequests().at(-1)!.body.refresh_token, onDisk.refreshToken);
  });

  it('refreshes once for 20 concurrent reads (single-flight), and all get the new token', async () => {
    const id = await newConnection();
    clock().advance(3600_000);
    const before = provider.refreshRequests().length;
    const reads = await Promise.all(Array.from({ length: 20 }, () => readCredentials(id)));
    assert.equal(provider.refreshRequests().length - before, 1);
    assert.deepEqual(new Set(reads.map((read) => `${read.status} ${read.body.accessToken}`)), new Set([`200 at-${issued}`]));
  });

  it('marks the connection error on invalid_grant, emits connection.refresh_failed, and stops asking the provider', async () => {
    const id = await newConnection();
    provider.overrideTokens(({ body }) => (body.grant_type === 'refresh_token' ? { statusCode: 400, body: { error: 'invalid_grant' } } : undefined));
    clock().advance(3600_000);
    const failed = await readCredentials(id);
    assert.equal(failed.status, 409);
    assert.equal(failed.body.code, 'conflict');
    const connection = await getConnection(id);
    assert.equal(connection.status, 'error');
    assert.match(connection.statusReason, /invalid_grant.*reconnect/);
    const events = await hitch.admin.get('/v1/events?customerId=acme&name=connection.refresh_failed');
    assert.equal(events.body.data[0].connectionId, id);
    assert.equal(events.body.data[0].payload.error, 'invalid_grant');
    const audit = await hitch.admin.get(`/v1/audit-log?resource=connection/${id}&action=connection.refresh`);
    assert.deepEqual([audit.body.data[0].user, audit.body.data[0].outcome], ['system', 'failure']);
    const asked = provider.refreshRequests().length;
    assert.equal((await readCredentials(id)).status, 409);
    assert.equal(provider.refreshRequests().length, asked);
  });

  it('rides out transient failures while the token is valid, then 502s, and marks error after three in a row', async () => {
    const id = await newConnection();
    const stored = (await readCredentials(id)).body.accessToken;
    provider.overrideTokens(({ body }) => (body.grant_type === 'refresh_token' ? { statusCode: 503, body: { error: 'temporarily_unavailable' } } : undefined));
    clock().advance(3600_000 - 30_000);
    assert.equal((await readCredentials(id)).body.accessToken, stored, 'a token valid for 30 s more is still handed out');
    clock().advance(60_000);
    const unavailable = await readCredentials(id);
    assert.deepEqual([unavailable.status, unavailable.body.code], [502, 'upstream_error']);
    assert.equal((await getConnection(id)).status, 'active');
    assert.equal((await readCredentials(id)).status, 409);
    assert.equal((await getConnection(id)).status, 'error');
  });

});

describe('background refresh', () => {
  let hitch: TestHitch;
  let provider: MockProvider;

  before(async () => {
    provider = await startMockProvider();
    hitch = await startTestHitch();
    await hitch.createCustomer('acme');
    await configureOAuthIntegration(hitch, 'mock-crm', provider);
  });
  after(async () => {
    await hitch.close();
    await provider.close();
  });

  const clock = () => hitch.clock as ManualClock;
  const lastRefreshed = async (id: string) => (await hitch.admin.get(`/v1/customers/acme/connections/${id}`)).body.lastRefreshedAt;
  async function newConnection(): Promise<string> {
    const { attempt } = await connectOAuth(hitch, await hitch.widgetFor('acme', { origins: [testOrigin] }), 'mock-crm');
    return attempt.connectionId;
  }

  it('refreshes the connections that expire within 5 minutes, and only those', async () => {
    const soon = await newConnection();
    clock().advance(10 * 60_000);
    const later = await newConnection();
    clock().advance(3600_000 - 14 * 60_000); // soon: 4 minutes left; later: 14
    const before = provider.refreshRequests().length;
    assert.equal(await refreshDueConnections(hitch.deps), 1);
    assert.equal(provider.refreshRequests().length - before, 1);
    assert.ok(await lastRefreshed(soon));
    assert.equal(await lastRefreshed(later), undefined);
  });

  it('runs the sweep on a timer until stopped', async () => {
    const id = await newConnection();
    clock().advance(3600_000 - 60_000);
    const stop = startBackgroundRefresh(hitch.deps, 10);
    for (let i = 0; i < 200 && !(await lastRefreshed(id)); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    await stop();
    assert.ok(await lastRefreshed(id));
  });
});

describe('deleting an OAuth connection', () => {
  let hitch: TestHitch;
  let provider: MockProvider;
  let revocation: Upstream;
  const revocations = () => revocation.seen.map((request) => Object.fromEntries(new URLSearchParams(request.body)));

  before(async () => {
    provider = await startMockProvider();
    revocation = await startUpstream(() => ({ status: 200 }));
    hitch = await startTestHitch();
    await hitch.createCustomer('acme');
    await configureOAuthIntegration(hitch, 'mock-crm', provider, { oauth2: { revocationUrl: `${revocation.url}/revoke` } });
    await configureOAuthIntegration(hitch, 'no-revoke', provider, { oauth2: { revocationUrl: undefined } });
  });
  after(async () => {
    await hitch.close();
    await Promise.all([provider.close(), revocation.close()]);
  });

  it("revokes its refresh and access tokens at the provider's revocation endpoint", async () => {
    const widget = await hitch.widgetFor('acme', { origins: [testOrigin] });
    const { attempt } = await connectOAuth(hitch, widget, 'mock-crm');
    const credentials = hitch.deps.secrets.openJson<{ accessToken: string; refreshToken: string }>(
      (await hitch.deps.store.connections.get('acme', attempt.connectionId))!.credentials,
    );
    assert.equal((await widget.delete(`/v1/widget/connections/${attempt.connectionId}`)).status, 204);
    assert.deepEqual(
      revocations().map((form) => [form.token, form.token_type_hint]),
      [
        [credentials.refreshToken, 'refresh_token'],
        [credentials.accessToken, 'access_token'],
      ],
    );
    assert.match(revocation.seen[0].headers.authorization!, /^Basic /);
    assert.equal(revocation.seen[0].headers['content-type'], 'application/x-www-form-urlencoded');
  });

  it('revokes nothing when the integration has no revocation endpoint, and deletes anyway', async () => {
    const widget = await hitch.widgetFor('acme', { origins: [testOrigin] });
    const { attempt } = await connectOAuth(hitch, widget, 'no-revoke');
    const before = revocation.seen.length;
    assert.equal((await hitch.admin.delete(`/v1/customers/acme/connections/${attempt.connectionId}`)).status, 204);
    assert.equal(revocation.seen.length, before);
  });

  it("revokes a deleted customer's OAuth connections", async () => {
    await hitch.createCustomer('leaving');
    const widget = await hitch.widgetFor('leaving', { origins: [testOrigin] });
    await connectOAuth(hitch, widget, 'mock-crm');
    const before = revocation.seen.length;
    assert.equal((await hitch.admin.delete('/v1/customers/leaving')).status, 204);
    assert.equal(revocation.seen.length - before, 2);
  });
});
