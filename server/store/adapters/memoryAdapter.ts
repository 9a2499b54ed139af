import type { StorageAdapter } from './StorageAdapter.ts';

/** Documents in a Map: the same store code, no disk. For tests. */
export function memoryAdapter(): StorageAdapter {
  const documents = new Map<string, string>();
  return {
    read: async (name) => documents.get(name) ?? null,
    write: async (name, text) => void documents.set(name, text),
    append: async (name, text) => void documents.set(name, (documents.get(name) ?? '') + text),
    release: async () => {},
    list: async (folder) =>
      [...documents.keys()]
        .filter((name) => name.startsWith(`${folder}/`) && !name.slice(folder.length + 1).includes('/'))
        .map((name) => name.slice(folder.length + 1))
        .sort(),
    remove: async (name) => void documents.delete(name),
    close: async () => {},
  };
}
