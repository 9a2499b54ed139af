import assert from 'node:assert/strict';
import { createHmac, createPublicKey } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { CompactSign, SignJWT, createLocalJWKSet, jwtVerify } from 'jose';
import { isoAt, type ManualClock } from '../../server/clock.ts';
import { client } from '../helpers/http.ts';
import { startTestHitch, type TestHitch } from '../helpers/startTestHitch.ts';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('widget tokens', () => {
  let hitch: TestHitch;
  const session = (token: string, headers: Record<string, string> = {}) =>
    client(hitch.url, token).get('/v1/widget/session', { headers });

  before(async () => {
    hitch = await startTestHitch();
    await hitch.createCustomer('acme');
  });
  after(() => hitch.close());

  describe('POST /v1/customers/:id/tokens', () => {
    it('mints an EdDSA token with the contract claims, verifiable with the JWKS', async () => {
      const issued = await hitch.admin.post('/v1/customers/acme/tokens', {
        ttlSeconds: 120,
        userId: 'u-42',
        integrations: ['stripe'],
        origins: ['https://app.example.com'],
        scopes: ['connections:read', 'workflows:run'],
      });
      assert.equal(issued.status, 201);
      const jwks = (await hitch.admin.get('/.well-known/jwks.json')).body;
      const { payload, protectedHeader } = await jwtVerify(issued.body.token, createLocalJWKSet(jwks), {
        currentDate: new Date(hitch.clock.now()),
      });
      assert.equal(protectedHeader.alg, 'EdDSA');
      assert.equal(protectedHeader.typ, 'hitch-widget+jwt');
      assert.equal(payload.iss, hitch.url);
      assert.equal(payload.aud, 'hitch:widget');
      assert.equal(payload.sub, 'acme');
      assert.equal(payload.jti, issued.body.tokenId);
      assert.equal(payload.uid, 'u-42');
      assert.deepEqual(payload.integrations, ['stripe']);
      assert.deepEqual(payload.origins, ['https://app.example.com']);
      assert.equal(payload.scope, 'connections:read workflows:run');
      assert.equal(payload.exp! - payload.iat!, 120);
      assert.equal(issued.body.expiresAt, new Date(payload.exp! * 1000).toISOString());
    });

    it('defaults to 900 s and the three default scopes', async () => {
      const { token } = await hitch.widgetFor('acme');
      const body = (await session(token)).body;
      assert.deepEqual(body.scopes, ['connections:read', 'connections:write', 'activity:read']);
      assert.equal(Date.parse(body.expiresAt) - Math.floor(hitch.clock.now() / 1000) * 1000, 900_000);
    });

    it('refuses a ttl outside 60–86400, unknown scopes and an unknown customer', async () => {
      for (const body of [{ ttlSeconds: 59 }, { ttlSeconds: 86401 }, { scopes: ['admin'] }, { origins: ['not an origin'] }]) {
        const response = await hitch.admin.post('/v1/customers/acme/tokens', body);
        assert.equal(response.status, 400, JSON.stringify(body));
        assert.equal(response.body.code, 'validation_failed');
      }
      assert.equal((await hitch.admin.post('/v1/customers/nobody/tokens', {})).status, 404);
    });
  });

  describe('verification (each failure is 401)', () => {
    const refused = async (token: string, headers?: Record<string, string>) => {
      const response = await session(token, headers);
      assert.equal(response.status, 401, response.text);
      assert.equal(response.body.code, 'unauthorized');
    };

    it('accepts a good token', async () => {
      assert.equal((await session((await hitch.widgetFor('acme')).token)).status, 200);
    });

    it('refuses alg none', async () => {
      const { token } = await hitch.widgetFor('acme');
      const [header, payload] = token.split('.');
      const parsed = JSON.parse(Buffer.from(header, 'base64url').toString());
      await refused(`${b64({ ...parsed, alg: 'none' })}.${payload}.`);
    });

    it('refuses HS256 signed with the public key', async () => {
      const { token } = await hitch.widgetFor('acme');
      const [header, payload] = token.split('.');
      const parsed = JSON.parse(Buffer.from(header, 'base64url').toString());
      const jwk = (await hitch.admin.get('/.well-known/jwks.json')).body.keys.find((k: { kid: string }) => k.kid === parsed.kid);
      const publicPem = createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
      const forgedHead = b64({ ...parsed, alg: 'HS256' });
      const signature = createHmac('sha256', publicPem).update(`${forgedHead}.${payload}`).digest('base64url');
      await refused(`${forgedHead}.${payload}.${signature}`);
    });

    it('refuses a tampered payload', async () => {
      const { token } = await hitch.widgetFor('acme');
      const [header, payload, signature] = token.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      await refused(`${header}.${b64({ ...claims, scope: `${claims.scope} workflows:run` })}.${signature}`);
    });

    it('refuses an unknown kid', async () => {
      const { token } = await hitch.widgetFor('acme');
      const [header, payload, signature] = token.split('.');
      const parsed = JSON.parse(Buffer.from(header, 'base64url').toString());
      await refused(`${b64({ ...parsed, kid: 'key_unknown' })}.${payload}.${signature}`);
    });

    it('refuses a token signed by another key, with the right kid', async () => {
      const { token } = await hitch.widgetFor('acme');
      const parsed = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString());
      const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
      const { generateKeyPair } = await import('jose');
      const { privateKey } = await generateKeyPair('EdDSA');
      await refused(await new SignJWT(claims).setProtectedHeader(parsed).sign(privateKey));
    });

    it('refuses an expired token (past the 60 s tolerance), accepts within it', async () => {
      const clock = hitch.clock as ManualClock;
      const { token } = await hitch.widgetFor('acme', { ttlSeconds: 60 });
      clock.advance(110_000);
      assert.equal((await session(token)).status, 200);
      clock.advance(15_000);
      await refused(token);
    });

    it('refuses a revoked token', async () => {
      const { token, tokenId } = await hitch.widgetFor('acme');
      assert.equal((await hitch.admin.delete(`/v1/tokens/${tokenId}`)).status, 204);
      await refused(token);
      assert.equal((await hitch.admin.delete('/v1/tokens/tok_unknown')).status, 404);
    });

    it('refuses a token revoked after it was already accepted (verified signatures are remembered, revocation is not)', async () => {
      const { token, tokenId } = await hitch.widgetFor('acme');
      assert.equal((await session(token)).status, 200);
      assert.equal((await hitch.admin.delete(`/v1/tokens/${tokenId}`)).status, 204);
      await refused(token);
    });

    it('still refuses a revoked token after its expiry, within the 60 s tolerance, once revocations are pruned', async () => {
      const clock = hitch.clock as ManualClock;
      const { token, tokenId } = await hitch.widgetFor('acme', { ttlSeconds: 60 });
      assert.equal((await hitch.admin.delete(`/v1/tokens/${tokenId}`)).status, 204);
      clock.advance(90_000);
      // What the retention job does at start and every hour
      await hitch.deps.store.tokens.prune(isoAt(clock.now()));
      await refused(token);
    });

    it("still refuses a deleted customer's longest-lived token, within the tolerance, once cutoffs are pruned", async () => {
      const clock = hitch.clock as ManualClock;
      await hitch.createCustomer('recreated');
      const { token } = await hitch.widgetFor('recreated', { ttlSeconds: 86400 });
      assert.equal((await hitch.admin.delete('/v1/customers/recreated')).status, 204);
      await hitch.createCustomer('recreated');
      clock.advance((86_400 + 50) * 1000);
      await hitch.deps.store.tokens.prune(isoAt(clock.now()));
      await refused(token);
    });

    it("refuses a deleted customer's token, also after a customer with the same id is created again", async () => {
      await hitch.createCustomer('short-lived');
      const { token } = await hitch.widgetFor('short-lived');
      assert.equal((await session(token)).status, 200);
      assert.equal((await hitch.admin.delete('/v1/customers/short-lived')).status, 204);
      await refused(token);
      await hitch.createCustomer('short-lived');
      await refused(token);
    });

    it('accepts a token minted right after a customer is created again, in the same second as the delete, and refuses the old ones', async () => {
      const clock = hitch.clock as ManualClock;
      clock.set(Math.floor(clock.now() / 1000) * 1000 + 1000 + 100); // x.100 s
      await hitch.createCustomer('again');
      const old = await hitch.widgetFor('again');
      clock.advance(100); // x.200 s: deleted
      assert.equal((await hitch.admin.delete('/v1/customers/again')).status, 204);
      clock.advance(100); // x.300 s: created again, a new token minted
      await hitch.createCustomer('again');
      const fresh = await hitch.widgetFor('again');
      const response = await session(fresh.token);
      assert.equal(response.status, 200, response.text);
      await refused(old.token);
    });

    it('keeps the generations apart when the clock goes back between the delete and the new create', async () => {
      const clock = hitch.clock as ManualClock;
      await hitch.createCustomer('rewound');
      const old = await hitch.widgetFor('rewound');
      const createdAt = (await hitch.admin.get('/v1/customers/rewound')).body.createdAt;
      clock.advance(-5_000);
      assert.equal((await hitch.admin.delete('/v1/customers/rewound')).status, 204);
      await hitch.createCustomer('rewound');
      const again = (await hitch.admin.get('/v1/customers/rewound')).body.createdAt;
      assert.ok(again > createdAt, `${again} is after ${createdAt}`);
      await refused(old.token);
      assert.equal((await session((await hitch.widgetFor('rewound')).token)).status, 200);
      clock.advance(5_000);
    });

    it('judges tokens minted before the gen claim by the deletion cutoff: accepted for a live customer, refused once it was deleted', async () => {
      const legacyToken = async (customerId: string) => {
        const { kid, privateKey } = hitch.deps.signingKeys.current();
        const iat = Math.floor(hitch.clock.now() / 1000);
        const claims = { iss: hitch.url, aud: 'hitch:widget', sub: customerId, jti: `tok_legacy_${customerId}`, iat, exp: iat + 900, scope: 'connections:read' };
        return new CompactSign(new TextEncoder().encode(JSON.stringify(claims))).setProtectedHeader({ alg: 'EdDSA', typ: 'hitch-widget+jwt', kid }).sign(privateKey);
      };
      await hitch.createCustomer('legacy');
      const token = await legacyToken('legacy');
      assert.equal((await session(token)).status, 200);
      (hitch.clock as ManualClock).advance(1_000);
      assert.equal((await hitch.admin.delete('/v1/customers/legacy')).status, 204);
      await hitch.createCustomer('legacy');
      await refused(token);
    });

    it('refuses a wrong Origin when origins is set; no Origin (same-origin or server) is allowed', async () => {
      const { token } = await hitch.widgetFor('acme', { origins: ['https://app.example.com'] });
      assert.equal((await session(token, { origin: 'https://app.example.com' })).status, 200);
      assert.equal((await session(token)).status, 200);
      await refused(token, { origin: 'https://evil.example.com' });
    });

    it('refuses a token whose typ, iss or aud is wrong', async () => {
      const { kid, privateKey } = hitch.deps.signingKeys.current();
      const now = Math.floor(hitch.clock.now() / 1000);
      const sign = (header: object, claims: Record<string, unknown>) =>
        new SignJWT({ scope: 'connections:read', ...claims })
          .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'hitch-widget+jwt', ...header })
          .setSubject('acme')
          .setJti('tok_forged')
          .setIssuedAt(now)
          .setExpirationTime(now + 300)
          .sign(privateKey);
      assert.equal((await session(await sign({}, { iss: hitch.url, aud: 'hitch:widget' }))).status, 200);
      await refused(await sign({ typ: 'JWT' }, { iss: hitch.url, aud: 'hitch:widget' }));
      await refused(await sign({}, { iss: 'https://other.example.com', aud: 'hitch:widget' }));
      await refused(await sign({}, { iss: hitch.url, aud: 'hitch:admin' }));
    });
  });

  describe('POST /v1/signing-keys/rotate', () => {
    it('keeps old tokens valid, signs new ones with the new key and publishes both', async () => {
      const old = await hitch.widgetFor('acme');
      const rotated = await hitch.admin.post('/v1/signing-keys/rotate');
      assert.equal(rotated.status, 201);
      const fresh = await hitch.widgetFor('acme');
      const kidOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()).kid;
      assert.equal(kidOf(fresh.token), rotated.body.kid);
      assert.notEqual(kidOf(old.token), rotated.body.kid);
      assert.equal((await session(old.token)).status, 200);
      assert.equal((await session(fresh.token)).status, 200);
      const kids = (await hitch.admin.get('/.well-known/jwks.json')).body.keys.map((key: { kid: string }) => key.kid);
      assert.ok(kids.includes(kidOf(old.token)) && kids.includes(rotated.body.kid));
    });

    it('drops the previous key once the longest token lifetime has passed', async () => {
      const old = await hitch.widgetFor('acme', { ttlSeconds: 86400 });
      await hitch.admin.post('/v1/signing-keys/rotate');
      (hitch.clock as ManualClock).advance((86_400 + 61) * 1000);
      const kidOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()).kid;
      const kids = (await hitch.admin.get('/.well-known/jwks.json')).body.keys.map((key: { kid: string }) => key.kid);
      assert.ok(!kids.includes(kidOf(old.token)));
      assert.equal((await session(old.token)).status, 401);
    });
  });
});
