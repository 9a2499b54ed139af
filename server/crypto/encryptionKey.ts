import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The key that seals secrets at rest: `HITCH_ENCRYPTION_KEY` when set, else one generated into
 * the data dir on first start (mode 0600) and read from there afterwards.
 */
export async function loadEncryptionKey(dataDir: string, fromEnv?: Buffer): Promise<Buffer> {
  if (fromEnv) return fromEnv;
  const path = join(dataDir, 'encryption.key');
  try {
    const key = Buffer.from((await readFile(path, 'utf8')).trim(), 'base64');
    if (key.length !== 32) throw new Error(`${path} does not hold a 32-byte base64 key.`);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = randomBytes(32);
  await mkdir(dataDir, { recursive: true });
  await writeFile(path, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}
