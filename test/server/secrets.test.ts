import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { encryptionKeyId, SecretBox } from '../../server/crypto/SecretBox.ts';
import { startTestHitch } from '../helpers/startTestHitch.ts';
import { startUpstream } from '../helpers/upstream.ts';

/** Every form a leaked secret could take on disk or in a log. */
const encodings = (secret: string) => [
  secret,
  Buffer.from(secret).toString('base64'),
  Buffer.from(secret).toString('base64url'),
  Buffer.from(secret).toString('hex'),
];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('secrets at rest', () => {
  it('a canary credential is in no file under the data dir and in no log line', async () => {
    const canary = `canary-${randomBytes(12).toString('hex')}`;
    const hitch = await startTestHitch({ storage: 'files', env: { HITCH_ENCRYPTION_KEY: '' } });
    try {
      await hitch.admin.put('/v1/integrations/vault', { name: 'Vault', authType: 'basic' });
      await hitch.createCustomer('acme');
      const widget = await hitch.widgetFor('acme');
      const created = await widget.post('/v1/widget/connections', { integration: 'vault', credentials: { username: 'ada', password: canary } });
      assert.equal(created.status, 201);
      const read = await hitch.admin.get(`/v1/customers/acme/connections/${created.body.id}/credentials`);
      assert.equal(read.body.password, canary, 'the credential round-trips');
      await hitch.admin.put('/v1/integrations/github', { oauth2: { clientId: 'id', clientSecret: `${canary}-client` } });
    } finally {
      await hitch.close();
    }
    const files = filesUnder(hitch.deps.config.dataDir);
    assert.ok(files.some((file) => file.endsWith('encryption.key')), 'the key was generated into the data dir');
    for (const file of files) {
      const bytes = readFileSync(file, 'latin1');
      for (const form of encodings(canary)) assert.ok(!bytes.includes(form), `${file} holds the canary (${form})`);
    }
    const logs = hitch.logs.join('');
    assert.ok(logs.length > 0);
    for (const form of encodings(canary)) assert.ok(!logs.includes(form), 'a log line holds the canary');
  });
});

describe('secrets in refused credentials', () => {
  it('an API key with a line break is refused (400, naming the field), in no log line and stored nowhere', async () => {
    const canary = `sk-VERYSECRET-${randomBytes(12).toString('hex')}`;
    const upstream = await startUpstream();
    const hitch = await startTestHitch({ storage: 'files' });
    try {
      // No field pattern, so only Hitch's own rules stand between the value and a header
      await hitch.admin.put('/v1/integrations/plain-keys', {
        name: 'Plain keys',
        authType: 'apiKey',
        apiBaseUrl: upstream.url,
        apiKey: { in: 'header', name: 'X-Api-Key' },
        test: { method: 'GET', path: '/me' },
      });
      await hitch.createCustomer('acme');
      const widget = await hitch.widgetFor('acme');
      const refused = await widget.post('/v1/widget/connections', { integration: 'plain-keys', credentials: { apiKey: `${canary}\nxyz` } });
      assert.equal(refused.status, 400, refused.text);
      assert.equal(refused.body.code, 'validation_failed');
      assert.deepEqual(refused.body.errors.map((error: { path: string }) => error.path), ['credentials.apiKey']);
      assert.ok(!refused.text.includes(canary));
      assert.equal((await hitch.admin.get('/v1/customers/acme/connections')).body.data.length, 0);
      assert.equal(upstream.seen.length, 0, 'no test request was made');
    } finally {
      await hitch.close();
      await upstream.close();
    }
    const logs = hitch.logs.join('');
    for (const form of encodings(canary)) assert.ok(!logs.includes(form), 'a log line holds the canary');
    for (const file of filesUnder(hitch.deps.config.dataDir)) {
      const bytes = readFileSync(file, 'latin1');
      for (const form of encodings(canary)) assert.ok(!bytes.includes(form), `${file} holds the canary (${form})`);
    }
  });
});

describe('SecretBox', () => {
  const key = randomBytes(32);

  it('seals with AES-256-GCM, a fresh IV per value and the key id beside it', () => {
    const box = new SecretBox(key);
    const a = box.seal('same text');
    const b = box.seal('same text');
    assert.notEqual(a.iv, b.iv);
    assert.notEqual(a.data, b.data);
    assert.equal(Buffer.from(a.iv, 'base64url').length, 12);
    assert.equal(a.kid, encryptionKeyId(key));
    assert.equal(box.open(a), 'same text');
  });

  it('refuses a tampered value', () => {
    const box = new SecretBox(key);
    const sealed = box.seal('do not touch');
    const data = Buffer.from(sealed.data, 'base64url');
    data[0] ^= 1;
    assert.throws(() => box.open({ ...sealed, data: data.toString('base64url') }));
  });

  it('opens values sealed by an older key after a rotation', () => {
    const old = new SecretBox(key).seal('from before');
    const rotated = new SecretBox(randomBytes(32), [key]);
    assert.equal(rotated.open(old), 'from before');
    assert.notEqual(rotated.seal('x').kid, old.kid);
  });
});
