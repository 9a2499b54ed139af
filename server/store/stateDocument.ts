import { GroupCommit } from './groupCommit.ts';
import type { StorageAdapter } from './adapters/StorageAdapter.ts';
import { type OnQuarantine, quarantine } from './quarantine.ts';
import { serializeRecord, unreadableReason } from './storableRecord.ts';

type KeyFunctions<S> = { [K in keyof S]: (record: S[K]) => string };
export type Collections<S> = { [K in keyof S]: Map<string, S[K]> };

export interface StateDocument<S> {
  readonly data: Collections<S>;
  /** Resolves once everything changed before the call is on disk. */
  commit(): Promise<void>;
  idle(): Promise<void>;
}

/**
 * A collection of the document: a Map that serialises each record before taking it, and refuses
 * (UnstorableRecordError) one that cannot be, leaving the Map as it was. The document is written
 * whole on every commit, so one record that cannot be written would fail every later write.
 */
class RecordMap<V> extends Map<string, V> {
  readonly #where: string;

  constructor(where: string) {
    super();
    this.#where = where;
  }

  override set(key: string, record: V): this {
    serializeRecord(record, this.#where);
    return super.set(key, record);
  }

  /** A record read back from disk, already checked. */
  load(key: string, record: V): void {
    super.set(key, record);
  }
}

/**
 * The small, rarely written state (customers, integrations, keys…) in one document: kept in
 * memory as Maps, written whole by group commit. Each collection is stored as an array.
 * Records found on disk that cannot be kept (not an object, no key, nested too deep to be written
 * again) are set aside at open: the document as found goes to the quarantine folder, and the
 * document is written again without them, so start-up goes on.
 */
export async function openStateDocument<S>(
  adapter: StorageAdapter,
  name: string,
  keys: KeyFunctions<S>,
  onQuarantine: OnQuarantine = () => {},
): Promise<StateDocument<S>> {
  const text = await adapter.read(name);
  const stored = text ? parseDocument(name, text) : {};
  const data = {} as Collections<S>;
  let setAside = 0;
  for (const collection of Object.keys(keys) as (keyof S)[]) {
    const keyOf = keys[collection];
    const map = new RecordMap<S[typeof collection]>(`${name} ${String(collection)}`);
    const records = stored[collection as string];
    for (const record of Array.isArray(records) ? records : []) {
      const key = unreadableReason(record) ? undefined : keyOf(record);
      if (typeof key === 'string') map.load(key, record);
      else setAside++;
    }
    data[collection] = map;
  }
  const serialize = () => {
    const out: Record<string, unknown> = { version: 1 };
    for (const collection of Object.keys(data)) out[collection] = [...data[collection as keyof S].values()];
    return JSON.stringify(out);
  };
  if (setAside && text) {
    const found = { source: name, name: name.replace(/\.json$/, ''), extension: 'json' as const };
    await quarantine(adapter, { ...found, text, records: setAside }, onQuarantine);
    await adapter.write(name, serialize());
  }
  const writer = new GroupCommit(() => adapter.write(name, serialize()));
  return { data, commit: () => writer.commit(), idle: () => writer.idle() };
}

/** Documents are replaced whole by rename, so a damaged one is damage from outside Hitch: said so, with its name. */
function parseDocument(name: string, text: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new Error(`${name} in the data dir is not valid JSON: it was damaged outside Hitch. Restore it from a backup.`);
  }
}
