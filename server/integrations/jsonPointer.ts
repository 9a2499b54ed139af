import { z } from 'zod';

/** An RFC 6901 JSON pointer such as `/team_id` or `/team/id` (`~1` stands for `/`, `~0` for `~`). */
export const jsonPointer = z.string().max(200).regex(/^(\/([^~/]|~[01])*)+$/, 'must be a JSON pointer such as /team_id');

/** The value `pointer` names inside `document`, or undefined when any step is missing. */
export function readPointer(document: unknown, pointer: string): unknown {
  let value = document;
  for (const token of pointer.slice(1).split('/')) {
    const step = token.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(value) && /^(0|[1-9]\d*)$/.test(step)) value = value[Number(step)];
    else if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.hasOwn(value, step)) value = (value as Record<string, unknown>)[step];
    else return undefined;
  }
  return value;
}

/**
 * A provider's account id at `pointer`: a non-empty string or a number (GitHub's installation
 * ids are numbers), as a string of at most 200 characters; else undefined.
 */
export function readAccountId(document: unknown, pointer: string): string | undefined {
  const value = readPointer(document, pointer);
  const id = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  return typeof id === 'string' && id.length > 0 && id.length <= 200 ? id : undefined;
}
