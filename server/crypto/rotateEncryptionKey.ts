import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { PrivateTextFile } from '../store/adapters/privateTextFile.ts';
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

/** The documents that hold sealed values; activity logs hold none. */
const documentsWithSecrets = ['state.json', 'oauth-attempts.json'];

/**
 * Re-encrypts every secret in the data dir with a new key, with the server stopped (it takes
 * the data dir's lock). Secrets live only in `state.json` and `oauth-attempts.json` (sealed PKCE
 * verifiers of sign-ins under way). With a key
 * file, both keys are kept until every value is resealed, so a crash mid-way loses nothing.
 */
export async function rotateEncryptionKey(dataDir: string, envKey?: Buffer, newKey = randomBytes(32)): Promise<RotationResult> {
  const release = await acquireLock(dataDir);
  try {
    const keys = await loadEncryptionKeys(dataDir, envKey);
    const box = new SecretBox(newKey, [keys.current, ...keys.older]);
    if (keys.source === 'file') await writeKeyFile(dataDir, [newKey, keys.current, ...keys.older]);

    let resealed = 0;
    for (const name of documentsWithSecrets) {
      const file = new PrivateTextFile(join(dataDir, name));
      const text = await file.read();
      if (!text) continue;
      const document = JSON.parse(text, (_key, value) => {
        if (!isSealed(value)) return value;
        resealed++;
        return box.seal(box.open(value));
      });
      await file.write(JSON.stringify(document));
    }

    if (keys.source === 'file') await writeKeyFile(dataDir, [newKey]);
    return { resealed, ...(keys.source === 'env' ? { newEnvKey: newKey.toString('base64') } : {}) };
  } finally {
    await release();
  }
}
