import { randomBytes } from 'node:crypto';
import { scratchDir } from '../../scripts/scratchDir.ts';
import { loadConfig, type Config } from '../../server/config.ts';

export const testAdminKey = 'test-admin-key-for-hitch-tests-0001';

/** A fresh temp data dir. */
export const tempDataDir = () => scratchDir('data');

/** The env a test server runs with: any free port, a fresh data dir, a known admin key. */
export function testEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PORT: '0',
    HOST: '127.0.0.1',
    HITCH_DATA_DIR: tempDataDir(),
    HITCH_ADMIN_KEY: testAdminKey,
    HITCH_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    HITCH_WORKFLOWS_DIR: tempDataDir(),
    ...extra,
  };
}

export const testConfig = (extra: Record<string, string> = {}): Config => loadConfig(testEnv(extra));
