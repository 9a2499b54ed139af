import { GroupCommit } from './groupCommit.ts';
import type { StorageAdapter } from './adapters/StorageAdapter.ts';
import { type OnQuarantine, quarantine } from './quarantine.ts';
import { serializeRecord, unreadableReason } from './storableRecord.ts';

interface Segment<T> {
  name: string;
  records: T[];
  /** Lines of records appended since the last write: the next write appends just these. */
  pending: string[];
  /** A record changed or went, or an append failed part-way: the file must be written whole. */
  rewrite: boolean;
  writer: GroupCommit;
}

export interface SegmentedLogOptions<T> {
  /** Records per segment file: bounds the cost of one write, whatever the history. */
  segmentSize: number;
  timeOf(record: T): string;
  /** Told about lines set aside at open because they cannot be read or kept. */
  onQuarantine?: OnQuarantine;
}

/**
 * High-volume activity (events, audit…) as an append-mostly log of small NDJSON segment files.
 * New records are appended to the newest segment; changing or removing one rewrites only its
 * segment, so no write's cost grows with history, and retention drops whole old segments.
 * Records are kept in id order (ids are time-ordered).
 *
 * A record is serialised before it enters memory, and refused (UnstorableRecordError) when it
 * cannot be: what memory holds can always be written, so one bad record never fails the writes
 * of others, nor the next start.
 */
export class SegmentedLog<T extends { id: string }> {
  #adapter: StorageAdapter;
  #folder: string;
  #options: SegmentedLogOptions<T>;
  #segments: Segment<T>[] = [];
  #segmentOf = new Map<string, Segment<T>>();

  private constructor(adapter: StorageAdapter, folder: string, options: SegmentedLogOptions<T>) {
    this.#adapter = adapter;
    this.#folder = folder;
    this.#options = options;
  }

  static async open<T extends { id: string }>(adapter: StorageAdapter, folder: string, options: SegmentedLogOptions<T>) {
    const log = new SegmentedLog<T>(adapter, folder, options);
    for (const file of await adapter.list(folder)) {
      const name = `${folder}/${file}`;
      const text = (await adapter.read(name)) ?? '';
      const { records, setAside } = readLines<T>(text);
      log.#addSegment(file, records);
      if (setAside.length) {
        const found = { source: name, name: `${folder}-${file.replace(/\.ndjson$/, '')}`, extension: 'ndjson' as const };
        await quarantine(adapter, { ...found, text: setAside.join(''), records: setAside.length }, options.onQuarantine ?? (() => {}));
      }
      // What was set aside leaves the segment now, so it is not found again at the next start; a
      // crash during an append can also leave the last line whole but without its newline
      if (setAside.length || (text !== '' && !text.endsWith('\n'))) await adapter.write(name, ndjson(records));
    }
    return log;
  }

  get size(): number {
    return this.#segmentOf.size;
  }

  get(id: string): T | undefined {
    return this.#segmentOf.get(id)?.records.find((record) => record.id === id);
  }

  last(): T | undefined {
    const segment = this.#segments.at(-1);
    return segment?.records.at(-1);
  }

  /** Throws UnstorableRecordError, changing nothing, for a record that cannot be serialised. */
  async append(record: T): Promise<void> {
    const line = serializeRecord(record, this.#folder);
    let segment = this.#segments.at(-1);
    if (!segment || segment.records.length >= this.#options.segmentSize) {
      const sequence = segment ? Number.parseInt(segment.name, 10) + 1 : 1;
      segment = this.#addSegment(`${String(sequence).padStart(12, '0')}.ndjson`, []);
    }
    segment.records.push(record);
    segment.pending.push(`${line}\n`);
    this.#segmentOf.set(record.id, segment);
    await segment.writer.commit();
  }

  /**
   * Replaces a record in place; returns the new record, or undefined when it is not there. A new
   * record that cannot be serialised is refused (UnstorableRecordError) and the old one stays.
   */
  async update(id: string, change: (record: T) => T): Promise<T | undefined> {
    const segment = this.#segmentOf.get(id);
    if (!segment) return undefined;
    const index = segment.records.findIndex((record) => record.id === id);
    const updated = change(segment.records[index]);
    serializeRecord(updated, this.#folder);
    segment.records[index] = updated;
    segment.rewrite = true;
    await segment.writer.commit();
    return updated;
  }

  /** Newest first, only records older than the one with id `after` when given (ids are time-ordered). */
  *newestFirst(after?: string): Generator<T> {
    for (let s = this.#segments.length - 1; s >= 0; s--) {
      const records = this.#segments[s].records;
      for (let i = records.length - 1; i >= 0; i--) if (!after || records[i].id < after) yield records[i];
    }
  }

  *oldestFirst(): Generator<T> {
    for (const segment of this.#segments) yield* segment.records;
  }

  /** Removes matching records; returns how many. */
  async removeWhere(matches: (record: T) => boolean): Promise<number> {
    let removed = 0;
    const writes: Promise<void>[] = [];
    for (const segment of [...this.#segments]) {
      const kept = segment.records.filter((record) => !matches(record));
      if (kept.length === segment.records.length) continue;
      removed += segment.records.length - kept.length;
      for (const record of segment.records) if (matches(record)) this.#segmentOf.delete(record.id);
      segment.records = kept;
      segment.rewrite = true;
      writes.push(kept.length ? segment.writer.commit() : this.#dropSegment(segment));
    }
    await Promise.all(writes);
    return removed;
  }

  /** Retention: drops records older than `before` (ISO time), whole segments at a time where possible. */
  async pruneBefore(before: string): Promise<void> {
    const { timeOf } = this.#options;
    await this.removeWhere((record) => timeOf(record) < before);
  }

  async idle(): Promise<void> {
    await Promise.all(this.#segments.map((segment) => segment.writer.idle()));
  }

  #addSegment(name: string, records: T[]): Segment<T> {
    const segment: Segment<T> = {
      name,
      records,
      pending: [],
      rewrite: false,
      writer: new GroupCommit(() => this.#writeSegment(segment)),
    };
    this.#segments.push(segment);
    for (const record of records) this.#segmentOf.set(record.id, segment);
    return segment;
  }

  async #writeSegment(segment: Segment<T>): Promise<void> {
    const file = `${this.#folder}/${segment.name}`;
    const { rewrite, pending } = segment;
    segment.rewrite = false;
    segment.pending = [];
    try {
      // Every record in memory passed serializeRecord: writing them again cannot fail on content
      if (rewrite) await this.#adapter.write(file, ndjson(segment.records));
      else if (pending.length) await this.#adapter.append(file, pending.join(''));
    } catch (error) {
      segment.rewrite = true;
      throw error;
    }
    // A full segment takes no more appends: its file need not stay open
    if (segment.records.length >= this.#options.segmentSize && !segment.pending.length) await this.#adapter.release(file);
  }

  async #dropSegment(segment: Segment<T>): Promise<void> {
    await segment.writer.idle();
    // The newest segment stays (empty) so sequence numbers keep growing
    if (segment === this.#segments.at(-1)) return segment.writer.commit();
    this.#segments = this.#segments.filter((other) => other !== segment);
    await this.#adapter.remove(`${this.#folder}/${segment.name}`);
  }
}

const ndjson = (records: readonly unknown[]) => records.map((record) => `${JSON.stringify(record)}\n`).join('');

/**
 * A segment's records, and the lines (with their newline) that cannot be kept: not valid JSON
 * (damaged, or the last one cut short by a crash), not a record with an id, or nested too deep to
 * be serialised again.
 */
function readLines<T>(text: string): { records: T[]; setAside: string[] } {
  const records: T[] = [];
  const setAside: string[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      setAside.push(`${line}\n`);
      continue;
    }
    if (unreadableReason(record) || typeof (record as { id?: unknown }).id !== 'string') setAside.push(`${line}\n`);
    else records.push(record as T);
  }
  return { records, setAside };
}
