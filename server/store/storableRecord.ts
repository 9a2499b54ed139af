import { jsonShapeProblem } from '../schemas/jsonValue.ts';

/**
 * How deep a stored record may nest. Far above what the API lets in (64 levels inside a record or
 * two), far below what JSON.stringify can take from any call depth (about 5,000 levels from the
 * top of the stack, measured on Node 20): a record the store holds can always be written again.
 */
export const maxRecordDepth = 512;

/** A record the store cannot keep: refused before it enters memory, so no other write is harmed. */
export class UnstorableRecordError extends Error {
  constructor(where: string, reason: string) {
    super(`A record of ${where} cannot be stored: ${reason}.`);
    this.name = 'UnstorableRecordError';
  }
}

/**
 * Why a record read back from disk (plain parsed JSON) cannot be kept, or undefined. Such a
 * value always serialises again unless it nests too deep, which is checked without recursion.
 */
export function unreadableReason(record: unknown): string | undefined {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return 'it is not an object';
  if (jsonShapeProblem(record, maxRecordDepth) === 'too_deep') return `it is nested deeper than ${maxRecordDepth} levels`;
  return undefined;
}

/**
 * `record` as one line of JSON, or an UnstorableRecordError naming `where` (never the record's
 * content): the check every record passes before the store takes it into memory.
 */
export function serializeRecord(record: unknown, where: string): string {
  const reason = unreadableReason(record);
  if (reason) throw new UnstorableRecordError(where, reason);
  try {
    return JSON.stringify(record);
  } catch (error) {
    throw new UnstorableRecordError(where, `it is not JSON (${(error as Error).name})`);
  }
}
