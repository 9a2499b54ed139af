import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { SignJWT } from 'jose';
import { ManualClock } from '../../server/clock.ts';
import { startTestHitch, type TestHitch } from '../helpers/startTestHitch.ts';
import { testAdminKey } from '../helpers/testConfig.ts';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: any;
}

/** A request whose socket is bound to `from` (any 127.0.0.0/8 address is loopback on Linux): another client IP. */
function requestFrom(from: string, baseUrl: string, method: string, path: string, token?: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<Answer> {
  const url = new URL(path, baseUrl);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string> = {
    ...extraHeaders,
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    ...(payload ? { 'content-type': 'application/json' } : {}),
  };
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method, headers, localAddress: from, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text ? JSON.parse(text) : undefined }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

describe('abuse limits: guessed credentials per IP', () => {
  let hitch: TestHitch;
  const clock = new ManualClock('2030-01-15T10:07:00.000Z');
  const admin = (from: string, key: string) => requestFrom(from, hitch.url, 'GET', '/v1/customers', key);

  before(async () => {
    hitch = await startTestHitch({ clock });
    await hitch.createCustomer('acme');
  });
  after(() => hitch.close());

  it('answers guesses past 20 bad admin keys with 429, and still lets the good key in from that address', async () => {
    for (let i = 0; i < 20; i++) assert.equal((await admin('127.0.0.1', `wrong-key-${i}-guess`)).status, 401, `attempt ${i + 1}`);
    const refused = await admin('127.0.0.1', 'wrong-key-21');
    assert.equal(refused.status, 429);
    assert.equal(refused.headers['retry-after'], '480');
    assert.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.deepEqual(refused.body, {
      type: 'https://hitch.dev/problems/rate-limited',
      title: 'Rate limited',
      status: 429,
      detail: 'Too many failed authentication attempts from this address. Try again in 480 seconds.',
      code: 'rate_limited',
    });
    assert.equal((await admin('127.0.0.1', testAdminKey)).status, 200, 'a valid key is not locked out by guesses from its address');
    assert.equal((await admin('127.0.0.1', 'wrong-key-22')).status, 429, 'guessing stays refused');
  });

  it('still lets a good key in from another address', async () => {
    const response = await admin('127.0.0.2', testAdminKey);
    assert.equal(response.status, 200);
  });

  it('audits the block once, with the address', async () => {
    const entries = (await requestFrom('127.0.0.2', hitch.url, 'GET', '/v1/audit-log?action=auth.block', testAdminKey)).body.data;
    assert.equal(entries.length, 1);
    assert.deepEqual(
      { user: entries[0].user, resource: entries[0].resource, outcome: entries[0].outcome, ip: entries[0].ip },
      { user: 'anonymous', resource: 'ip/127.0.0.1', outcome: 'failure', ip: '127.0.0.1' },
    );
  });

  it('answers guesses with 401 again when its 15-minute window ends', async () => {
    clock.set('2030-01-15T10:15:00.000Z');
    assert.equal((await admin('127.0.0.1', 'wrong-key-after-the-window')).status, 401);
  });

  it('admits no more than the limit when 50 bad keys race from one address', async () => {
    const statuses = await Promise.all(Array.from({ length: 50 }, (_, i) => admin('127.0.0.7', `racing-guess-${i}`).then((r) => r.status)));
    assert.deepEqual([statuses.filter((s) => s === 401).length, statuses.filter((s) => s === 429).length], [20, 30]);
  });

  it('does not count requests without a credential: nothing was guessed', async () => {
    for (let i = 0; i < 30; i++) assert.equal((await requestFrom('127.0.0.3', hitch.url, 'GET', '/v1/customers')).status, 401);
    assert.equal((await admin('127.0.0.3', testAdminKey)).status, 200);
  });

  it('counts widget tokens no Hitch key signed, not real ones that expired or were revoked', async () => {
    const widget = await hitch.widgetFor('acme');
    assert.equal((await hitch.admin.delete(`/v1/tokens/${widget.tokenId}`)).status, 204);
    for (let i = 0; i < 25; i++) assert.equal((await requestFrom('127.0.0.4', hitch.url, 'GET', '/v1/widget/session', widget.token)).status, 401);
    const expiring = await hitch.widgetFor('acme', { ttlSeconds: 60 });
    clock.advance(5 * 60_000);
    for (let i = 0; i < 5; i++) assert.equal((await requestFrom('127.0.0.4', hitch.url, 'GET', '/v1/widget/session', expiring.token)).status, 401);
    assert.equal((await admin('127.0.0.4', testAdminKey)).status, 200, 'real tokens were not counted as guesses');

    const forged = await forgeWidgetToken(hitch, 'acme');
    for (let i = 0; i < 20; i++) assert.equal((await requestFrom('127.0.0.4', hitch.url, 'GET', '/v1/widget/session', forged)).status, 401);
    assert.equal((await requestFrom('127.0.0.4', hitch.url, 'GET', '/v1/widget/session', forged)).status, 429);
    assert.equal((await admin('127.0.0.4', 'wrong-admin-key')).status, 429, 'one count per address, for both APIs');
  });

  it('lets valid widget tokens and admin keys through from an address blocked by forged tokens', async () => {
    const forged = await forgeWidgetToken(hitch, 'acme');
    for (let i = 0; i < 21; i++) await requestFrom('127.0.0.8', hitch.url, 'GET', '/v1/widget/session', forged);
    assert.equal((await requestFrom('127.0.0.8', hitch.url, 'GET', '/v1/widget/session', forged)).status, 429);
    const widget = await hitch.widgetFor('acme');
    const session = await requestFrom('127.0.0.8', hitch.url, 'GET', '/v1/widget/session', widget.token);
    assert.equal(session.status, 200);
    assert.equal(session.body.customer.id, 'acme');
    assert.equal((await admin('127.0.0.8', testAdminKey)).status, 200);
    assert.equal((await requestFrom('127.0.0.8', hitch.url, 'GET', '/v1/widget/session', forged)).status, 429, 'forgeries stay refused');
  });
});

/** A token shaped like Hitch's, with the current kid, signed by another Ed25519 key. */
async function forgeWidgetToken(hitch: TestHitch, customerId: string): Promise<string> {
  const { keys } = (await hitch.admin.get('/.well-known/jwks.json')).body;
  const { privateKey } = generateKeyPairSync('ed25519');
  return new SignJWT({ scope: 'connections:read' })
    .setProtectedHeader({ alg: 'EdDSA', typ: 'hitch-widget+jwt', kid: keys[0].kid })
    .setIssuer(hitch.url)
    .setAudience('hitch:widget')
    .setSubject(customerId)
    .setJti('tok_forged')
    .setIssuedAt(Math.floor(hitch.clock.now() / 1000))
    .setExpirationTime(Math.floor(hitch.clock.now() / 1000) + 600)
    .sign(privateKey);
}

describe('abuse limits: widget tokens minted per IP', () => {
  let hitch: TestHitch;
  const clock = new ManualClock('2030-01-15T10:00:45.000Z');
  const mint = (from: string) => requestFrom(from, hitch.url, 'POST', '/v1/customers/acme/tokens', testAdminKey, {});

  before(async () => {
    hitch = await startTestHitch({ clock, env: { HITCH_TOKEN_ISSUE_LIMIT: '3' } });
    await hitch.createCustomer('acme');
  });
  after(() => hitch.close());

  it('mints up to HITCH_TOKEN_ISSUE_LIMIT a minute per address, with RateLimit fields', async () => {
    const first = await mint('127.0.0.5');
    assert.equal(first.status, 201);
    assert.equal(first.headers['ratelimit-policy'], '"tokens";q=3;w=60');
    assert.equal(first.headers['ratelimit'], '"tokens";r=2;t=15');
    assert.equal((await mint('127.0.0.5')).status, 201);
    assert.equal((await mint('127.0.0.5')).status, 201);
  });

  it('refuses the next one with 429 rate_limited, audited as a failed token.issue', async () => {
    const refused = await mint('127.0.0.5');
    assert.equal(refused.status, 429);
    assert.equal(refused.body.code, 'rate_limited');
    assert.equal(refused.headers['retry-after'], '15');
    const [entry] = (await hitch.admin.get('/v1/audit-log?action=token.issue&limit=1')).body.data;
    assert.deepEqual([entry.outcome, entry.detail, entry.ip], ['failure', 'rate_limited: tokenIssue', '127.0.0.5']);
  });

  it('does not slow down another address, and starts again next minute', async () => {
    assert.equal((await mint('127.0.0.6')).status, 201);
    clock.advance(15_000);
    assert.equal((await mint('127.0.0.5')).status, 201);
  });
});

describe('the client address of limits and audit entries', () => {
  const forwardedFor = { 'x-forwarded-for': '203.0.113.9' };
  const mintedFrom = async (hitch: TestHitch) => {
    assert.equal((await requestFrom('127.0.0.7', hitch.url, 'POST', '/v1/customers/acme/tokens', testAdminKey, {}, forwardedFor)).status, 201);
    const [entry] = (await hitch.admin.get('/v1/audit-log?action=token.issue&limit=1')).body.data;
    return entry.ip;
  };

  it('is the socket address, whatever X-Forwarded-For claims, when no proxy is trusted', async () => {
    const hitch = await startTestHitch();
    try {
      await hitch.createCustomer('acme');
      assert.equal(await mintedFrom(hitch), '127.0.0.7');
    } finally {
      await hitch.close();
    }
  });

  it('is the forwarded address when the proxy in front is trusted (HITCH_TRUST_PROXY)', async () => {
    const hitch = await startTestHitch({ env: { HITCH_TRUST_PROXY: 'loopback' } });
    try {
      await hitch.createCustomer('acme');
      assert.equal(await mintedFrom(hitch), '203.0.113.9');
    } finally {
      await hitch.close();
    }
  });
});
