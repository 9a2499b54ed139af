import { randomBytes } from 'node:crypto';
import { scratchDir } from '../../scripts/scratchDir.ts';
import { startProcess } from './processes.ts';

export const benchAdminKey = 'bench-admin-key-0123456789abcdef';

/** A Hitch server process on a fresh (or given) data dir, with a known admin key. */
export function startHitchProcess(options: { dataDir?: string; env?: Record<string, string> } = {}) {
  const dataDir = options.dataDir ?? scratchDir('data');
  return startProcess('server/main.ts', {
    PORT: '0',
    HITCH_DATA_DIR: dataDir,
    HITCH_ADMIN_KEY: benchAdminKey,
    HITCH_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    HITCH_WORKFLOWS_DIR: scratchDir('workflows'),
    // One load generator on one IP mints far more tokens than any real client would
    HITCH_TOKEN_ISSUE_LIMIT: '1000000000',
    ...options.env,
  });
}

/** Admin API call for set-up steps; throws on an unexpected status. */
export async function adminCall(url: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${benchAdminKey}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? undefined : response.json();
}
