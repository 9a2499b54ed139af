import { type FileHandle, mkdir, open, readdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PrivateTextFile, privateFileMode, privateFolderMode } from './privateTextFile.ts';
import type { StorageAdapter } from './StorageAdapter.ts';

/**
 * Documents as files under `root`. Whole documents are replaced atomically (temp file + rename);
 * appends go to a file handle kept open until `release`, so growing a log costs one write call
 * rather than an open, a write, a close and a rename. Every file is created 0600 and every
 * folder 0700 (what exists already is tightened when the store opens, see `openFileStore`).
 */
export function fileAdapter(root: string): StorageAdapter {
  const files = new Map<string, PrivateTextFile>();
  const appenders = new Map<string, Promise<FileHandle>>();
  const folders = new Set<string>();

  const pathOf = async (name: string) => {
    const path = join(root, name);
    // Neither lowdb nor an append creates the parent folder
    const folder = dirname(path);
    if (!folders.has(folder)) {
      await mkdir(folder, { recursive: true, mode: privateFolderMode });
      folders.add(folder);
    }
    return path;
  };

  const fileFor = async (name: string) => {
    let file = files.get(name);
    if (!file) {
      file = new PrivateTextFile(await pathOf(name));
      files.set(name, file);
    }
    return file;
  };

  const appenderFor = (name: string) => {
    let handle = appenders.get(name);
    if (!handle) {
      handle = pathOf(name).then((path) => open(path, 'a', privateFileMode));
      appenders.set(name, handle);
      // A failed open is not remembered: the next append tries again
      handle.catch(() => appenders.delete(name));
    }
    return handle;
  };

  // A rename puts a new file in place; a handle kept open would go on appending to the old one
  const release = async (name: string) => {
    const handle = appenders.get(name);
    if (!handle) return;
    appenders.delete(name);
    await (await handle.catch(() => undefined))?.close();
  };

  return {
    read: async (name) => (await fileFor(name)).read(),
    async write(name, text) {
      await release(name);
      await (await fileFor(name)).write(text);
    },
    append: async (name, text) => (await appenderFor(name)).appendFile(text, 'utf8'),
    release,
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
      await release(name);
      files.delete(name);
      await rm(join(root, name), { force: true });
    },
    async close() {
      await Promise.all([...appenders.keys()].map(release));
    },
  };
}
