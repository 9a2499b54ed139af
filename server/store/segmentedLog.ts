import { GroupCommit } from './groupCommit.ts';
import type { StorageAdapter } from './adapters/StorageAdapter.ts';

interface Segment<T> {
  name: string;
  records: T[];
  /** How many of `records` the file already holds: a write appends only the rest. */
  persisted: number;
  /** A record changed or went, or an append failed part-way: the file must be written whole. */
  rewrite: boolean;
  writer: GroupCommit;
}

export interface SegmentedLogOptions<T> {
  /** Records per segment file: bounds the cost of one write, whatever the history. */
  segmentSize: number;
  timeOf(record: T): string;
}

/**
 * High-volume activity (events, audit…) as an append-mostly log of small NDJSON segment files.
 * New records are appended to the newest segment; changing or removing one rewrites only its
 * segment, so no write's cost grows with history, and retention drops whole old segments.
 * Records are kept in id order (ids are time-ordered).
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
      const text = (await adapter.read(`${folder}/${file}`)) ?? '';
      const lines = text.split('\n').filter(Boolean);
      const records = parseLines<T>(lines, `${folder}/${file}`);
      const segment = log.#addSegment(file, records);
      segment.persisted = records.length;
      // A crash during an append can leave a line cut short (never acknowledged, so dropped) or
      // without its newline: the segment is written whole before anything is appended to it
      segment.rewrite = records.length < lines.length || (text !== '' && !text.endsWith('\n'));
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

  async append(record: T): Promise<void> {
    let segment = this.#segments.at(-1);
    if (!segment || segment.records.length >= this.#options.segmentSize) {
      const sequence = segment ? Number.parseInt(segment.name, 10) + 1 : 1;
      segment = this.#addSegment(`${String(sequence).padStart(12, '0')}.ndjson`, []);
    }
    segment.records.push(record);
    this.#segmentOf.set(record.id, segment);
    await segment.writer.commit();
  }

  /** Replaces a record in place; returns the new record, or undefined when it is not there. */
  async update(id: string, change: (record: T) => T): Promise<T | undefined> {
    const segment = this.#segmentOf.get(id);
    if (!segment) return undefined;
    const index = segment.records.findIndex((record) => record.id === id);
    const updated = change(segment.records[index]);
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
      persisted: 0,
      rewrite: false,
      writer: new GroupCommit(() => this.#writeSegment(segment)),
    };
    this.#segments.push(segment);
    for (const record of records) this.#segmentOf.set(record.id, segment);
    return segment;
  }

  async #writeSegment(segment: Segment<T>): Promise<void> {
    const file = `${this.#folder}/${segment.name}`;
    const { records, persisted } = segment;
    const count = records.length;
    try {
      if (segment.rewrite) {
        segment.rewrite = false;
        await this.#adapter.write(file, ndjson(records));
      } else if (count > persisted) {
        await this.#adapter.append(file, ndjson(records.slice(persisted, count)));
      }
    } catch (error) {
      segment.rewrite = true;
      throw error;
    }
    segment.persisted = count;
    // A full segment takes no more appends: its file need not stay open
    if (count >= this.#options.segmentSize) await this.#adapter.release(file);
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

/** Parses a segment's lines; only the last may be unreadable (cut short by a crash), and is dropped. */
function parseLines<T>(lines: string[], file: string): T[] {
  const records: T[] = [];
  for (const [index, line] of lines.entries()) {
    try {
      records.push(JSON.parse(line) as T);
    } catch {
      if (index < lines.length - 1) throw new Error(`${file}: line ${index + 1} is not valid JSON; the file is damaged`);
    }
  }
  return records;
}
