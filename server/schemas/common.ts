import { z } from 'zod';
import { jsonObject } from './jsonValue.ts';

/** ISO-8601 UTC timestamp as the API returns it. */
export const timestamp = z.iso.datetime();

/** `?limit=&cursor=` of every list. */
export const pageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(512).optional(),
});

export const listOf = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), nextCursor: z.string().nullable() });

export type PageQuery = z.infer<typeof pageQuery>;
export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

// Normalized to the stored form (UTC, milliseconds): stored times are compared as strings, and
// `…T00:00:00Z` or `…+02:00` would not sort against `…T00:00:00.000Z`
const instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString());

/** `from`/`to` filters: inclusive ISO timestamps. */
export const timeRange = {
  from: instant.optional(),
  to: instant.optional(),
};

/** A customer's `metadata`: kept in the state document every state write rewrites, so smaller than a body. */
export const maxMetadataBytes = 16 * 1024;
export const metadata = jsonObject(maxMetadataBytes);

export const problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.string(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
