import { fileAdapter } from './adapters/fileAdapter.ts';
import { tightenTree } from './adapters/privateTextFile.ts';
import { memoryAdapter } from './adapters/memoryAdapter.ts';
import { openEmbeddedStore } from './embedded/openEmbeddedStore.ts';
import { acquireLock } from './lockFile.ts';
import type { OnQuarantine } from './quarantine.ts';
import type { Store } from './Store.ts';

export type { Store } from './Store.ts';
export { DataDirLockedError } from './lockFile.ts';
export type { QuarantineNotice } from './quarantine.ts';

/**
 * The embedded default: lowdb files under `dataDir`, owned by this process alone, readable by
 * its user only (files an older Hitch wrote 0644 are tightened to 0600 first). Records found
 * on disk that cannot be kept are set aside in `quarantine/` and reported to `onQuarantine`.
 */
export async function openFileStore(dataDir: string, options: { onQuarantine?: OnQuarantine } = {}): Promise<Store> {
  const release = await acquireLock(dataDir);
  try {
    await tightenTree(dataDir);
    return await openEmbeddedStore(fileAdapter(dataDir), { release, onQuarantine: options.onQuarantine });
  } catch (error) {
    await release();
    throw error;
  }
}

/** The same store in memory, for tests that pass it in explicitly. */
export const createMemoryStore = (): Promise<Store> => openEmbeddedStore(memoryAdapter());
