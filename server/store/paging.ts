import { HitchError } from '../errors.ts';
import type { Page } from '../schemas/common.ts';

/**
 * Takes one page from items already in list order (newest first). `cursorOf` names an item's
 * position; the next page starts after the last item returned.
 */
export function takePage<T>(items: Iterable<T>, limit: number, cursorOf: (item: T) => string): Page<T> {
  const data: T[] = [];
  for (const item of items) {
    if (data.length === limit) return { data, nextCursor: encodeCursor(cursorOf(data[data.length - 1])) };
    data.push(item);
  }
  return { data, nextCursor: null };
}

export const encodeCursor = (position: string) => Buffer.from(position, 'utf8').toString('base64url');

export function decodeCursor(cursor: string): string {
  const position = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!position || encodeCursor(position) !== cursor) {
    throw new HitchError('validation_failed', 'The cursor is not valid.', {
      errors: [{ path: 'cursor', message: 'must be a nextCursor returned by this list' }],
    });
  }
  return position;
}

/** Newest first by (createdAt, id), for small collections kept in Maps. */
export function newestFirstByCreation<T extends { id: string; createdAt: string }>(items: Iterable<T>, cursor?: string): T[] {
  const sorted = [...items].sort((a, b) => compare(b.createdAt, a.createdAt) || compare(b.id, a.id));
  if (!cursor) return sorted;
  const [createdAt, id] = splitPosition(decodeCursor(cursor));
  return sorted.filter((item) => item.createdAt < createdAt || (item.createdAt === createdAt && item.id < id));
}

export const creationPosition = (item: { id: string; createdAt: string }) => `${item.createdAt}|${item.id}`;

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function splitPosition(position: string): [string, string] {
  const bar = position.indexOf('|');
  if (bar < 0) throw new HitchError('validation_failed', 'The cursor is not valid.');
  return [position.slice(0, bar), position.slice(bar + 1)];
}
