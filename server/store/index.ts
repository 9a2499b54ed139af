import { fileAdapter } from './adapters/fileAdapter.ts';
import { memoryAdapter } from './adapters/memoryAdapter.ts';
import { openEmbeddedStore } from './embedded/openEmbeddedStore.ts';
import { acquireLock } from './lockFile.ts';
import type { Store } from './Store.ts';

export type { Store } from './Store.ts';
export { DataDirLockedError } from './lockFile.ts';

/** The embedded default: lowdb files under `dataDir`, owned by this process alone. */
export async function openFileStore(dataDir: string): Promise<Store> {
  const release = await acquireLock(dataDir);
  try {
    return await openEmbeddedStore(fileAdapter(dataDir), release);
  } catch (error) {
    await release();
    throw error;
  }
}

/** The same store in memory, for tests that pass it in explicitly. */
export const createMemoryStore = (): Promise<Store> => openEmbeddedStore(memoryAdapter());
