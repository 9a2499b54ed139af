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
  // A free-form JSON value over its size limit (schemas/jsonValue.ts) is a 413, like a body over its limit
  if (result.error.issues.some((issue) => issue.code === 'custom' && issue.params?.code === 'payload_too_large')) {
    throw new HitchError('payload_too_large', `The request ${where} holds a value that is too large.`, { errors });
  }
  throw new HitchError('validation_failed', `The request ${where} is not valid.`, { errors });
}
