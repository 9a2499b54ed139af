import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { rotateEncryptionKey } from '../../server/crypto/rotateEncryptionKey.ts';
import { startTestHitch } from '../helpers/startTestHitch.ts';
import { tempDataDir } from '../helpers/testConfig.ts';

const sealedKids = (dataDir: string) => [...readFileSync(join(dataDir, 'state.json'), 'utf8').matchAll(/"kid":"([0-9a-f]{12})"/g)].map((m) => m[1]);

describe('rotating the encryption key', () => {
  async function seed(env: Record<string, string>) {
    const hitch = await startTestHitch({ storage: 'files', env });
    await hitch.admin.put('/v1/integrations/vault', { name: 'Vault', authType: 'basic' });
    await hitch.admin.put('/v1/integrations/github', { oauth2: { clientId: 'id', clientSecret: 'client-secret' } });
    await hitch.createCustomer('acme');
    const widget = await hitch.widgetFor('acme');
    const connection = (await widget.post('/v1/widget/connections', { integration: 'vault', credentials: { username: 'ada', password: 'pw-1' } })).body;
    await hitch.close();
    return connection.id as string;
  }

  it('reseals every secret with a new generated key; the server reads them after a restart', async () => {
    const dataDir = tempDataDir();
    const env = { HITCH_DATA_DIR: dataDir, HITCH_ENCRYPTION_KEY: '' };
    const connectionId = await seed(env);
    const keyBefore = readFileSync(join(dataDir, 'encryption.key'), 'utf8');
    const kidsBefore = new Set(sealedKids(dataDir));

    const result = await rotateEncryptionKey(dataDir);
    assert.ok(result.resealed >= 3, `resealed ${result.resealed}`);
    assert.equal(result.newEnvKey, undefined);
    const keyAfter = readFileSync(join(dataDir, 'encryption.key'), 'utf8');
    assert.notEqual(keyAfter, keyBefore);
    assert.equal(keyAfter.trim().split('\n').length, 1, 'the old key is gone once everything is resealed');
    const kidsAfter = new Set(sealedKids(dataDir));
    assert.equal(kidsAfter.size, 1);
    assert.ok(![...kidsAfter].some((kid) => kidsBefore.has(kid)));

    const hitch = await startTestHitch({ storage: 'files', env });
    try {
      const credentials = await hitch.admin.get(`/v1/customers/acme/connections/${connectionId}/credentials`);
      assert.equal(credentials.body.password, 'pw-1');
      assert.equal((await (await hitch.widgetFor('acme')).get('/v1/widget/session')).status, 200, 'the signing key opens too');
    } finally {
      await hitch.close();
    }
  });

  it('keeps the key file readable by its owner only (0600), with no temp file left beside it', async (t) => {
    // The common default umask, so a file written with the default mode would show as 0644
    const umask = process.umask(0o022);
    t.after(() => void process.umask(umask));
    const dataDir = tempDataDir();
    await seed({ HITCH_DATA_DIR: dataDir, HITCH_ENCRYPTION_KEY: '' });
    const keyFile = join(dataDir, 'encryption.key');
    const modeOf = (path: string) => statSync(path).mode & 0o777;
    assert.equal(modeOf(keyFile), 0o600, 'as generated on first start');
    await rotateEncryptionKey(dataDir);
    assert.equal(modeOf(keyFile), 0o600, 'after the rotation rewrote it');
    assert.deepEqual(readdirSync(dataDir).filter((name) => name.includes('encryption.key')), ['encryption.key']);
  });

  it('creates a data dir only its owner can enter (0700)', async (t) => {
    const umask = process.umask(0o022);
    t.after(() => void process.umask(umask));
    const dataDir = join(tempDataDir(), 'created-by-hitch');
    const hitch = await startTestHitch({ storage: 'files', env: { HITCH_DATA_DIR: dataDir, HITCH_ENCRYPTION_KEY: '' } });
    await hitch.close();
    assert.equal(statSync(dataDir).mode & 0o777, 0o700);
  });

  it('with HITCH_ENCRYPTION_KEY, reseals with the new key it returns for the environment', async () => {
    const dataDir = tempDataDir();
    const oldKey = randomBytes(32);
    const env = { HITCH_DATA_DIR: dataDir, HITCH_ENCRYPTION_KEY: oldKey.toString('base64') };
    const connectionId = await seed(env);
    const result = await rotateEncryptionKey(dataDir, oldKey);
    assert.ok(result.newEnvKey);
    const hitch = await startTestHitch({ storage: 'files', env: { ...env, HITCH_ENCRYPTION_KEY: result.newEnvKey } });
    try {
      assert.equal((await hitch.admin.get(`/v1/customers/acme/connections/${connectionId}/credentials`)).body.password, 'pw-1');
    } finally {
      await hitch.close();
    }
  });

  it('refuses to run while a server owns the data dir', async () => {
    const dataDir = tempDataDir();
    const hitch = await startTestHitch({ storage: 'files', env: { HITCH_DATA_DIR: dataDir } });
    try {
      await assert.rejects(rotateEncryptionKey(dataDir), /already open in this process/);
    } finally {
      await hitch.close();
    }
  });
});
