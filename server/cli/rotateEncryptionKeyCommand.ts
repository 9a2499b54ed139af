import { resolve } from 'node:path';
import { rotateEncryptionKey } from '../crypto/rotateEncryptionKey.ts';

/**
 * `rotate-encryption-key [--data-dir DIR]`: reseals every stored secret with a new key.
 * Run it with the server stopped (it takes the data dir's lock).
 */
export async function rotateEncryptionKeyCommand(args: string[], print: (line: string) => void): Promise<number> {
  const flag = args.indexOf('--data-dir');
  const dataDir = resolve(flag >= 0 ? (args[flag + 1] ?? '') : (process.env.HITCH_DATA_DIR ?? './data'));
  const envKey = process.env.HITCH_ENCRYPTION_KEY ? Buffer.from(process.env.HITCH_ENCRYPTION_KEY, 'base64') : undefined;
  if (envKey && envKey.length !== 32) {
    print('hitch: HITCH_ENCRYPTION_KEY must be 32 bytes, base64-encoded');
    return 2;
  }
  const result = await rotateEncryptionKey(dataDir, envKey);
  print(`resealed ${result.resealed} secret(s) in ${dataDir}`);
  if (result.newEnvKey) {
    print('The key comes from HITCH_ENCRYPTION_KEY: set it to this new value before the next start:');
    print(`  HITCH_ENCRYPTION_KEY=${result.newEnvKey}`);
  } else {
    print(`the new key is in ${resolve(dataDir, 'encryption.key')}`);
  }
  return 0;
}
