import type { z } from 'zod';
import { HitchError } from '../errors.ts';

/** Parses `value` with `schema`, or throws `validation_failed` listing each problem by path. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query' | 'params'): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = result.error.issues.map((issue) => ({
    path: issue.path.length ? issue.path.map(String).join('.') : where,
    message: issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : issue.message,
  }));
  throw new HitchError('validation_failed', `The request ${where} is not valid.`, { errors });
}
