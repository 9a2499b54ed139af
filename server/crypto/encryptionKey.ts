import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writePrivateFile } from './writePrivateFile.ts';

export interface EncryptionKeys {
  /** Seals new values. */
  current: Buffer;
  /** Still open values sealed before a rotation finished. */
  older: Buffer[];
  /** Where the keys came from: the environment, or the data dir's key file. */
  source: 'env' | 'file';
}

export const keyFilePath = (dataDir: string) => join(dataDir, 'encryption.key');

/**
 * The keys that seal secrets at rest: `HITCH_ENCRYPTION_KEY` when set, else the data dir's
 * `encryption.key` (generated with mode 0600 on first start). The file holds one base64 key per
 * line, the current one first; older lines exist only while a rotation is under way.
 */
export async function loadEncryptionKeys(dataDir: string, fromEnv?: Buffer): Promise<EncryptionKeys> {
  const fromFile = await readKeyFile(dataDir);
  if (fromEnv) return { current: fromEnv, older: fromFile ?? [], source: 'env' };
  if (fromFile) return { current: fromFile[0], older: fromFile.slice(1), source: 'file' };
  const key = randomBytes(32);
  // Only Hitch's user may look inside: state and logs are sealed, but their names and sizes are not
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await writeFile(keyFilePath(dataDir), `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return { current: key, older: [], source: 'file' };
}

/** Replaces the key file atomically, still 0600, current key first. */
export async function writeKeyFile(dataDir: string, keys: Buffer[]): Promise<void> {
  await writePrivateFile(keyFilePath(dataDir), `${keys.map((key) => key.toString('base64')).join('\n')}\n`);
}

async function readKeyFile(dataDir: string): Promise<Buffer[] | undefined> {
  let text: string;
  try {
    text = await readFile(keyFilePath(dataDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const keys = text.split('\n').filter(Boolean).map((line) => Buffer.from(line.trim(), 'base64'));
  if (!keys.length || keys.some((key) => key.length !== 32)) {
    throw new Error(`${keyFilePath(dataDir)} must hold 32-byte base64 keys, one per line.`);
  }
  return keys;
}
