import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { rotateEncryptionKey } from '../../server/crypto/rotateEncryptionKey.ts';
import { apiKeyIntegration, connectCustomer } from '../helpers/connect.ts';
import { startTestHitch } from '../helpers/startTestHitch.ts';
import { tempDataDir } from '../helpers/testConfig.ts';

/** Every file and folder under `root` (itself included) with its permission bits. */
function modesUnder(root: string): { path: string; dir: boolean; mode: number }[] {
  const found = [{ path: '.', dir: true, mode: statSync(root).mode & 0o777 }];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      found.push({ path: relative(root, path), dir: entry.isDirectory(), mode: statSync(path).mode & 0o777 });
      if (entry.isDirectory()) walk(path);
    }
  };
  walk(root);
  return found;
}

function assertPrivate(root: string) {
  const modes = modesUnder(root);
  const loose = modes.filter(({ dir, mode }) => mode !== (dir ? 0o700 : 0o600)).map(({ path, mode }) => `${path} ${mode.toString(8)}`);
  assert.deepEqual(loose, [], 'every folder 0700, every file 0600');
  return modes;
}

/** The common default umask, so anything written with the default mode shows as 0644 / 0755. */
function defaultUmask(t: TestContext) {
  const umask = process.umask(0o022);
  t.after(() => void process.umask(umask));
}

/** A data dir made beforehand by an operator, with the default modes. */
function operatorMadeDataDir(): string {
  const dataDir = join(tempDataDir(), 'hitch-data');
  mkdirSync(dataDir, { mode: 0o755 });
  chmodSync(dataDir, 0o755);
  return dataDir;
}

/** Writes state, activity, audit, tokens and a connection: every kind of file the store has. */
async function useEveryFile(dataDir: string) {
  const hitch = await startTestHitch({ storage: 'files', env: { HITCH_DATA_DIR: dataDir, HITCH_ENCRYPTION_KEY: '' } });
  try {
    await apiKeyIntegration(hitch, 'crm', 'https://api.example.test');
    await connectCustomer(hitch, 'acme', 'crm', 'acme-key');
    assert.equal((await hitch.admin.post('/v1/customers/acme/events', { name: 'order.created', payload: { n: 1 } })).status, 201);
    // While the server runs: the lock file too
    assertPrivate(dataDir);
    assert.ok(readdirSync(dataDir).includes('hitch.lock'));
  } finally {
    await hitch.close();
  }
}

describe('data dir permissions', () => {
  it('writes every file 0600 and every folder 0700 when the data dir existed before the first start', async (t) => {
    defaultUmask(t);
    const dataDir = operatorMadeDataDir();
    await useEveryFile(dataDir);
    const modes = assertPrivate(dataDir);
    const files = modes.filter((entry) => !entry.dir).map((entry) => entry.path);
    for (const expected of ['state.json', 'encryption.key']) assert.ok(files.includes(expected), `${expected} in ${files.join(', ')}`);
    assert.ok(modes.some((entry) => entry.dir && entry.path !== '.'), 'activity folders were made');
  });

  it('keeps state.json 0600 when the key rotation rewrites it', async (t) => {
    defaultUmask(t);
    const dataDir = operatorMadeDataDir();
    await useEveryFile(dataDir);
    await rotateEncryptionKey(dataDir);
    assertPrivate(dataDir);
  });

  it('tightens files and folders an older Hitch wrote 0644 / 0755 when it starts', async (t) => {
    defaultUmask(t);
    const dataDir = operatorMadeDataDir();
    await useEveryFile(dataDir);
    for (const { path, dir } of modesUnder(dataDir)) chmodSync(join(dataDir, path), dir ? 0o755 : 0o644);
    // And a leftover temp file of an interrupted write, readable by all
    writeFileSync(join(dataDir, '.state.json.tmp'), 'partial', { mode: 0o644 });
    await useEveryFile(dataDir);
    assertPrivate(dataDir);
  });
});
