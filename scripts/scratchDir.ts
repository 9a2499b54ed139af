import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let root: string | undefined;

/**
 * A fresh temp folder for tests and benchmarks. All of one process's folders live under one
 * parent, removed when the process exits, so runs do not pile up data dirs in the temp dir.
 */
export function scratchDir(prefix: string): string {
  if (!root) {
    const parent = mkdtempSync(join(tmpdir(), 'hitch-scratch-'));
    process.once('exit', () => rmSync(parent, { recursive: true, force: true }));
    root = parent;
  }
  return mkdtempSync(join(root, `${prefix}-`));
}
