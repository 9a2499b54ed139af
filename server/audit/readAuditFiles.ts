import { access, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditAnchorRecord } from '../store/records.ts';
import type { AuditLine } from './verifyChain.ts';

/**
 * Reads the audit log straight from a data dir, without taking its lock: reading is safe while
 * a server runs, since a segment file only grows by whole lines or is replaced whole (temp file
 * + rename). Text after the last newline is an append still in progress, or one a crash cut
 * short (the server drops it at start): it is not read.
 */
export async function* auditLines(dataDir: string): AsyncGenerator<AuditLine> {
  const folder = join(dataDir, 'audit');
  const files = (await readdir(folder).catch(() => [] as string[])).filter((name) => name.endsWith('.ndjson')).sort();
  for (const name of files) {
    const text = await readFile(join(folder, name), 'utf8').catch(() => '');
    const lines = text.slice(0, text.lastIndexOf('\n') + 1).split('\n');
    for (let i = 0; i < lines.length; i++) if (lines[i]) yield { file: join('audit', name), line: i + 1, text: lines[i] };
  }
}

/** The retention anchor kept in `state.json`, if retention ever pruned the audit log. */
export async function readAuditAnchor(dataDir: string): Promise<AuditAnchorRecord | undefined> {
  const state = JSON.parse(await readFile(join(dataDir, 'state.json'), 'utf8')) as { auditAnchor?: AuditAnchorRecord[] };
  return state.auditAnchor?.[0];
}

/** Whether `dataDir` looks like a Hitch data dir (it has a state document). */
export const isDataDir = (dataDir: string) =>
  access(join(dataDir, 'state.json')).then(
    () => true,
    () => false,
  );
