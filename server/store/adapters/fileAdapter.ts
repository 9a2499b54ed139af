import { mkdir, readdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { TextFile } from 'lowdb/node';
import type { StorageAdapter } from './StorageAdapter.ts';

/** Documents as files under `root`, written by lowdb's TextFile (temp file + rename). */
export function fileAdapter(root: string): StorageAdapter {
  const files = new Map<string, TextFile>();
  const folders = new Set<string>();

  const fileFor = async (name: string) => {
    let file = files.get(name);
    if (!file) {
      const path = join(root, name);
      // lowdb does not create the parent folder
      const folder = dirname(path);
      if (!folders.has(folder)) {
        await mkdir(folder, { recursive: true });
        folders.add(folder);
      }
      file = new TextFile(path);
      files.set(name, file);
    }
    return file;
  };

  return {
    read: async (name) => (await fileFor(name)).read(),
    write: async (name, text) => (await fileFor(name)).write(text),
    async list(folder) {
      try {
        const entries = await readdir(join(root, folder), { withFileTypes: true });
        return entries.filter((entry) => entry.isFile() && !entry.name.startsWith('.')).map((entry) => entry.name).sort();
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
    },
    async remove(name) {
      files.delete(name);
      await rm(join(root, name), { force: true });
    },
  };
}
