import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { privateFileMode, privateFolderMode } from './adapters/privateTextFile.ts';

/** Thrown when another live process owns the data dir. */
export class DataDirLockedError extends Error {}

/** Data dirs this process holds: a second open in the same process is refused too. */
const held = new Set<string>();

/**
 * One process owns a data dir. The lock file holds the owner's pid; a lock left by a process
 * that no longer runs (a crash, SIGKILL) is taken over.
 */
export async function acquireLock(dataDir: string): Promise<() => Promise<void>> {
  // Only Hitch's user may look inside: state and logs are sealed, but their names and sizes are
  // not (a data dir that exists already is tightened by openFileStore)
  await mkdir(dataDir, { recursive: true, mode: privateFolderMode });
  const path = join(dataDir, 'hitch.lock');
  if (held.has(path)) throw new DataDirLockedError(`The data dir ${dataDir} is already open in this process.`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(path, `${process.pid}\n`, { flag: 'wx', mode: privateFileMode });
      held.add(path);
      return async () => {
        held.delete(path);
        await rm(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
      // A lock with our own pid was left by an earlier process that had the same pid (containers)
      if (owner && owner !== process.pid && isRunning(owner)) {
        throw new DataDirLockedError(
          `The data dir ${dataDir} is in use by another Hitch process (pid ${owner}). Stop it, or set HITCH_DATA_DIR to another folder.`,
        );
      }
      await rm(path, { force: true });
    }
  }
  throw new DataDirLockedError(`Could not lock the data dir ${dataDir}: another process keeps taking it.`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
