import type { AuditAnchorRecord, AuditRecord } from '../store/records.ts';
import { auditHash } from '../store/embedded/activity.ts';

/** One stored line of the audit log, with where it was read. */
export interface AuditLine {
  file: string;
  line: number;
  text: string;
}

export type ChainReport =
  | { intact: true; entries: number; head: string }
  | { intact: false; entries: number; file: string; line: number; id?: string; reason: string };

/**
 * Walks the stored entries oldest first and reports the first broken link: a line that is not
 * an entry, an entry whose hash no longer matches its content (edited), or one whose `prevHash`
 * is not the previous entry's hash (a line removed, inserted or moved). The chain starts with
 * `prevHash: ""`, or, after retention pruned the oldest entries, right after the anchor.
 */
export async function verifyChain(lines: AsyncIterable<AuditLine>, anchor?: AuditAnchorRecord): Promise<ChainReport> {
  let previous: string | undefined;
  let entries = 0;
  let pastAnchor = !anchor;
  for await (const { file, line, text } of lines) {
    const broken = (reason: string, id?: string): ChainReport => ({ intact: false, entries, file, line, id, reason });
    const entry = parseEntry(text);
    if (!entry) return broken('the line is not an audit entry');
    if (auditHash(entry, entry.prevHash) !== entry.hash) return broken('the entry was changed: its hash does not match its content', entry.id);
    if (previous !== undefined && entry.prevHash !== previous) {
      return broken('an entry before this one was removed, inserted or moved: prevHash is not the previous hash', entry.id);
    }
    if (!pastAnchor && entry.id > anchor!.lastId) {
      // The first entry after the retention cut must follow the last pruned one
      if (entry.prevHash !== anchor!.hash) return broken('entries before this one were removed: it does not follow the retention anchor', entry.id);
      pastAnchor = true;
    }
    if (previous === undefined && !anchor && entry.prevHash !== '') {
      return broken('entries before this one were removed: the first entry must start the chain', entry.id);
    }
    previous = entry.hash;
    entries++;
  }
  return { intact: true, entries, head: previous ?? anchor?.hash ?? '' };
}

function parseEntry(text: string): AuditRecord | undefined {
  try {
    const value = JSON.parse(text) as AuditRecord;
    return typeof value?.id === 'string' && typeof value.hash === 'string' && typeof value.prevHash === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
