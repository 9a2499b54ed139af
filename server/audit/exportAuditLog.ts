import type { Response } from 'express';
import type { AuditRecord } from '../store/records.ts';
import { csvRow } from './csv.ts';

/** The download columns: the five an auditor reads first, then the rest. */
export const auditColumns = [
  ['Timestamp', 'timestamp'],
  ['User', 'user'],
  ['Action', 'action'],
  ['Resource', 'resource'],
  ['Outcome', 'outcome'],
  ['Customer ID', 'customerId'],
  ['IP', 'ip'],
  ['Detail', 'detail'],
  ['ID', 'id'],
  ['Previous hash', 'prevHash'],
  ['Hash', 'hash'],
] as const satisfies readonly (readonly [string, keyof AuditRecord])[];

export type DownloadFormat = 'csv' | 'ndjson';

const formats = {
  csv: {
    contentType: 'text/csv; charset=utf-8',
    header: csvRow(auditColumns.map(([title]) => title)),
    line: (entry: AuditRecord) => csvRow(auditColumns.map(([, key]) => entry[key])),
  },
  ndjson: {
    contentType: 'application/x-ndjson; charset=utf-8',
    header: '',
    // Keys in column order; JSON drops the optional ones an entry does not have
    line: (entry: AuditRecord) => `${JSON.stringify(Object.fromEntries(auditColumns.map(([, key]) => [key, entry[key]])))}\n`,
  },
};

const chunkSize = 64 * 1024;

/**
 * Streams entries as a download, written as they are read: memory stays flat whatever the log's
 * size, the socket's backpressure is respected, and a long export yields to other requests.
 */
export async function streamAuditLog(res: Response, entries: AsyncIterable<AuditRecord>, format: DownloadFormat, now: number) {
  const { contentType, header, line } = formats[format];
  const stamp = new Date(now).toISOString().replace(/[-:]/g, '').slice(0, 15); // 20300115T100000
  res.status(200);
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Disposition', `attachment; filename="audit-log-${stamp}Z.${format}"`);
  let chunk = header;
  let chunks = 0;
  for await (const entry of entries) {
    chunk += line(entry);
    if (chunk.length < chunkSize) continue;
    if (!(await write(res, chunk))) return;
    chunk = '';
    if (++chunks % 16 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  res.end(chunk);
}

/** Writes a chunk, waiting for the socket to drain; false when the client went away. */
async function write(res: Response, chunk: string): Promise<boolean> {
  if (res.destroyed) return false;
  if (res.write(chunk)) return true;
  await new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done).off('close', done);
      resolve();
    };
    res.on('drain', done).on('close', done);
  });
  return !res.destroyed;
}
