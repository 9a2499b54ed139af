import { chmod, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Files Hitch writes: readable by its own user only. */
export const privateFileMode = 0o600;
/** Folders Hitch makes: only its own user may list or enter them. */
export const privateFolderMode = 0o700;

/**
 * A text file replaced atomically (temp file, then rename) like lowdb's TextFile, but the temp
 * file is created 0600, so the file is never readable by others, not even for the moment
 * between write and rename (steno creates it with the default mode, 0644 under the usual umask).
 * Writes while one is in flight are coalesced: the latest text is written next, once, and every
 * waiting caller resolves with that write. No fsync, as before: the rename makes it visible.
 */
export class PrivateTextFile {
  readonly #path: string;
  readonly #temp: string;
  #inFlight: Promise<void> | undefined;
  #queued: { text: string; written: Promise<void> } | undefined;

  constructor(path: string) {
    this.#path = path;
    this.#temp = join(dirname(path), `.${basename(path)}.tmp`);
  }

  async read(): Promise<string | null> {
    try {
      return await readFile(this.#path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  write(text: string): Promise<void> {
    if (!this.#inFlight) return this.#start(text);
    if (this.#queued) {
      this.#queued.text = text;
      return this.#queued.written;
    }
    const queued = { text, written: Promise.resolve() };
    queued.written = this.#inFlight.catch(() => {}).then(() => {
      this.#queued = undefined;
      return this.#start(queued.text);
    });
    this.#queued = queued;
    return queued.written;
  }

  #start(text: string): Promise<void> {
    const writing = this.#replace(text).finally(() => {
      if (this.#inFlight === writing) this.#inFlight = undefined;
    });
    this.#inFlight = writing;
    return writing;
  }

  async #replace(text: string): Promise<void> {
    // A temp file left by a crash may have another mode: never write through it
    await rm(this.#temp, { force: true });
    const file = await open(this.#temp, 'wx', privateFileMode);
    try {
      await file.writeFile(text, 'utf8');
    } finally {
      await file.close();
    }
    await rename(this.#temp, this.#path);
  }
}

/** chmod, except for what another user owns (a mounted volume's root): Hitch cannot change that, and what it writes there is 0600. */
async function chmodOwn(path: string, mode: number): Promise<void> {
  await chmod(path, mode).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPERM') throw error;
  });
}

/**
 * Tightens everything under `root` (itself included) to 0600 files and 0700 folders: what an
 * older Hitch wrote with the default modes, or what an operator made or copied in. Symbolic
 * links are neither followed nor changed.
 */
export async function tightenTree(root: string): Promise<void> {
  await chmodOwn(root, privateFolderMode);
  for (const entry of await readdir(root, { withFileTypes: true })) {
    const path = join(root, entry.name);
    if (entry.isDirectory()) await tightenTree(path);
    else if (entry.isFile()) await chmodOwn(path, privateFileMode);
  }
}
