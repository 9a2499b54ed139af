import { createAdminKey } from '../server/auth/adminKeys.ts';
import type { AppDeps } from '../server/deps.ts';

export interface HitchAnswer {
  status: number;
  body: unknown;
}

/** The host app's backend talks to Hitch's admin API over HTTP, with its own admin key, as a real app would. */
export interface HitchAdminClient {
  call(method: string, path: string, body?: unknown): Promise<HitchAnswer>;
}

const keyName = 'demo-host-app';

/**
 * A fresh admin key for the demo host app on every start, kept in memory only: the previous
 * one is deleted, and the data dir never holds more than its hash.
 */
export async function demoAdminClient(deps: AppDeps): Promise<HitchAdminClient> {
  for (const key of await deps.store.adminKeys.list()) if (key.name === keyName) await deps.store.adminKeys.delete(key.id);
  const { key } = await createAdminKey(deps, keyName, { internal: true });
  const base = deps.config.publicUrl;
  return {
    async call(method, path, body) {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // Not JSON: handed on as text.
      }
      return { status: response.status, body: parsed };
    },
  };
}
