import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { hashSecret } from '../../server/crypto/hashSecret.ts';
import { client } from '../helpers/http.ts';
import { spawnHitch } from '../helpers/spawnHitch.ts';
import { tempDataDir } from '../helpers/testConfig.ts';

/** Every file under `dir`, read as bytes. */
function filesUnder(dir: string): { path: string; bytes: Buffer }[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      return { path, bytes: readFileSync(path) };
    });
}

/** The key, its random part, and those as raw bytes, base64, base64url and hex: what must never be on disk. */
function plaintextForms(key: string): Buffer[] {
  const random = key.replace(/^hitch_ak_/, '');
  const forms = [Buffer.from(key), Buffer.from(random, 'base64url')];
  return forms.flatMap((bytes) => [bytes, ...(['base64', 'base64url', 'hex'] as const).map((encoding) => Buffer.from(bytes.toString(encoding)))]);
}

const occurrences = (text: string, part: string) => text.split(part).length - 1;

const printedKey = /An admin API key was created[^\n]*\n\s+(\S+)\n/;

describe('first start without HITCH_ADMIN_KEY', () => {
  it('creates an admin key, prints it once and stores only its hash; the next start prints none and the key still works', async () => {
    const env = { HITCH_ADMIN_KEY: '', HITCH_DATA_DIR: tempDataDir(), HITCH_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
    const first = await spawnHitch({ env });
    let key: string;
    try {
      [, key] = await first.waitForOutput(printedKey);
      assert.match(key, /^hitch_ak_[A-Za-z0-9_-]{43}$/);
      const admin = client(first.url, key);
      assert.equal((await admin.get('/v1/customers')).status, 200);
      assert.equal((await client(first.url, `hitch_ak_${'A'.repeat(43)}`).get('/v1/customers')).status, 401, 'not any key of that shape');
      const listed = (await admin.get('/v1/admin-keys')).body.data;
      assert.ok(listed.some((entry: { name: string }) => entry.name === 'admin'), JSON.stringify(listed));
    } finally {
      await first.stop();
    }
    assert.equal(occurrences(first.output(), key), 1, 'printed once, and in no log line');

    const files = filesUnder(env.HITCH_DATA_DIR);
    assert.ok(
      files.some(({ bytes }) => bytes.includes(hashSecret(key))),
      'its hash is stored (so these are the files holding the key record)',
    );
    for (const { path, bytes } of files) {
      for (const form of plaintextForms(key)) assert.ok(!bytes.includes(form), `${path} holds the key as ${form.toString('utf8').slice(0, 12)}…`);
    }

    const second = await spawnHitch({ env });
    try {
      assert.equal((await client(second.url, key).get('/v1/customers')).status, 200);
    } finally {
      await second.stop();
    }
    assert.match(second.output(), /Hitch is running at/);
    assert.doesNotMatch(second.output(), /admin API key was created/);
    assert.ok(!second.output().includes(key));
    assert.ok(!second.output().includes('hitch_ak_'), 'no other key printed either');
  });

  it("creates one when HITCH_ADMIN_KEY is dropped later: the demo's own key is not one an operator holds", async () => {
    const env = { HITCH_DATA_DIR: tempDataDir(), HITCH_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
    const withEnvKey = await spawnHitch({ env });
    await withEnvKey.stop();
    assert.doesNotMatch(withEnvKey.output(), /admin API key was created/);

    const without = await spawnHitch({ env: { ...env, HITCH_ADMIN_KEY: '' } });
    try {
      const [, key] = await without.waitForOutput(printedKey);
      assert.equal((await client(without.url, key).get('/v1/customers')).status, 200);
    } finally {
      await without.stop();
    }
  });
});
