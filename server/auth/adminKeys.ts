import { timingSafeEqual } from 'node:crypto';
import { hashSecret } from '../crypto/hashSecret.ts';
import type { AppDeps } from '../deps.ts';
import { HitchError } from '../errors.ts';
import { newId, randomToken } from '../ids.ts';
import type { AdminKeyRecord } from '../store/records.ts';
import type { AdminActor } from './actor.ts';


/** A new admin key: high-entropy, so a plain SHA-256 is enough to store it safely. */
export const generateAdminKey = () => `hitch_ak_${randomToken(32)}`;

export async function createAdminKey(deps: Pick<AppDeps, 'store' | 'clock'>, name: string, options: { internal?: boolean } = {}) {
  const key = generateAdminKey();
  const record: AdminKeyRecord = {
    id: newId('ak'),
    name,
    hash: hashSecret(key),
    createdAt: new Date(deps.clock.now()).toISOString(),
    ...(options.internal ? { internal: true as const } : {}),
  };
  await deps.store.adminKeys.create(record);
  return { record, key };
}

/**
 * A start without `HITCH_ADMIN_KEY` and without a stored key an operator could hold (the first
 * start, say): creates one named `admin` and returns it, to be printed once. Otherwise returns
 * undefined. Internal keys do not count: with only those, no one could use the admin API.
 */
export async function ensureAdminKey(deps: Pick<AppDeps, 'store' | 'clock' | 'config'>): Promise<string | undefined> {
  if (deps.config.adminKey || (await deps.store.adminKeys.list()).some((key) => !key.internal)) return undefined;
  return (await createAdminKey(deps, 'admin')).key;
}

/** `HITCH_ADMIN_KEY`'s hash, worked out once per configuration rather than on every request. */
const envKeyHashes = new WeakMap<AppDeps['config'], Buffer>();

function envKeyHash(config: AppDeps['config']): Buffer | undefined {
  if (!config.adminKey) return undefined;
  let hash = envKeyHashes.get(config);
  if (!hash) envKeyHashes.set(config, (hash = Buffer.from(hashSecret(config.adminKey), 'hex')));
  return hash;
}

/** The admin behind a presented key, or `unauthorized`. */
export async function authenticateAdminKey(deps: Pick<AppDeps, 'store' | 'config'>, presented: string): Promise<AdminActor> {
  const hash = hashSecret(presented);
  const envHash = envKeyHash(deps.config);
  if (envHash && timingSafeEqual(Buffer.from(hash, 'hex'), envHash)) {
    return { kind: 'admin', keyId: 'env', name: 'admin' };
  }
  const stored = await deps.store.adminKeys.findByHash(hash);
  if (stored) return { kind: 'admin', keyId: stored.id, name: stored.name };
  throw new HitchError('unauthorized', 'The admin API key is missing or not valid.');
}
