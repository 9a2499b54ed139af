import type { StorageAdapter } from './adapters/StorageAdapter.ts';

/** What start-up tells the operator about records it set aside: the file, never the content. */
export interface QuarantineNotice {
  /** The quarantine file, relative to the data dir. */
  file: string;
  /** The document the records came from. */
  source: string;
  records: number;
}

export type OnQuarantine = (notice: QuarantineNotice) => void;

/**
 * Sets aside what the store found on disk but cannot keep (an unreadable line, a record nested
 * too deep to serialise): the text as found goes to `quarantine/<name>-<time>.<extension>` in the
 * data dir (0600, like every data file: it may hold sealed secrets), so start-up goes on and
 * nothing is lost. Written before the source is rewritten without it.
 */
export async function quarantine(
  adapter: StorageAdapter,
  found: { source: string; name: string; extension: 'ndjson' | 'json'; text: string; records: number },
  onQuarantine: OnQuarantine,
): Promise<void> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = `quarantine/${found.name}-${stamp}.${found.extension}`;
  await adapter.append(file, found.text);
  await adapter.release(file);
  onQuarantine({ file, source: found.source, records: found.records });
}
