import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { TextFile } from 'lowdb/node';
import type { Sealed } from '../store/records.ts';
import { acquireLock } from '../store/lockFile.ts';
import { loadEncryptionKeys, writeKeyFile } from './encryptionKey.ts';
import { SecretBox } from './SecretBox.ts';

export interface RotationResult {
  resealed: number;
  /** Set when the key comes from HITCH_ENCRYPTION_KEY: the operator must put this there. */
  newEnvKey?: string;
}

const isSealed = (value: unknown): value is Sealed =>
  typeof value === 'object' && value !== null && Object.keys(value).sort().join() === 'data,iv,kid';

/**
 * Re-encrypts every secret in the data dir with a new key, with the server stopped (it takes
 * the data dir's lock). Secrets live only in `state.json`; activity logs hold none. With a key
 * file, both keys are kept until every value is resealed, so a crash mid-way loses nothing.
 */
export async function rotateEncryptionKey(dataDir: string, envKey?: Buffer, newKey = randomBytes(32)): Promise<RotationResult> {
  const release = await acquireLock(dataDir);
  try {
    const keys = await loadEncryptionKeys(dataDir, envKey);
    const box = new SecretBox(newKey, [keys.current, ...keys.older]);
    if (keys.source === 'file') await writeKeyFile(dataDir, [newKey, keys.current, ...keys.older]);

    const stateFile = new TextFile(join(dataDir, 'state.json'));
    const text = await stateFile.read();
    let resealed = 0;
    if (text) {
      const state = JSON.parse(text, (_key, value) => {
        if (!isSealed(value)) return value;
        resealed++;
        return box.seal(box.open(value));
      });
      await stateFile.write(JSON.stringify(state));
    }

    if (keys.source === 'file') await writeKeyFile(dataDir, [newKey]);
    return { resealed, ...(keys.source === 'env' ? { newEnvKey: newKey.toString('base64') } : {}) };
  } finally {
    await release();
  }
}
