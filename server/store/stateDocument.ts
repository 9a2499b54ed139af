import { GroupCommit } from './groupCommit.ts';
import type { StorageAdapter } from './adapters/StorageAdapter.ts';

type KeyFunctions<S> = { [K in keyof S]: (record: S[K]) => string };
export type Collections<S> = { [K in keyof S]: Map<string, S[K]> };

export interface StateDocument<S> {
  readonly data: Collections<S>;
  /** Resolves once everything changed before the call is on disk. */
  commit(): Promise<void>;
  idle(): Promise<void>;
}

/**
 * The small, rarely written state (customers, integrations, keys…) in one document: kept in
 * memory as Maps, written whole by group commit. Each collection is stored as an array.
 */
export async function openStateDocument<S>(
  adapter: StorageAdapter,
  name: string,
  keys: KeyFunctions<S>,
): Promise<StateDocument<S>> {
  const text = await adapter.read(name);
  const stored: Record<string, unknown[]> = text ? JSON.parse(text) : {};
  const data = {} as Collections<S>;
  for (const collection of Object.keys(keys) as (keyof S)[]) {
    const keyOf = keys[collection];
    const records = (stored[collection as string] ?? []) as S[typeof collection][];
    data[collection] = new Map(records.map((record) => [keyOf(record), record]));
  }
  const serialize = () => {
    const out: Record<string, unknown> = { version: 1 };
    for (const collection of Object.keys(data)) out[collection] = [...data[collection as keyof S].values()];
    return JSON.stringify(out);
  };
  const writer = new GroupCommit(() => adapter.write(name, serialize()));
  return { data, commit: () => writer.commit(), idle: () => writer.idle() };
}
